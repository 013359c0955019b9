import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { DailyActivity, KEEP_DAYS } from '../../tickets/reports/dailyActivity';
import { durations } from '../../tickets/reports/dashboard';
import { FileStorage } from '../../storage/fileStorage';
import { readAll } from '../../storage/storage';
import { tempDir } from '../tempDir';
import { log } from '../../observability/log';

const DAY_MS = 86_400_000;
const TODAY = new Date('2026-12-01T10:00:00Z');

describe('daily activity counts (the dashboard)', () => {
  const stored = (storage: FileStorage) => readAll<Record<string, unknown>>(storage, 'activity');
  let storage: FileStorage;
  beforeEach(() => {
    storage = new FileStorage(tempDir('activity'));
  });
  afterEach(() => sinon.restore());

  it('writes nothing on a count, then one record per day on a flush', async () => {
    const write = sinon.spy(storage, 'write');
    const create = sinon.spy(storage, 'create');
    const activity = new DailyActivity(storage, () => TODAY);
    for (let i = 0; i < 1000; i++) activity.count(i % 10 ? 'answer' : 'none');
    activity.count('escalated');
    assert.equal(write.callCount + create.callCount, 0);

    await activity.flush();
    assert.deepEqual(await stored(storage), [{ day: '2026-12-01', answer: 900, clarify: 0, none: 100, unknownCode: 0, escalated: 1 }]);
    assert.equal(write.callCount + create.callCount, 1);
    await activity.flush();
    assert.equal(write.callCount + create.callCount, 1, 'nothing new, nothing written');
  });

  it('adds the counts of instances sharing the storage, none lost when they write at once', async () => {
    const instances = [1, 2, 3].map(() => new DailyActivity(storage, () => TODAY));
    for (const [i, activity] of instances.entries()) for (let n = 0; n <= i; n++) activity.count('clarify');
    await Promise.all(instances.map((a) => a.flush()));
    for (const activity of instances) activity.count('answer');
    await Promise.all(instances.map((a) => a.flush()));
    const [day] = await stored(storage);
    assert.equal(day.clarify, 6);
    assert.equal(day.answer, 3);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    const activity = new DailyActivity(storage, () => TODAY);
    activity.count('unknownCode');
    sinon.stub(storage, 'create').onFirstCall().rejects(new Error('disk full')).callThrough();
    sinon.stub(log, 'warn');
    await activity.flush();
    assert.deepEqual(await stored(storage), []);
    activity.count('unknownCode');
    await activity.stop();
    assert.equal((await stored(storage))[0].unknownCode, 2);
  });

  it('keeps the last 90 days, and gives every day from the first one stored to today', async () => {
    let now = new Date(TODAY.getTime() - 120 * DAY_MS);
    const activity = new DailyActivity(storage, () => now);
    for (const back of [120, 100, 89, 40, 2]) {
      now = new Date(TODAY.getTime() - back * DAY_MS);
      activity.count('answer');
      await activity.flush();
    }
    now = TODAY;
    // A record edited by hand: what is not a count is left out.
    await storage.write({ 'activity/2026-11-30': { day: '2026-11-30', answer: 'many', none: -1, clarify: 2 } });

    const days = await activity.days();
    assert.equal(days.length, 90);
    assert.equal(days[0].day, '2026-09-03');
    assert.equal(days.at(-1)!.day, '2026-12-01');
    assert.deepEqual(days.filter((d) => d.answer).map((d) => d.day), ['2026-09-03', '2026-10-22', '2026-11-29']);
    assert.deepEqual(days.find((d) => d.day === '2026-11-30'), { day: '2026-11-30', answer: 0, clarify: 2, none: 0, unknownCode: 0, escalated: 0 });
    const kept = (await stored(storage)).map((d) => d.day).sort();
    assert.deepEqual(kept, ['2026-09-03', '2026-10-22', '2026-11-29', '2026-11-30'], `days older than ${KEEP_DAYS} deleted`);
  });

  it('gives nothing before the first question', async () => {
    assert.deepEqual(await new DailyActivity(storage, () => TODAY).days(), []);
  });
});

describe('ticket durations (the dashboard)', () => {
  it('gives the median and 90th percentile by nearest rank, and a histogram', () => {
    const minutes = [3, 50, 7, 200, 20, 10, 1500, 30, 5, 6000];
    assert.deepEqual(durations(minutes), { count: 10, medianMinutes: 20, p90Minutes: 1500, histogram: [4, 3, 1, 0, 1, 1] });
  });

  it('counts a negative duration (clocks apart) as zero, and gives null without tickets', () => {
    assert.deepEqual(durations([-2]), { count: 1, medianMinutes: 0, p90Minutes: 0, histogram: [1, 0, 0, 0, 0, 0] });
    assert.deepEqual(durations([]), { count: 0, medianMinutes: null, p90Minutes: null, histogram: [0, 0, 0, 0, 0, 0] });
  });
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { logRecords, processSuite, startBotProcess, stopBotProcess } from '../botProcess';
import { postToBot, userActivity } from '../stubConnector';
import { spawnSync } from 'node:child_process';
import { eventually, freePort, REPO_ROOT } from '../helpers';

describe('the log of a running bot', function () {
  this.timeout(30_000);
  const suite = processSuite('logs');

  it('is JSON lines with levels; a turn logs one line with its conversation id, activity id and decision, not the question', async () => {
    const bot = await startBotProcess(suite.dir, { LOG_LEVEL: '', ALLOWED_SERVICE_URLS: suite.connector.url });
    try {
      const activity = userActivity(suite.connector.url, 'conv-logs', { id: 'user-logs' }, { text: 'what is MIS_3 on my laptop named zebrafinch' });
      assert.equal(await postToBot(bot.url, activity), 200);
      const turn = await eventually(() => logRecords(bot.stdout()).find((r) => r.msg === 'turn'), 'the turn\'s log line');
      assert.equal(turn.level, 'info');
      assert.equal(turn.conversationId, 'conv-logs');
      assert.equal(turn.activityId, activity.id);
      assert.equal(turn.decision, 'answer');
      assert.equal(typeof turn.ms, 'number');
      assert.ok(!Number.isNaN(Date.parse(turn.time)), 'an ISO time');
      const started = logRecords(bot.stdout()).find((r) => /listening on/.test(r.msg));
      assert.equal(started?.level, 'info');
      assert.ok(!bot.stdout().includes('zebrafinch'), 'the user\'s words stay out of the log');
    } finally {
      await stopBotProcess(bot.child);
    }
  });

  it('LOG_LEVEL=warn leaves turns out; an unknown LOG_LEVEL is said, and the bot runs at info', async () => {
    const quiet = await startBotProcess(suite.dir, { LOG_LEVEL: 'warn', PORT: String(await freePort()), ALLOWED_SERVICE_URLS: suite.connector.url });
    try {
      assert.equal(await postToBot(quiet.url, userActivity(suite.connector.url, 'conv-quiet', { id: 'u' }, { text: 'what is MIS_3' })), 200);
      assert.deepEqual(logRecords(quiet.stdout()).filter((r) => r.level === 'info'), []);
    } finally {
      await stopBotProcess(quiet.child);
    }
    const wrong = await startBotProcess(suite.dir, { LOG_LEVEL: 'loud' });
    try {
      const records = logRecords(wrong.stdout());
      assert.match(records.find((r) => r.level === 'warn')?.msg ?? '', /LOG_LEVEL "loud" is not one of .*info/);
      assert.ok(records.some((r) => r.level === 'info' && /listening on/.test(r.msg)));
    } finally {
      await stopBotProcess(wrong.child);
    }
  });

  it('logs an error by its type, message, stack and status only: not the request an HTTP client hung on it', () => {
    const script = `const { log } = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'observability', 'log.js'))});
      const error = Object.assign(new Error('refused'), { statusCode: 401, config: { headers: { Authorization: 'Bearer s3cr3t' } } });
      log.error({ err: error }, 'the call failed');`;
    const [record] = logRecords(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout);
    assert.equal(record.level, 'error');
    assert.deepEqual([record.err.type, record.err.message, record.err.statusCode], ['Error', 'refused', 401]);
    assert.ok(!JSON.stringify(record).includes('s3cr3t'));
  });
});

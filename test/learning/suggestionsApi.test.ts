import * as assert from 'node:assert/strict';
import type { RunningApp } from '../../server/app';
import { submitData, textOf } from '../directLineClient';
import { ask, resolveWithRightEntry, startWithPrinters, suggestionsApi } from './learningFromUse';
import { firstQuestions } from './printerKnowledge';

describe('learning from use: what is suggested, through the bot', function () {
  this.timeout(60_000);
  let app: RunningApp;
  before(async () => {
    app = await startWithPrinters();
  });
  after(() => app?.close());

  const listed = async () => (await suggestionsApi(app)).json.suggestions.map((s: { question: string; entryId: string; users: number; times: number }) => s);

  it('takes a pick back when the user escalates the question afterwards', async () => {
    const [asked] = firstQuestions(1);
    const turn = await ask(app, asked, 'escalating');
    assert.ok(await resolveWithRightEntry(asked, turn));
    assert.deepEqual((await listed()).map((s: any) => [s.question, s.entryId]), [[asked.question, asked.entryId]]);

    const answer = await turn.user.fromBot((a) => a.id !== turn.card.id && a.attachments?.length && /feedback/.test(textOf(a)), 'the picked answer');
    await turn.user.submit({ ...submitData(answer, 'escalate'), comment: 'still jammed' });
    await turn.user.fromBot((a) => /Sent to the help desk/.test(textOf(a)), 'the escalation confirmed');
    assert.deepEqual(await listed(), [], 'the question the help desk had to take is no phrasing');
  });

  it('counts the same question from several users as one suggestion, and keeps none holding personal data', async () => {
    const [asked] = firstQuestions(1);
    for (const prefix of ['ann', 'bob']) assert.ok(await resolveWithRightEntry(asked, await ask(app, asked, prefix)));
    const withEmail = { ...asked, question: `${asked.question} mail me at bob@contoso.com` };
    assert.ok(await resolveWithRightEntry(withEmail, await ask(app, withEmail, 'carol')));
    assert.deepEqual((await listed()).map((s: any) => [s.question, s.users, s.times]), [[asked.question, 2, 2]]);
  });

  it('refuses a decision that is not lists of ids, and decides nothing it does not know', async () => {
    assert.equal((await suggestionsApi(app, { accept: 'all' })).status, 400);
    assert.equal((await suggestionsApi(app, [1, 2])).status, 400);
    const unknown = await suggestionsApi(app, { accept: ['not-an-id'], reject: [`${'a'.repeat(32)}.${'b'.repeat(16)}`] });
    assert.deepEqual(unknown, { status: 200, json: { accepted: [], rejected: [], withdrawn: [] } });
  });
});

describe('learning from use: suggestions behind the reports token', function () {
  this.timeout(30_000);
  const TOKEN = 'suggestions-test-token-5c1d';
  let app: RunningApp;
  before(async () => {
    app = await startWithPrinters(TOKEN);
  });
  after(() => app?.close());

  it('lists and decides only with the token the dashboard needs', async () => {
    assert.equal((await suggestionsApi(app)).status, 401);
    assert.equal((await suggestionsApi(app, { accept: [] }, 'wrong')).status, 401);
    assert.deepEqual(await suggestionsApi(app, undefined, TOKEN), { status: 200, json: { suggestions: [], full: false, max: 500, accepted: [] } });
    assert.equal((await suggestionsApi(app, { accept: [] }, TOKEN)).status, 200);
  });
});

import * as assert from 'node:assert/strict';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { DirectLineUser, submitData, textOf } from '../directLineClient';
import { escalationConfig } from '../ticketHelpers';
import { tempDir } from '../tempDir';

const ATTACKER = /attacker\.example/;

/**
 * Card action data comes back from the client, where anyone can rewrite it: the bot
 * checks it against its knowledge and what it sent, and shows it only as plain text.
 */
describe('security: forged card actions and names', function () {
  this.timeout(20_000);
  let app: RunningApp;
  let user: DirectLineUser;

  before(async () => {
    app = await startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir('forged'), escalation: escalationConfig() });
    user = await DirectLineUser.open(app.url, { id: 'mallory', name: 'Mallory' });
  });
  after(() => app?.close());

  async function answerCard(question: string) {
    const asked = await user.say(question);
    return user.fromBot((a) => a.replyToId === asked && a.attachments?.length, `the card for "${question}"`);
  }

  it('feedback for an entry that does not exist is refused, and never reaches the gap report', async () => {
    const data = submitData(await answerCard('what is MIS_3'), 'feedback');
    for (const entryId of ['__proto__', 'constructor', 'no-such-entry']) {
      const sent = await user.submit({ ...data, entryId, helpful: false });
      await user.fromBot((a) => a.replyToId === sent && /no longer in the knowledge base/.test(a.text ?? ''), `the refusal for ${entryId}`);
    }
    const report = await app.escalations.report();
    assert.deepEqual(report.entries, []);
    assert.equal(report.totals.notHelpful, 0);
  });

  it('a picked code the entry does not have is not shown; markdown in it never renders', async () => {
    const clarify = await answerCard('error 3');
    const pick = submitData(clarify, 'pick');
    const sent = await user.submit({ ...pick, code: '[Click to fix](https://attacker.example/login)' });
    const card = await user.fromBot((a) => a.replyToId === sent && a.attachments?.length, 'the picked answer');
    assert.doesNotMatch(textOf(card), ATTACKER);
    const entry = app.helpDesk().matcher.entryById(String(pick.entryId))!;
    assert.ok(textOf(card).includes(JSON.stringify(entry.title).slice(1, -1)), 'the answer for the entry picked');
  });

  it('an escalation with a forged decision files the ticket as "none"', async () => {
    const escalate = submitData(await answerCard('what is MIS_3'), 'escalate');
    await user.submit({ ...escalate, decision: '**Approved** [reset your password](https://attacker.example)', cardId: 'forged-card' });
    const tickets = await app.escalations.tickets.all();
    const ticket = tickets.find((t) => t.user.id === 'mallory');
    assert.ok(ticket, 'the ticket is filed');
    assert.equal(ticket.answer.decision, 'none');
  });

  it('ticket ids that are not ours are no action at all', async () => {
    const before = (await app.escalations.tickets.all()).length;
    const sent = await user.submit({ action: 'rate-ticket', ticketId: '../../../etc/passwd', helped: true });
    const reply = await user.fromBot((a) => a.replyToId === sent, 'the reply');
    assert.doesNotMatch(textOf(reply), /passwd|told the help desk/);
    assert.equal((await app.escalations.tickets.all()).length, before);
  });

  it('a help desk agent whose display name is a markdown link reaches the user as plain text', async () => {
    const desk = await DirectLineUser.open(app.url, { id: 'agent-x', name: '[Ann](https://attacker.example/phish)' });
    await desk.say('register escalations here');
    await desk.fromBot((a) => /Escalations will be posted here/.test(a.text ?? ''), 'the registration');
    const asker = await DirectLineUser.open(app.url, { id: 'bob', name: 'Bob' });
    const asked = await asker.say('what is MIS_3');
    const answer = await asker.fromBot((a) => a.replyToId === asked && a.attachments?.length, 'the answer');
    await asker.submit(submitData(answer, 'escalate'));
    const posted = await desk.fromBot((a) => /Ticket HD-/.test(textOf(a)) && textOf(a).includes('Bob'), "Bob's ticket card");
    await desk.submit(submitData(posted, 'take'));
    const told = await asker.fromBot((a) => /took your ticket/.test(a.text ?? ''), 'the user told who took it');
    assert.equal(told.textFormat, 'plain', 'shown as typed, not as a link');
  });
});

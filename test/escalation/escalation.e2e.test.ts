import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { NOT_HELP_DESK } from '../../escalation/helpDeskAgents';
import type { EscalationConfig } from '../../tickets/config';
import { escalate, helpDeskAndUser, submitData, textOf } from '../directLineClient';
import { eventually } from '../helpers';
import { escalationConfig } from '../ticketHelpers';
import { tempDir } from '../tempDir';
import { postToBot, userActivity } from '../stubConnector';

function start(dataDir: string, escalation: Partial<EscalationConfig> = {}): Promise<RunningApp> {
  return startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir, escalation: escalationConfig(escalation) });
}

describe('escalation to the help desk, through the real adapter and the local Direct Line', function () {
  this.timeout(20_000);
  let app: RunningApp;

  before(async () => {
    app = await start(tempDir('e2e'));
  });
  after(() => app?.close());

  it('escalate, ticket card in the help desk, take, resolve, user told, rating recorded', async () => {
    const { desk, user } = await helpDeskAndUser(app);
    const { ticketId } = await escalate(user, 'iissync returned 1726', 'Restarted both nodes');

    const posted = await desk.fromBot((a) => textOf(a).includes(`Ticket ${ticketId}`), 'the ticket card in the help desk');
    const card = textOf(posted);
    for (const shown of ['iissync returned 1726', 'Restarted both nodes', 'Bob', 'Conversation (2 messages)', 'Take', 'Resolve']) {
      assert.ok(card.includes(shown), `the ticket card shows ${shown}`);
    }

    await desk.submit(submitData(posted, 'take'));
    await desk.fromBot((a) => a.id === posted.id && textOf(a).includes('Taken by'), 'the ticket card updated in place: taken');
    await user.fromBot((a) => a.text === `Ann from the help desk took your ticket ${ticketId} and will get back to you here.`, 'the user told who took it');

    const taken = (await desk.activities()).find((a) => a.id === posted.id);
    await desk.submit({ ...submitData(taken, 'resolve'), resolution: 'Restarted the COM+ service on both nodes' });
    await desk.fromBot((a) => a.id === posted.id && textOf(a).includes('Resolved by'), 'the ticket card updated in place: resolved');
    const resolved = await user.fromBot((a) => textOf(a).includes(`Your ticket ${ticketId} is resolved`), 'the user told it is resolved');
    assert.ok(textOf(resolved).includes('Did this help?'));

    await user.submit(submitData(resolved, 'rate-ticket'));
    await user.fromBot((a) => /told the help desk it helped/.test(a.text ?? ''), 'the thanks for the rating');
    await desk.fromBot((a) => a.id === posted.id && textOf(a).includes('the resolution helped'), 'the rating on the help desk card');

    const ticket = (await app.escalations.tickets.get(ticketId))!;
    assert.equal(ticket.status, 'resolved');
    assert.equal(ticket.assignedTo?.name, 'Ann');
    assert.equal(ticket.resolvedBy?.name, 'Ann');
    assert.equal(ticket.userFeedback?.helped, true);
    assert.equal(ticket.user.name, 'Bob');
    assert.equal(ticket.conversation.conversation?.id, user.conversationId);
    assert.deepEqual(ticket.transcript.map((t) => t.from.role), ['user', 'bot']);
    assert.equal(ticket.answer.decision, 'answer');
    assert.ok(ticket.answer.entries.length > 0);
    // Posted once: every change updated the same card.
    assert.equal((await desk.activities()).filter((a) => textOf(a).includes(`Ticket ${ticketId}`)).length, 1);
  });

  it('makes one ticket of two clicks on the same card', async () => {
    const { user } = await helpDeskAndUser(app, 'user-twice');
    const { ticketId, data } = await escalate(user, 'what is MIS_3', 'first click');
    await user.submit({ ...data, comment: 'second click' });
    const tickets = (await app.escalations.tickets.all()).filter((t) => t.user.id === 'user-twice');
    assert.deepEqual(tickets.map((t) => t.id), [ticketId]);
    assert.equal(tickets[0].comment, 'first click');
  });

  it('refuses Take and Resolve from outside a registered help desk conversation', async () => {
    const { user } = await helpDeskAndUser(app, 'user-sneaky');
    const { ticketId } = await escalate(user, 'what is MIS_5', '');
    for (const action of ['take', 'resolve']) {
      const sent = await user.submit({ action, ticketId });
      await user.fromBot((a) => a.replyToId === sent && a.text === NOT_HELP_DESK, `the refusal of ${action}`);
    }
    assert.equal((await app.escalations.tickets.get(ticketId))?.status, 'open');
  });

  it('lets exactly one of two agents taking a ticket at the same moment win', async () => {
    const { desk, user } = await helpDeskAndUser(app, 'user-contested');
    const { ticketId } = await escalate(user, 'what is MIS_7', '');
    await desk.fromBot((a) => textOf(a).includes(`Ticket ${ticketId}`), 'the ticket card');
    // Straight to the bot endpoint, both at once: the local Direct Line would hand them over one after the other.
    const agents = ['agent-cy', 'agent-di'];
    const clicks = agents.map((id) => userActivity(app.url, desk.conversationId, { id }, { id: `take-${id}`, value: { action: 'take', ticketId } }));
    const statuses = await Promise.all(clicks.map((click) => postToBot(app.url, click)));
    assert.deepEqual(statuses, [200, 200]);
    const ticket = (await app.escalations.tickets.get(ticketId))!;
    const winner = ticket.assignedTo!.id;
    const loser = agents.find((id) => id !== winner)!;
    assert.ok(agents.includes(winner));
    await desk.fromBot((a) => a.replyToId === `take-${loser}` && a.text === `${ticketId} is already taken by ${winner}.`, 'the loser told who has it');
    const toWinner = (await desk.activities()).filter((a) => a.replyToId === `take-${winner}` && !textOf(a).includes(`Ticket ${ticketId}`));
    assert.deepEqual(toWinner, [], 'the winner sees the card change, no message');
  });

  it('records feedback and unanswered questions in the KB gap report', async () => {
    const { user } = await helpDeskAndUser(app, 'user-feedback');
    const asked = await user.say('what is MIS_3');
    const answer = await user.fromBot((a) => a.replyToId === asked && a.attachments?.length, 'the answer card');
    const notHelpful = await user.submit({ ...submitData(answer, 'feedback'), helpful: false });
    await user.fromBot((a) => a.replyToId === notHelpful && /Thanks for telling me/.test(a.text ?? ''), 'the thanks');
    for (const question of ['How do I order a new laptop?', 'how do i order a NEW laptop', 'the coffee machine is broken']) await user.say(question);
    for (const question of ['what is MIS_31', 'my phone says mis 31']) {
      const id = await user.say(question);
      const reply = await user.fromBot((a) => a.replyToId === id && a.attachments?.length, 'the unknown code card');
      assert.equal(reply.attachments[0].content.body[0].text, question.includes('mis 31') ? 'mis 31 is not in the knowledge base' : 'MIS_31 is not in the knowledge base');
    }

    const response = await fetch(`${app.url}/api/reports`);
    assert.equal(response.status, 200);
    const report = (await response.json()) as any;
    assert.deepEqual(report.unanswered[0], { question: 'How do I order a new laptop?', count: 2, lastAsked: report.unanswered[0].lastAsked });
    assert.ok(report.unanswered.some((q: any) => q.question === 'the coffee machine is broken' && q.count === 1));
    assert.equal(report.unknownCodes.find((c: any) => c.code === 'MIS_31')?.count, 2, 'one code, asked twice in two forms');
    const entryId = submitData(answer, 'feedback').entryId;
    const entry = report.entries.find((e: any) => e.id === entryId);
    assert.equal(entry.notHelpful, 1);
    assert.ok(entry.escalated >= 1, 'escalated from in the tests above');
    assert.ok(entry.title);
    assert.ok(report.totals.tickets.resolved >= 1);
  });
});

describe('escalation webhook: a durable outbox', function () {
  this.timeout(20_000);

  it('delivers a ticket to a receiver that was down, after the bot restarted, signed', async () => {
    // A port for the receiver, free and not listening yet: the receiver is "down".
    const probe = http.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    const dataDir = tempDir('webhook');
    const webhook = { webhookUrl: `http://127.0.0.1:${port}/tickets`, webhookSecret: 'test-secret' };
    const first = await start(dataDir, webhook);
    let ticketId: string;
    try {
      const { user } = await helpDeskAndUser(first, 'user-webhook');
      ({ ticketId } = await escalate(user, 'iissync returned 1726', 'please call me'));
      await eventually(async () => ((await first.escalations.tickets.get(ticketId))?.delivery.postings.length ?? 0) > 0, 'the help desk card');
      assert.equal((await first.escalations.tickets.get(ticketId))?.delivery.webhookRevision, undefined, 'not delivered: the receiver is down');
    } finally {
      await first.close();
    }

    const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    const second = await start(dataDir, webhook);
    try {
      const delivery = await eventually(() => received.find((r) => r.body.includes(ticketId)), 'the webhook delivery after the restart');
      const payload = JSON.parse(delivery.body);
      assert.equal(payload.event, 'ticket.created');
      assert.equal(payload.ticket.id, ticketId);
      assert.equal(payload.ticket.status, 'open');
      assert.equal(payload.ticket.question, 'iissync returned 1726');
      assert.equal(payload.ticket.comment, 'please call me');
      assert.equal(payload.ticket.user.name, 'Bob');
      assert.equal(payload.ticket.answer.decision, 'answer');
      assert.equal(payload.ticket.transcript[0].role, 'user');
      assert.equal(payload.ticket.key, undefined, 'no internals');
      assert.equal(payload.ticket.conversation, undefined, 'no internals');
      assert.equal(delivery.headers['idempotency-key'], `${ticketId}.1`);
      assert.equal(delivery.headers['x-helpdesk-signature'], `sha256=${createHmac('sha256', 'test-secret').update(delivery.body).digest('hex')}`);
      await eventually(async () => (await second.escalations.tickets.get(ticketId))?.delivery.webhookRevision === 1, 'the delivery recorded');
    } finally {
      await second.close();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('GET /api/reports and /api/dashboard: who may read them', () => {
  it('asks for REPORTS_TOKEN when set, and is closed without one on a bot with an app id', async () => {
    const withToken = await start(tempDir('reports'), { reportsToken: 'let-me-in' });
    const withAppId = await startApp({ ...readConfig(), port: 0, microsoftAppId: '00000000-0000-0000-0000-000000000001', microsoftAppPassword: 'x', microsoftAppTenantId: '00000000-0000-0000-0000-0000000000aa', dataDir: tempDir('reports'), escalation: escalationConfig() });
    try {
      for (const route of ['/api/reports', '/api/dashboard']) {
        const get = (app: RunningApp, token?: string) => fetch(`${app.url}${route}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }).then((r) => r.status);
        assert.equal(await get(withToken), 401, route);
        assert.equal(await get(withToken, 'wrong'), 401, route);
        assert.equal(await get(withToken, 'let-me-in'), 200, route);
        assert.equal(await get(withAppId), 403, route);
      }
    } finally {
      await withToken.close();
      await withAppId.close();
    }
  });
});

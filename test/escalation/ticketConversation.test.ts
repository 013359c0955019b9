import * as assert from 'node:assert/strict';
import { eventually } from '../helpers';
import { ConnectorCall, userActivity } from '../stubConnector';
import { appForSuite, executeData, postTeams } from '../teamsApp';
import { escalationConfig } from '../ticketHelpers';

const CHANNEL = '19:helpdesk@thread.tacv2';
const BOB_CHAT = 'a:bob-personal';
const ANN = { id: '29:ann', name: 'Ann' };
const BOB = { id: '29:bob', name: 'Bob' };

describe('Teams: a help desk that talks back, through the real adapter', function () {
  this.timeout(30_000);
  const suite = appForSuite('talks-back', { escalation: escalationConfig() });


  const post = async (conversation: { id: string; conversationType: string }, from: { id: string; name: string }, fields: Record<string, unknown>) => {
    await postTeams(suite, conversation, from, fields);
  };
  const inChannel = (thread?: string) => ({ id: thread ? `${CHANNEL};messageid=${thread}` : CHANNEL, conversationType: 'channel' });
  const bobChat = { id: BOB_CHAT, conversationType: 'personal' };
  const sentTo = (conversationId: string, test: (call: ConnectorCall) => boolean, what: string) =>
    eventually(() => suite.connector.calls.find((call) => call.conversationId === conversationId && call.method === 'POST' && test(call)), what, 10_000);
  const text = (call: ConnectorCall) => call.activity?.text ?? '';

  /** Bob asks, escalates from the card, and the ticket card reaches the help desk channel. */
  async function escalated(question: string, shows: string): Promise<{ card: ConnectorCall; ticketId: string }> {
    await post(inChannel('100'), ANN, { text: '<at>Help Desk</at> register escalations here' });
    const before = suite.connector.calls.length;
    await post(bobChat, BOB, { text: question });
    const answer = await sentTo(BOB_CHAT, (call) => suite.connector.calls.indexOf(call) >= before && JSON.stringify(call.activity?.attachments ?? []).includes(shows), 'the answer card');
    await post(bobChat, BOB, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'escalate', data: { ...executeData(answer, 'escalate'), comment: 'Restarted both nodes' } } } });
    const card = await sentTo(CHANNEL, (call) => suite.connector.calls.indexOf(call) >= before && JSON.stringify(call.activity?.attachments ?? []).includes('Ticket HD-'), 'the ticket card in the channel');
    const ticketId = /HD-[2-9A-HJ-NP-Z]{8}/.exec(JSON.stringify(card.activity.attachments))![0];
    // The bot records where it posted the card a moment after Teams shows it.
    await eventually(async () => (await suite.app.escalations.tickets.get(ticketId))?.delivery.postings.length, 'the posting recorded');
    return { card, ticketId };
  }

  it('the agent replies in the ticket thread, the user answers in their chat, both reach the other side and the ticket', async () => {
    const { card, ticketId } = await escalated('iissync returned 1726', '1726');

    // Ann answers under the card, @mentioning the bot, as Teams delivers channel replies.
    await post(inChannel(card.id), ANN, { text: '<at>Help Desk</at> Is the COM+ service running on the target node?' });
    await sentTo(`${CHANNEL};messageid=${card.id}`, (call) => text(call) === `Sent to Bob (${ticketId}).`, 'the confirmation in the thread');
    await sentTo(BOB_CHAT, (call) => text(call) === `Ann (help desk, ${ticketId}): Is the COM+ service running on the target node?`, "Ann's message in Bob's chat");

    // Bob's next message is for Ann, not for the matcher.
    const before = suite.connector.calls.length;
    await post(bobChat, BOB, { text: 'No, it was stopped. Error 1726 again after starting it.' });
    await sentTo(BOB_CHAT, (call) => text(call).startsWith(`Sent to Ann at the help desk (${ticketId})`), 'the confirmation in his chat');
    const inThread = await sentTo(`${CHANNEL};messageid=${card.id}`, (call) => text(call) === 'Bob: No, it was stopped. Error 1726 again after starting it.', "Bob's message in the thread");
    assert.equal(inThread.activity.replyToId, card.id);
    assert.ok(!suite.connector.calls.slice(before).some((call) => call.conversationId === BOB_CHAT && call.activity?.attachments?.length), 'no answer card for a message to the agent');

    const ticket = (await suite.app.escalations.tickets.get(ticketId))!;
    assert.deepEqual(ticket.messages?.map((m) => [m.from, m.person.name, m.text]), [
      ['agent', 'Ann', 'Is the COM+ service running on the target node?'],
      ['user', 'Bob', 'No, it was stopped. Error 1726 again after starting it.'],
    ]);
    assert.equal(ticket.status, 'assigned', 'writing to the user took the ticket');
    assert.equal(ticket.assignedTo?.name, 'Ann');

    // Resolved: Bob's questions go to the bot again, and a late reply in the thread is refused.
    const ticketCard = suite.connector.calls.filter((call) => call.conversationId === CHANNEL && JSON.stringify(call.activity?.attachments ?? []).includes(ticketId)).pop()!;
    await post(inChannel(card.id), ANN, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'resolve', data: { ...executeData(ticketCard, 'resolve'), resolution: 'Started the COM+ service' } } } });
    await eventually(async () => (await suite.app.escalations.tickets.get(ticketId))?.status === 'resolved', 'the ticket resolved');
    await post(bobChat, BOB, { text: 'what is MIS_3' });
    await sentTo(BOB_CHAT, (call) => JSON.stringify(call.activity?.attachments ?? []).includes('MIS_3: sync key mismatch'), 'an answer from the bot again');
    await post(inChannel(card.id), ANN, { text: '<at>Help Desk</at> one more thing' });
    await sentTo(`${CHANNEL};messageid=${card.id}`, (call) => text(call) === `${ticketId} is resolved.`, 'the refusal in the thread');
  });

  it("agent assist: the ticket card offers the bot's answers, one click sends one to the user as a card", async () => {
    const { card, ticketId } = await escalated('error 3', 'MIS_3');
    const send = executeData(card, 'send-answer');
    assert.ok(JSON.stringify(card.activity.attachments).includes('Send to Bob'), 'the button names the user');
    const invoke = (data: Record<string, unknown>) =>
      fetch(`${suite.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(userActivity(suite.connector.url, CHANNEL, ANN, { channelId: 'msteams', conversation: inChannel(), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'send-answer', data } } })),
      }).then((response) => response.json());
    assert.match((await invoke({ ...send, entryId: 'win32-5' })).value, /not one the bot found/, 'an entry the bot did not offer is refused');
    assert.match((await invoke(send)).value, new RegExp(`^Sent to Bob \\(${ticketId}\\)`));
    const told = await sentTo(BOB_CHAT, (call) => /^Ann \(help desk, HD-[^)]+\): Sent the answer: /.test(text(call)), 'the message naming the answer');
    const answerCard = await sentTo(BOB_CHAT, (call) => suite.connector.calls.indexOf(call) > suite.connector.calls.indexOf(told) && call.activity?.attachments?.length > 0, 'the answer card');
    const title = text(told).replace(/^.*Sent the answer: /, '');
    assert.ok(JSON.stringify(answerCard.activity.attachments).includes(title), `the card of "${title}"`);
    assert.equal((await suite.app.escalations.tickets.get(ticketId))?.messages?.[0].entryId, send.entryId);
  });

  it('a message in the help desk channel outside a ticket thread is a question for the bot', async () => {
    await post(inChannel('100'), ANN, { text: '<at>Help Desk</at> register escalations here' });
    await post(inChannel('555'), ANN, { text: '<at>Help Desk</at> what is MIS_3' });
    await sentTo(`${CHANNEL};messageid=555`, (call) => JSON.stringify(call.activity?.attachments ?? []).includes('MIS_3: sync key mismatch'), 'the answer card');
  });
});

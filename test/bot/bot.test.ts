import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Activity, ActivityTypes, ChannelAccount, ConversationAccount, TestAdapter } from 'botbuilder';
import { HelpDeskBot } from '../../bot/helpDeskBot';
import { Conversations } from '../../conversation/conversations';
import { Escalations } from '../../escalation/escalations';
import { FileStorage } from '../../storage/fileStorage';
import { EscalationConfig, readEscalationConfig } from '../../tickets/config';
import { NOT_HELP_DESK } from '../../escalation/helpDeskAgents';
import { shippedHelpDesk } from '../helpers';
import { visibleText, walk } from '../adaptiveCardValidator';
import { tempDir } from '../tempDir';

/** The data of every Action.Submit of one kind in the cards of a reply. */
function submitted(reply: Partial<Activity>, action: string): any[] {
  const found: any[] = [];
  for (const attachment of reply.attachments ?? []) walk(attachment.content, (node) => { if (node.type === 'Action.Submit' && node.data?.action === action) found.push(node.data); });
  return found;
}

function setup(channelId = 'test', config: Partial<EscalationConfig> = {}) {
  const storage = new FileStorage(tempDir('bot'));
  // Nobody to reach proactively: deliveries wait in the outbox.
  const conversations = new Conversations(storage);
  const escalations = new Escalations({ storage, conversations, config: { ...readEscalationConfig({}), ...config }, helpDesk: shippedHelpDesk, proactive: async () => {}, approvedKnowledgeDir: path.join(storage.root, 'approved') });
  const bot = new HelpDeskBot({ helpDesk: () => shippedHelpDesk(), conversations, escalations });
  const adapter = new TestAdapter(async (context) => bot.run(context), { channelId } as any);
  return { adapter, escalations };
}

const cardOf = (activity: any, index = 0) => activity.attachments[index].content;
const cardText = (activity: any) => (activity.attachments ?? []).flatMap((a: any) => visibleText(a.content)).join('\n');

describe('bot: conversation through botbuilder TestAdapter', () => {
  it('welcomes a new member with what it knows and examples', async () => {
    const { adapter } = setup();
    await adapter
      .send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user1', name: 'Ann' }] })
      .assertReply((reply) => {
        const text = cardText(reply);
        assert.match(text, /IISSYNC/);
        assert.match(text, /Server ActiveSync/);
        assert.match(text, /what is MIS_3/);
      });
  });

  it('answers "what is MIS_3" with an answer card', async () => {
    const { adapter } = setup();
    await adapter.send('what is MIS_3').assertReply((reply) => {
      assert.equal(reply.attachments?.[0].contentType, 'application/vnd.microsoft.card.adaptive');
      assert.match(cardText(reply), /MIS_3/);
      assert.match(cardText(reply), /SYNC_STATUS_CODE_SYNCKEY/);
    });
  });

  it('shows help on "help"', async () => {
    const { adapter } = setup();
    await adapter.send('help').assertReply((reply) => assert.match(cardText(reply), /Try one of these/));
  });

  it('answers its own questions itself: a person, thanks, what it can do; never with knowledge entries', async () => {
    const { adapter, escalations } = setup();
    let escalate: any;
    await adapter.send('my pocket pc says sync key mismatch').assertReply((reply) => assert.match(cardText(reply), /MIS_3/));
    await adapter.send('how do I escalate?').assertReply((reply) => {
      const text = cardText(reply);
      assert.match(text, /A person at the help desk can take this/);
      assert.doesNotMatch(text, /MIS_\d/, 'no sync codes for a question about the bot');
      escalate = submitted(reply, 'escalate')[0];
      assert.ok(escalate?.questionId, 'the card escalates by id');
    });
    await adapter.send({ type: ActivityTypes.Message, value: { ...escalate, comment: 'phone still will not sync' } })
      .assertReply((reply) => assert.equal(reply.name, 'handoff.initiate'));
    const [ticket] = await escalations.tickets.all();
    assert.equal(ticket.comment, 'phone still will not sync');
    assert.ok(ticket.transcript.some((a) => a.text === 'my pocket pc says sync key mismatch'), 'the conversation so far goes with it');
    await adapter.send('talk to a person').assertReply((reply) => assert.match(cardText(reply), /A person at the help desk/));
    await adapter.send('thanks!').assertReply((reply) => {
      assert.equal(reply.attachments, undefined);
      assert.match(reply.text ?? '', /Glad to help/);
    });
    await adapter.send('what can you do?').assertReply((reply) => assert.match(cardText(reply), /Try one of these/));
  });

  it('answers one card per code when a message has several', async () => {
    const { adapter } = setup();
    await adapter.send('iissync returned 1722 and then status 2148598797').assertReply((reply) => {
      assert.equal(reply.attachments?.length, 2);
    });
  });

  it('removes the @mention in Teams channels and answers with Universal Actions', async () => {
    const { adapter } = setup('msteams');
    await adapter
      .send({
        type: ActivityTypes.Message,
        text: '<at>Help Desk</at> what is MIS_3',
        entities: [{ type: 'mention', text: '<at>Help Desk</at>', mentioned: { id: 'bot', name: 'Help Desk' } }],
        conversation: { id: 'channel-1', conversationType: 'channel' } as any,
      })
      .assertReply((reply) => {
        assert.match(cardText(reply), /MIS_3/);
        let executes = 0;
        walk(cardOf(reply), (node) => { if (node.type === 'Action.Execute') executes++; });
        assert.ok(executes > 0, 'Teams cards use Action.Execute');
      });
  });

  it('answers the entry picked on a clarify card, from the question kept on the server', async () => {
    const { adapter } = setup();
    const entry = shippedHelpDesk().matcher.match('win32 error 3').matches[0].entry;
    let pick: any;
    await adapter
      .send('error 3')
      .assertReply((reply) => (pick = submitted(reply, 'pick').find((data) => data.entryId === entry.id)));
    await adapter
      .send({ type: ActivityTypes.Message, value: pick })
      .assertReply((reply) => {
        assert.ok(cardText(reply).includes(entry.title));
        assert.ok(cardText(reply).includes('error 3'), 'the card quotes the question it answers');
      })
      .send({ type: ActivityTypes.Message, value: { ...pick, questionId: 'AAAAAAAAAAAA' } })
      .assertReply((reply) => assert.match(reply.text!, /no longer have the question/));
  });

  it('records an escalation from Action.Submit, hands off with the transcript and confirms the ticket id', async () => {
    const { adapter, escalations } = setup();
    let escalate: any;
    const updates: Array<Partial<Activity>> = [];
    const update = adapter.updateActivity.bind(adapter);
    adapter.updateActivity = (context, activity) => (updates.push(activity), update(context, activity));
    await adapter
      .send('the printer on floor 3 is jammed')
      .assertReply((reply) => {
        assert.match(cardText(reply), /couldn't find/);
        escalate = submitted(reply, 'escalate')[0];
      });
    await adapter
      .send({ type: ActivityTypes.Message, value: { ...escalate, comment: 'turned it off and on' } })
      .assertReply((reply) => {
        assert.equal(reply.type, ActivityTypes.Event);
        assert.equal(reply.name, 'handoff.initiate');
        const transcript = reply.attachments?.[0].content.activities;
        assert.deepEqual(transcript.map((a: any) => a.from.role), ['user', 'bot']);
        assert.equal(transcript[0].text, 'the printer on floor 3 is jammed');
      });
    // The confirmation takes the place of the card the escalation came from.
    const replaced = updates.at(-1)!;
    const ticket = /HD-[A-Z0-9]+/.exec(cardText(replaced))?.[0] ?? '';
    assert.ok(ticket, 'ticket id shown in place of the card');
    const [record] = await escalations.tickets.all();
    assert.equal(record.id, ticket);
    assert.equal(record.question, 'the printer on floor 3 is jammed');
    assert.equal(record.comment, 'turned it off and on');
    assert.equal(record.status, 'open');
    assert.equal(record.transcript.length, 2);
  });

  it('returns the confirmation card to a Teams Action.Execute; clicking twice makes one ticket', async () => {
    const { adapter, escalations } = setup('msteams');
    const click = {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      from: { id: 'teams-user', name: 'Ann', aadObjectId: 'aad-ann' },
      value: { action: { type: 'Action.Execute', verb: 'escalate', data: { action: 'escalate', query: 'what is MIS_3', decision: 'answer', entryIds: ['x'], cardId: 'card-1' } } },
    };
    const shown: string[] = [];
    const ticketShown = (reply: any) => {
      assert.equal(reply.type, 'invokeResponse');
      const body = reply.value.body;
      assert.equal(reply.value.status, 200);
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      shown.push(/HD-[A-Z0-9]+/.exec(visibleText(body.value).join('\n'))?.[0] ?? '');
    };
    await adapter.send(click).assertReply(ticketShown).send(click).assertReply(ticketShown);
    assert.match(shown[0], /^HD-[A-Z0-9]{8}$/);
    assert.equal(shown[1], shown[0]);
    const tickets = await escalations.tickets.all();
    assert.equal(tickets.length, 1);
    assert.deepEqual(tickets[0].user, { id: 'teams-user', name: 'Ann', aadObjectId: 'aad-ann' });
  });

  it('lets a Teams channel register as the help desk, and its members take tickets with Action.Execute', async () => {
    const { adapter } = setup('msteams');
    // Teams names the thread a message is in: the channel is the part before ";".
    const inChannel = (thread: string) => ({ id: `19:desk@thread.tacv2;messageid=${thread}`, conversationType: 'channel' }) as ConversationAccount;
    const invoke = (data: Record<string, unknown>, from: ChannelAccount, conversation?: ConversationAccount): Partial<Activity> => ({
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      from,
      ...(conversation ? { conversation } : {}),
      value: { action: { type: 'Action.Execute', verb: data.action, data } },
    });
    const ann = { id: 'ann', name: 'Ann', aadObjectId: 'aad-ann' };
    const bob = { id: 'bob', name: 'Bob' };
    const cy = { id: 'cy', name: 'Cy' };
    const invokeText = (reply: any) => (reply.value.body.type === 'application/vnd.microsoft.card.adaptive' ? visibleText(reply.value.body.value).join('\n') : reply.value.body.value);
    let ticketId = '';
    await adapter
      .send({ type: ActivityTypes.Message, text: 'register escalations here', conversation: { id: 'personal-1', conversationType: 'personal' } as ConversationAccount })
      .assertReply((reply) => assert.match(reply.text!, /channel or group chat/))
      .send({
        type: ActivityTypes.Message,
        text: '<at>Help Desk</at> register escalations here',
        entities: [{ type: 'mention', text: '<at>Help Desk</at>', mentioned: { id: 'bot', name: 'Help Desk' } }],
        from: ann,
        conversation: inChannel('1'),
      })
      .assertReply((reply) => assert.match(reply.text!, /Escalations will be posted here/))
      .send(invoke({ action: 'escalate', query: 'what is MIS_3', decision: 'answer', entryIds: [], cardId: 'card-9' }, bob))
      .assertReply((reply) => (ticketId = /HD-[A-Z0-9]{8}/.exec(invokeText(reply))![0]));
    const act = (action: string, from: ChannelAccount, conversation?: ConversationAccount) => invoke({ action, ticketId }, from, conversation);
    await adapter
      .send(act('take', bob))
      .assertReply((reply) => assert.equal(invokeText(reply), NOT_HELP_DESK))
      .send(act('take', ann, inChannel('777')))
      .assertReply((reply) => assert.match(invokeText(reply), /Taken by \nAnn/))
      .send(act('take', cy, inChannel('777')))
      .assertReply((reply) => assert.equal(invokeText(reply), `${ticketId} is already taken by Ann.`))
      .send(invoke({ action: 'resolve', ticketId, resolution: 'Restarted the sync service' }, cy, inChannel('777')))
      .assertReply((reply) => assert.match(invokeText(reply), /Resolved by \nCy/));
  });

  it('lets only the help desk administrators register when HELP_DESK_ADMINS is set', async () => {
    const { adapter } = setup('msteams', { helpDeskAdmins: ['aad-ann'] });
    const register = (from: ChannelAccount): Partial<Activity> => ({
      type: ActivityTypes.Message,
      text: 'register escalations here',
      from,
      conversation: { id: '19:x@thread.v2', conversationType: 'groupChat' } as ConversationAccount,
    });
    await adapter
      .send(register({ id: 'cy', name: 'Cy' }))
      .assertReply((reply) => assert.match(reply.text!, /Only the help desk's administrators/))
      .send(register({ id: 'ann', name: 'Ann', aadObjectId: 'aad-ann' }))
      .assertReply((reply) => assert.match(reply.text!, /Escalations will be posted here/));
  });

  it('refuses an Action.Execute it does not know with 400, without crashing', async () => {
    const { adapter } = setup('msteams');
    await adapter
      .send({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'rm -rf', data: {} } } })
      .assertReply((reply) => assert.equal(reply.value.status, 400));
  });
});

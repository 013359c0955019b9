import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ActivityTypes, TestAdapter } from 'botbuilder';
import { HelpDeskBot } from '../bot/helpDeskBot';
import { EscalationLog } from '../bot/escalations';
import { shippedHelpDesk } from './helpers';
import { visibleText, walk } from './adaptiveCardValidator';

function setup(channelId = 'test') {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-')), 'escalations.jsonl');
  const escalations = new EscalationLog(file);
  const bot = new HelpDeskBot(() => shippedHelpDesk(), escalations);
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

  it('answers the entry picked on a clarify card', async () => {
    const { adapter } = setup();
    const entry = shippedHelpDesk().matcher.match('win32 error 3').matches[0].entry;
    await adapter
      .send({ type: ActivityTypes.Message, value: { action: 'pick', entryId: entry.id, code: '3', query: 'error 3' } })
      .assertReply((reply) => assert.ok(cardText(reply).includes(entry.title)));
  });

  it('records an escalation from Action.Submit and confirms the ticket id', async () => {
    const { adapter, escalations } = setup();
    let ticket = '';
    await adapter
      .send({ type: ActivityTypes.Message, value: { action: 'escalate', query: 'printer jammed', decision: 'none', entryIds: [], comment: 'turned it off and on' } })
      .assertReply((reply) => {
        ticket = /HD-[A-Z0-9]+/.exec(cardText(reply))?.[0] ?? '';
        assert.ok(ticket, 'ticket id shown');
      });
    const [record] = await escalations.all();
    assert.equal(record.ticketId, ticket);
    assert.equal(record.query, 'printer jammed');
    assert.equal(record.comment, 'turned it off and on');
  });

  it('returns the confirmation card to a Teams Action.Execute', async () => {
    const { adapter, escalations } = setup('msteams');
    await adapter
      .send({
        type: ActivityTypes.Invoke,
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'escalate', data: { action: 'escalate', query: 'what is MIS_3', decision: 'answer', entryIds: ['x'] } } },
      })
      .assertReply((reply) => {
        assert.equal(reply.type, 'invokeResponse');
        const body = reply.value.body;
        assert.equal(reply.value.status, 200);
        assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
        assert.match(visibleText(body.value).join('\n'), /HD-[A-Z0-9]+/);
      });
    assert.equal((await escalations.all()).length, 1);
  });

  it('refuses an Action.Execute it does not know with 400, without crashing', async () => {
    const { adapter } = setup('msteams');
    await adapter
      .send({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'rm -rf', data: {} } } })
      .assertReply((reply) => assert.equal(reply.value.status, 400));
  });
});

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Activity, ActivityTypes, TestAdapter } from 'botbuilder';
import { HelpDeskBot } from '../../bot/helpDeskBot';
import { Conversations } from '../../conversation/conversations';
import { Escalations } from '../../escalation/escalations';
import { FileStorage } from '../../storage/fileStorage';
import { readEscalationConfig } from '../../tickets/config';
import { shippedHelpDesk } from '../helpers';
import { tempDir } from '../tempDir';
import { walk } from '../adaptiveCardValidator';

const escalateData = (reply: Partial<Activity>) => {
  let data: any;
  for (const attachment of reply.attachments ?? []) walk(attachment.content, (node) => { if (node.type === 'Action.Submit' && node.data?.action === 'escalate') data ??= node.data; });
  return data;
};

describe('bot: a conversation the process no longer holds in memory', () => {
  it('escalates from an old card with its question and transcript, read back from storage, after many newer conversations', async () => {
    const keptFiles = { maxEntries: 8, maxWeight: 1024 * 1024 };
    const storage = new FileStorage(tempDir('forgotten'), { memory: { unwritten: { maxKeys: 8, maxChars: 1024 * 1024 }, keptFiles } });
    const conversations = new Conversations(storage);
    const escalations = new Escalations({ storage, conversations, config: readEscalationConfig({}), helpDesk: shippedHelpDesk, proactive: async () => {}, approvedKnowledgeDir: path.join(storage.root, 'approved') });
    const bot = new HelpDeskBot({ helpDesk: () => shippedHelpDesk(), conversations, escalations });
    const adapter = new TestAdapter(async (context) => bot.run(context));
    const inConversation = (id: string) => ({ conversation: { id } as any, from: { id: `user-${id}`, name: `User ${id}` } });

    let escalate: any;
    await adapter.send({ type: ActivityTypes.Message, text: 'the printer on floor 3 is jammed', ...inConversation('old') })
      .assertReply((reply) => (escalate = escalateData(reply)));
    assert.ok(escalate, 'the answer card offers escalation');

    // Fifty other people, each in a conversation of their own: the old one's records leave memory.
    let mostKept = 0;
    for (let i = 0; i < 50; i++) {
      await adapter.send({ type: ActivityTypes.Message, text: `my scanner number ${i} shows a blank page`, ...inConversation(`new-${i}`) }).assertReply(() => undefined);
      mostKept = Math.max(mostKept, storage.held.keptFiles);
    }
    assert.ok(mostKept <= keptFiles.maxEntries, `${mostKept} files kept in memory for a bound of ${keptFiles.maxEntries}`);

    await adapter.send({ type: ActivityTypes.Message, value: { ...escalate, comment: 'turned it off and on' }, ...inConversation('old') })
      .assertReply((reply) => {
        assert.equal(reply.name, 'handoff.initiate');
        const transcript = reply.attachments?.[0].content.activities;
        assert.deepEqual(transcript.map((a: any) => a.from.role), ['user', 'bot']);
        assert.equal(transcript[0].text, 'the printer on floor 3 is jammed');
      });
    const [ticket] = await escalations.tickets.all();
    assert.equal(ticket.question, 'the printer on floor 3 is jammed');
    assert.deepEqual(ticket.transcript.map((t) => t.text), ['the printer on floor 3 is jammed', ticket.transcript[1].text]);
    assert.match(ticket.transcript[1].text, /No answer|Asked|Answered/);
  });
});

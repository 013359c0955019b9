import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultKnowledgeDir, loadKnowledge } from '../../knowledge/load';
import { visibleText } from '../adaptiveCardValidator';
import { eventually } from '../helpers';
import { ConnectorCall } from '../stubConnector';
import { appForSuite, ask as askIn, cardText, executeData, executeDataIn, executeInvoke, personalChat as personal, postTeams, sentTo as sentIn } from '../teamsApp';
import { escalationConfig } from '../ticketHelpers';

const CHANNEL = { id: '19:desk@thread.tacv2', conversationType: 'channel' };
const ANN = { id: '29:ann', name: 'Ann' };
const LEE = { id: '29:lee', name: 'Lee' };
const BOB = { id: '29:bob', name: 'Bob' };
const CAROL = { id: '29:carol', name: 'Carol' };

const QUESTION = 'MIS_31 on my Pocket PC since this morning: "Synchronization stopped because the device partnership is damaged"';
const FIX = '1. Delete the device partnership in ActiveSync on the desktop\n2. Create the partnership again and run a full sync';

describe('Teams: closing the gap, from a resolution to an answer the next user gets', function () {
  this.timeout(60_000);
  const suite = appForSuite('close-gap', { escalation: escalationConfig({ helpDeskLeads: [LEE.id] }) });

  const sentTo = (conversationId: string, test: (call: ConnectorCall) => boolean, what: string, from = 0) => sentIn(suite, conversationId, test, what, from);
  const ask = (user: { id: string; name: string }, text: string) => askIn(suite, user, text);
  /** The text of the card a click's invoke response carries (or its message), and the card. */
  const clickCard = async (from: { id: string; name: string }, verb: string, data: Record<string, unknown>) => {
    const { value } = await (await postTeams(suite, CHANNEL, from, executeInvoke(verb, data))).json();
    return { text: typeof value === 'string' ? value : visibleText(value).join('\n'), card: value };
  };
  const click = async (from: { id: string; name: string }, verb: string, data: Record<string, unknown>) => (await clickCard(from, verb, data)).text;

  it('a resolution becomes a draft entry; a lead approves it; the next user asking gets it as the answer', async () => {
    await postTeams(suite, CHANNEL, ANN, { text: '<at>Help Desk</at> register escalations here' });
    const unknown = await ask(BOB, QUESTION);
    assert.match(cardText(unknown), /MIS_31 is not in the knowledge base/);
    const from = suite.connector.calls.length;
    await postTeams(suite, personal(BOB), BOB, executeInvoke('escalate', executeData(unknown, 'escalate')));
    const ticketCard = await sentTo(CHANNEL.id, (call) => cardText(call).includes('Ticket HD-'), 'the ticket card', from);
    const ticketId = /HD-[2-9A-HJ-NP-Z]{8}/.exec(cardText(ticketCard))![0];

    // Resolve asks for what fixed it: a click without it (a card from before) gets the card that asks.
    const resolve = executeData(ticketCard, 'resolve');
    const unchanged = await clickCard(ANN, 'resolve', resolve);
    assert.match(JSON.stringify(unchanged.card), /What fixed it\?/);
    assert.equal((await suite.app.escalations.tickets.get(ticketId))?.status, 'open');
    const { text: resolved, card } = await clickCard(ANN, 'resolve', { ...resolve, resolution: FIX, cause: 'The partnership was damaged by the Exchange upgrade.' });
    for (const shown of ['Resolved by', 'What fixed it', 'Delete the device partnership', 'Draft knowledge entry', 'MIS_31', 'Server ActiveSync', 'Approve']) {
      assert.ok(resolved.includes(shown), `the resolved ticket card shows "${shown}"`);
    }
    const told = await sentTo(personal(BOB).id, (call) => cardText(call).includes(`Your ticket ${ticketId} is resolved`), 'the user told');
    assert.match(cardText(told), /What the help desk did[\s\S]*Delete the device partnership/);

    // Not in the knowledge base until a lead approves; an agent who is not a lead cannot.
    assert.match(cardText(await ask(CAROL, 'what is MIS_31')), /MIS_31 is not in the knowledge base/);
    const approve = executeDataIn(card, 'approve-draft');
    assert.match(await click(ANN, 'approve-draft', approve), /Only help desk leads/);
    assert.match(await click(LEE, 'approve-draft', approve), /Approved by Lee/);

    // The approved entry is a knowledge file the watcher reloads: Carol's next question is answered with it.
    const answer = await eventually(async () => {
      const reply = await ask(CAROL, 'what is MIS_31');
      return cardText(reply).includes('Delete the device partnership') && reply;
    }, 'the approved entry answering', 30_000);
    assert.doesNotMatch(cardText(answer), /not in the knowledge base/);
    assert.match(cardText(answer), /damaged by the Exchange upgrade/);

    const file = path.join(suite.app.config.dataDir, 'approved-knowledge', `ticket-${ticketId.toLowerCase()}.yaml`);
    const loaded = loadKnowledge([defaultKnowledgeDir(), file]);
    assert.deepEqual(loaded.issues, [], 'the written file loads without a warning');
    const approved = loaded.kb.entries.filter((e) => e.id === `ticket-${ticketId.toLowerCase()}`);
    assert.deepEqual(approved.map((e) => [e.system, e.codes, e.resolution]), [
      ['Server ActiveSync', ['MIS_31'], ['Delete the device partnership in ActiveSync on the desktop', 'Create the partnership again and run a full sync']],
    ]);
    assert.deepEqual(approved[0].messages, ['Synchronization stopped because the device partnership is damaged']);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`^# Approved by Lee on \\d{4}-\\d\\d-\\d\\d from help desk ticket ${ticketId}`));

    const report = await (await fetch(`${suite.app.url}/api/reports`)).json();
    assert.deepEqual(report.drafts.map((d: any) => [d.ticketId, d.status, d.decidedBy, d.codes]), [[ticketId, 'approved', 'Lee', ['MIS_31']]]);
    assert.deepEqual(report.totals.drafts, { pending: 0, approved: 1, discarded: 0 });

    // A second click changes nothing; Withdraw takes the entry out of the knowledge again.
    assert.match(await click(LEE, 'approve-draft', approve), /Approved by Lee/);
    assert.match(await click(LEE, 'discard-draft', approve), /Discarded by Lee/);
    assert.equal(fs.existsSync(file), false, 'the file is gone');
    await eventually(async () => /MIS_31 is not in the knowledge base/.test(cardText(await ask(CAROL, 'what is MIS_31'))), 'the entry withdrawn', 30_000);
    assert.match(await click(LEE, 'approve-draft', approve), /already discarded by Lee/);
  });
});

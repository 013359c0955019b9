import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { visibleText } from '../adaptiveCardValidator';
import { eventually } from '../helpers';
import { ConnectorCall } from '../stubConnector';
import { appForSuite, ask as askIn, cardText, executeData, executeDataIn, executeInvoke, personalChat as personal, postTeams, sentTo as sentIn } from '../teamsApp';
import { escalationConfig } from '../ticketHelpers';

const CHAT = { id: '19:desk@thread.v2', conversationType: 'groupChat' };
const ANN = { id: '29:ann', name: 'Ann', aadObjectId: 'aad-ann' };
const MALLORY = { id: '29:mallory', name: 'Mallory', aadObjectId: 'aad-mallory' };
const BOB = { id: '29:bob', name: 'Bob' };
const CAROL = { id: '29:carol', name: 'Carol' };

/** The resolution of issue 20: a link to a fixer, beside a link to a host the deployment allows, and other markup. */
const RESOLUTION = [
  '1. run [this fixer](https://evil.example/fix.exe)',
  '2. or read [the guide](https://docs.contoso.com/activesync) first',
  '3. **then** <https://evil.example/more> and ![x](https://evil.example/pixel.png) <a href="https://evil.example">here</a>',
].join('\n');

/** Everything in the card a renderer could make clickable towards evil.example, as found in its JSON. */
function clickableTowardsEvil(card: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(card, (_, value) => {
    if (typeof value === 'string') {
      for (const pattern of [/\]\(\s*[^)]*evil/i, /[a-z]+:\/\/[^\s]*evil/i, /www\.evil/i, /evil\.example/i, /<a\b/i]) {
        if (pattern.test(value)) found.push(value);
      }
    }
    return value;
  });
  return found;
}

describe('knowledge approved from a poisoned resolution reaches the next user as plain text', function () {
  this.timeout(60_000);
  // Mallory is an agent and a lead: whoever approves it, the entry is text.
  const suite = appForSuite('poisoned', {
    kbLinkHosts: ['docs.contoso.com'],
    escalation: escalationConfig({ rolesRequired: true, helpDeskAdmins: [ANN.aadObjectId], helpDeskLeads: [MALLORY.aadObjectId] }),
  });
  const cardsOf = (call: ConnectorCall) => (call.activity?.attachments ?? []).map((a: any) => a.content);
  const sentTo = (conversationId: string, test: (call: ConnectorCall) => boolean, what: string, from = 0) => sentIn(suite, conversationId, test, what, from);
  const ask = (user: { id: string; name: string }, text: string) => askIn(suite, user, text);
  const click = async (from: { id: string; name: string }, verb: string, data: Record<string, unknown>) =>
    (await (await postTeams(suite, CHAT, from, executeInvoke(verb, data))).json()).value;

  it('a resolution with a link to a fixer, approved, answers Carol with the link as unclickable text; an allowed host keeps its link, its host shown', async () => {
    await postTeams(suite, CHAT, ANN, { text: '<at>Help Desk</at> register escalations here' });
    const unknown = await ask(BOB, 'MIS_31 on my Pocket PC: "Synchronization stopped because the device partnership is damaged"');
    const from = suite.connector.calls.length;
    await postTeams(suite, personal(BOB), BOB, executeInvoke('escalate', executeData(unknown, 'escalate')));
    const ticketCard = await sentTo(CHAT.id, (call) => cardText(call).includes('Ticket HD-'), 'the ticket card', from);
    const ticketId = /HD-[2-9A-HJ-NP-Z]{8}/.exec(cardText(ticketCard))![0];
    const resolved = await click(MALLORY, 'resolve', { ...executeData(ticketCard, 'resolve'), resolution: RESOLUTION, cause: 'See https://evil.example/why or www.evil.example' });
    assert.match(visibleText(await click(MALLORY, 'approve-draft', executeDataIn(resolved, 'approve-draft'))).join('\n'), /Approved by Mallory/);

    const answer = await eventually(async () => {
      const reply = await ask(CAROL, 'what is MIS_31');
      return cardText(reply).includes('this fixer') && reply;
    }, 'the approved entry answering Carol', 30_000);
    const cards = cardsOf(answer);
    assert.deepEqual(clickableTowardsEvil(cards), [], 'nothing that links to evil.example');
    const shown = cardText(answer);
    assert.match(shown, /run this fixer \(https\[:\]\/\/evil\[\.\]example\/fix\[\.\]exe\)/, 'the address, readable and unclickable');
    assert.match(shown, /or read \[the guide\]\(https:\/\/docs\.contoso\.com\/activesync\) \(docs\.contoso\.com\) first/, 'the allowed link, and where it goes');
    assert.match(shown, /then https\[:\]\/\/evil\[\.\]example\/more and x \(/, 'emphasis, autolink and image made plain');
    assert.match(shown, /See https\[:\]\/\/evil\[\.\]example\/why or www\[\.\]evil\[\.\]example/, 'the cause too');

    // The file in approved-knowledge, edited by hand to put a link back: loaded, it is plain again.
    const file = path.join(suite.app.config.dataDir, 'approved-knowledge', `ticket-${ticketId.toLowerCase()}.yaml`);
    const edited = fs.readFileSync(file, 'utf8').replace('run this fixer', 'run [the new fixer](https://evil.example/v2.exe)');
    assert.notEqual(edited, fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, edited);
    const reloaded = await eventually(async () => {
      const reply = await ask(CAROL, 'what is MIS_31');
      return cardText(reply).includes('the new fixer') && reply;
    }, 'the edited entry answering', 30_000);
    assert.deepEqual(clickableTowardsEvil(cardsOf(reloaded)), []);
    assert.match(cardText(reloaded), /run the new fixer \(https\[:\]\/\/evil\[\.\]example\/v2\[\.\]exe\)/);
  });
});

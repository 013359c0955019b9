import * as assert from 'node:assert/strict';
import { eventually } from '../helpers';
import { ConnectorCall, userActivity } from '../stubConnector';
import { appForSuite } from '../teamsApp';
import { escalationConfig } from '../ticketHelpers';

/** Teams refuses bot messages past about 25 KB (HTTP 413). */
const TEAMS_LIMIT = 25 * 1024;
/** Teams stops a typed message near 28 KB: the worst paste a user can send. */
const TYPED_LIMIT = 28 * 1024;

/** A log of `bytes` with the given lines spread through it, as people paste them. */
function log(bytes: number, lines: string[]): string {
  const noise = '2026-11-30 08:14:03 INFO  [SyncWorker] folder Inbox: 12 items processed in 37 ms';
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % 25 === 3 && lines.length ? `2026-11-30 08:14:05 ERROR [SyncWorker] ${lines[Math.floor(i / 25) % lines.length]}` : noise;
    out.push(line);
    size += line.length + 1;
  }
  return out.join('\n').slice(0, bytes);
}

const ALL_CODES = ['status MIS_3', 'status MIS_4', 'status MIS_8', 'status MIS_9', 'iissync returned 2148007941', 'iissync returned 2148598808',
  'iissync returned 2148598792', 'iissync returned 2148598801', 'win32 error 5', 'iissync returned 2148598800', 'iissync returned 2148598828', 'status MIS_2'];

describe('messages Teams accepts: every message the bot sends stays under 25 KB, with a summary', function () {
  this.timeout(40_000);
  const suite = appForSuite('sizes', { escalation: escalationConfig() });
  const largest = new Map<string, number>();

  after(async () => {
    console.log(`      largest message by kind: ${[...largest].map(([kind, bytes]) => `${kind} ${(bytes / 1024).toFixed(1)} KB`).join(', ')}`);
  });

  const post = async (conversationId: string, fields: Record<string, unknown>) => {
    const response = await fetch(`${suite.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(userActivity(suite.connector.url, conversationId, { id: '29:bob', name: 'Bob' }, { channelId: 'msteams', ...fields })),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    return text ? JSON.parse(text) : undefined;
  };

  /** Checks every message sent since `from`, records the largest under `kind`, and returns them. */
  function checked(kind: string, from: number): ConnectorCall[] {
    const sent = suite.connector.calls.slice(from).filter((call) => call.activity?.type === 'message');
    for (const call of sent) {
      const bytes = Buffer.byteLength(JSON.stringify(call.activity));
      assert.ok(bytes <= TEAMS_LIMIT, `${kind}: a ${(bytes / 1024).toFixed(1)} KB message`);
      if (call.activity.attachments?.length) assert.ok(call.activity.summary, `${kind}: a summary, not "Card"`);
      largest.set(kind, Math.max(largest.get(kind) ?? 0, bytes));
    }
    return sent;
  }

  const cases: Array<[string, string, RegExp]> = [
    ['an 8 KB log naming 2 codes', log(8 * 1024, ['status MIS_3', 'iissync returned 2148007941']), /MIS_3/],
    ['a 28 KB paste naming 12 codes', log(TYPED_LIMIT, ALL_CODES), /MIS_9/],
    ['a 28 KB paste asking which system', `error 3\n${log(TYPED_LIMIT - 10, [])}`, /Which one is it/],
    ['a 28 KB paste naming an unknown code', log(TYPED_LIMIT, ['status MIS_31']), /MIS_31 is not in the knowledge base/],
    ['a 28 KB paste nothing fits', 'x'.repeat(40) + log(TYPED_LIMIT - 40, []).replace(/Inbox/g, 'Quux'), /couldn't find anything/],
    ['a 1 MB log naming 12 codes', log(1000 * 1000, ALL_CODES), /MIS_8/],
  ];
  for (const [kind, text, shows] of cases) {
    it(`${kind}: every message under 25 KB, ${kind.includes('12 codes') ? 'a few cards, ' : ''}nothing left out`, async () => {
      const from = suite.connector.calls.length;
      await post(`a:${kind}`, { text });
      const sent = checked(kind, from);
      const shown = JSON.stringify(sent.map((call) => call.activity.attachments));
      assert.match(shown, shows);
      if (kind.includes('12 codes')) {
        const cards = sent.flatMap((call) => call.activity.attachments);
        assert.equal(cards.length, 5, 'what was read, listing the codes beyond four answer cards');
        assert.ok(sent.length <= 2, `in ${sent.length} messages`);
        for (const code of ALL_CODES.map((line) => line.split(' ').pop()!)) assert.ok(shown.includes(code), `${code} answered or listed`);
      }
    });
  }

  it('the welcome, a ticket from the worst paste, its card in the help desk, and the resolution: all under 25 KB', async () => {
    let from = suite.connector.calls.length;
    await post('a:welcome', { text: 'help' });
    checked('welcome', from);

    await post('19:desk@thread.tacv2;messageid=1', { conversation: { id: '19:desk@thread.tacv2;messageid=1', conversationType: 'channel' }, text: 'register escalations here' });
    from = suite.connector.calls.length;
    const paste = log(TYPED_LIMIT, ALL_CODES);
    await post('a:ticket', { text: paste });
    const [first] = checked('answer', from);
    let escalate: any;
    JSON.stringify(first.activity.attachments, (_key, value) => {
      if (!escalate && value?.type === 'Action.Execute' && value.verb === 'escalate') escalate = value.data;
      return value;
    });
    from = suite.connector.calls.length;
    const confirmation = await post('a:ticket', { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'escalate', data: { ...escalate, comment: 'c'.repeat(2000) } } } });
    assert.ok(Buffer.byteLength(JSON.stringify(confirmation)) <= TEAMS_LIMIT, 'the confirmation card');
    const ticketCard = await eventually(() => suite.connector.calls.slice(from).find((call) => call.conversationId === '19:desk@thread.tacv2'), 'the ticket card');
    checked('ticket', from);
    assert.match(JSON.stringify(ticketCard.activity.attachments), /Ticket HD-/);

    // Resolved with the longest resolution and cause: the card with its draft entry, the user's card.
    const ticketId = /HD-[2-9A-HJ-NP-Z]{8}/.exec(JSON.stringify(ticketCard.activity.attachments))![0];
    await eventually(async () => (await suite.app.escalations.tickets.get(ticketId))?.delivery.postings.length, 'the posting recorded');
    from = suite.connector.calls.length;
    const resolution = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${'Check the sync partnership and the server log again '.slice(0, 45)}`).join('\n').slice(0, 2000);
    const resolved = await post('19:desk@thread.tacv2;messageid=1', {
      conversation: { id: '19:desk@thread.tacv2;messageid=1', conversationType: 'channel' },
      type: 'invoke', name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'resolve', data: { action: 'resolve', ticketId, resolution, cause: 'w'.repeat(1000) } } },
    });
    assert.match(JSON.stringify(resolved), /Draft knowledge entry/);
    assert.ok(Buffer.byteLength(JSON.stringify(resolved)) <= TEAMS_LIMIT, `the resolved ticket card: ${(Buffer.byteLength(JSON.stringify(resolved)) / 1024).toFixed(1)} KB`);
    largest.set('resolved ticket card', Buffer.byteLength(JSON.stringify(resolved)));
    await eventually(() => suite.connector.calls.slice(from).find((call) => call.conversationId === 'a:ticket' && /is resolved/.test(JSON.stringify(call.activity))), 'the user told');
    checked('resolution', from);
  });
});

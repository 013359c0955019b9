import * as assert from 'node:assert/strict';
import { ConnectorCall, userActivity } from '../stubConnector';
import { appForSuite } from '../teamsApp';
import { adaptiveCardProblems, visibleText } from '../adaptiveCardValidator';

/** Teams refuses bot messages past about 25 KB (HTTP 413). */
const TEAMS_LIMIT = 25 * 1024;

/** Known codes, each on error lines of its own, as a sync service writes them. */
const KNOWN = ['MIS_3', 'MIS_4', 'MIS_8', 'MIS_2', 'MIS_6', 'MIS_7', '2148007941', '2148598808', '2148598792', '2148598801', '2148598800', '2148598797', '1722', '1726'];
/** Codes nothing documents: listed as such, never answered. */
const UNKNOWN = ['MIS_31', '0x80004321'];

const errorLine = (code: string) => (/^MIS/.test(code)
  ? `2026-11-30 08:15:07 ERROR [SyncWorker] device sync stopped with status ${code}`
  : code.startsWith('0x') ? `2026-11-30 08:15:07 ERROR [SyncWorker] replication failed, error ${code}`
    : code.length > 4 ? `2026-11-30 08:15:07 ERROR [Iissync] iissync returned ${code}` : `2026-11-30 08:15:07 ERROR [Rpc] win32 error ${code}`);

/**
 * A log of about 1,000 KB: noise lines, and 24 error lines naming the 16 codes spread
 * through it, some repeated, MIS_9 only at line 7,100 and 2148598828 only two lines
 * from the end. Returns the log and the line numbers (1-based) of those two.
 */
function megabyteLog() {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 1000 * 1000; i++) {
    const line = `2026-11-30 08:14:${String(i % 60).padStart(2, '0')} INFO  [SyncWorker] folder Inbox: ${i % 40} items processed in ${i % 90} ms`;
    lines.push(line);
    size += line.length + 1;
  }
  const codes = [...KNOWN, ...UNKNOWN];
  for (let k = 0; k < 22; k++) lines[150 + k * 500] = errorLine(codes[k % codes.length]);
  lines[7_099] = errorLine('MIS_9');
  lines[lines.length - 3] = errorLine('2148598828');
  return { log: lines.join('\n'), lineCount: lines.length, mis9Line: 7_100, lastLine: lines.length - 2 };
}

describe('a long log: every error line read, every code answered or listed, in a few messages', function () {
  this.timeout(40_000);
  const suite = appForSuite('long-logs');
  const { log, lineCount, mis9Line, lastLine } = megabyteLog();
  let sent: ConnectorCall[];

  before(async () => {
    const from = suite.connector.calls.length;
    const response = await fetch(`${suite.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(userActivity(suite.connector.url, 'a:long-log', { id: '29:bob', name: 'Bob' }, { channelId: 'msteams', text: log })),
    });
    assert.equal(response.status, 200, await response.text());
    sent = suite.connector.calls.slice(from).filter((call) => call.activity?.type === 'message');
  });

  const cards = () => sent.flatMap((call) => call.activity.attachments.map((a: any) => a.content));
  const texts = () => cards().map((card) => visibleText(card).join('\n'));

  it('says first what it read, and the counts are the log\'s', () => {
    const [reading] = texts();
    assert.match(reading, new RegExp(`^I read all ${lineCount.toLocaleString('en-US')} lines \\((97\\d|98\\d) KB\\)`));
    assert.match(reading, /24 lines with an error or a code \(4 different\); 18 codes: 16 I have answers for, 2 not in the knowledge base\./);
  });

  it('answers or lists every known code, the one at line 7,100 and the one near the end with their lines', () => {
    const all = texts().join('\n');
    for (const code of [...KNOWN, 'MIS_9', '2148598828']) assert.ok(all.includes(code), `${code} answered or listed`);
    const [reading] = texts();
    assert.match(reading, new RegExp(`line ${mis9Line.toLocaleString('en-US')}\\n[^\\n]*MIS_9`));
    assert.match(reading, new RegExp(`line ${lastLine.toLocaleString('en-US')}\\n[^\\n]*2148598828`));
  });

  it('never answers a code nothing documents: it is listed as not in the knowledge base', () => {
    const [reading, ...answers] = texts();
    for (const code of UNKNOWN) {
      assert.match(reading, new RegExp(`${code}\\n · not in the knowledge base`));
      assert.ok(answers.every((text) => !text.includes(code)), `no answer card for ${code}`);
    }
  });

  it('comes as a few cards in at most two messages, each under 25 KB with a summary saying what was read', () => {
    assert.equal(cards().length, 5, 'the reading and four answer cards');
    assert.ok(sent.length <= 2, `${sent.length} messages`);
    for (const call of sent) {
      const bytes = Buffer.byteLength(JSON.stringify(call.activity));
      assert.ok(bytes <= TEAMS_LIMIT, `a ${(bytes / 1024).toFixed(1)} KB message`);
    }
    assert.match(sent[0].activity.summary, /^I read all [\d,]+ lines/);
    for (const card of cards()) assert.deepEqual(adaptiveCardProblems(card), [], 'valid Adaptive Cards 1.5, as Teams gets them');
  });

  it('a listed code is one click from its answer card', async () => {
    let ask: any;
    JSON.stringify(sent[0].activity.attachments, (_key, value) => {
      if (!ask && value?.type === 'Action.Execute' && value.verb === 'ask' && value.data.text.includes('2148598828')) ask = value;
      return value;
    });
    assert.ok(ask, 'a row asking about 2148598828');
    const from = suite.connector.calls.length;
    const response = await fetch(`${suite.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(userActivity(suite.connector.url, 'a:long-log', { id: '29:bob', name: 'Bob' },
        { channelId: 'msteams', type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'ask', data: ask.data } } })),
    });
    assert.equal(response.status, 200);
    const answer = suite.connector.calls.slice(from).find((call) => call.activity?.attachments?.length);
    assert.match(visibleText(answer!.activity.attachments[0].content).join('\n'), /IISSYNC status 2148598828/);
  });
});

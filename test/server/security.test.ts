import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { startBotProcess } from '../botProcess';
import { filesUnder, rawRequest, slowSender, storedFiles } from '../httpAttack';
import { eventually } from '../helpers';
import { StubConnector, userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** The sentence in a JSON error answer, or the answer as it is. */
function errorOf(body: string): string {
  try {
    return String(JSON.parse(body).error ?? body);
  } catch {
    return body;
  }
}

/**
 * The requests an attacker sends to a bot on the public internet, against the real bot in
 * a process of its own (a crash shows as an exit, not as a failed test run). After each:
 * the status is the one expected, the bot still answers /healthz, nothing was written to
 * its data folder or temp folder, and nothing was posted to any connector.
 */
describe('security: hostile requests to the running bot', function () {
  this.timeout(60_000);
  let bot: { child: ChildProcess; url: string };
  let connector: StubConnector;
  let dataDir: string;
  let tmpDir: string;
  let output = '';
  let written: string[];

  const activity = (fields: Record<string, unknown> = {}) =>
    userActivity(connector.url, 'conv-attack', { id: 'mallory' }, { text: 'what is MIS_3', ...fields });

  before(async () => {
    connector = await StubConnector.start();
    dataDir = tempDir('security-data');
    tmpDir = tempDir('security-tmp');
    bot = await startBotProcess(dataDir, { TMPDIR: tmpDir, TEMP: tmpDir, ALLOWED_SERVICE_URLS: connector.url });
    bot.child.stdout!.on('data', (chunk) => (output += chunk));
    bot.child.stderr!.on('data', (chunk) => (output += chunk));
    // The knowledge cache is written once after start; what is there then is the baseline.
    written = await eventually(async () => {
      const before = storedFiles(dataDir);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = storedFiles(dataDir);
      return before.length > 0 && JSON.stringify(before) === JSON.stringify(after) && after;
    }, 'the data folder to settle');
  });

  after(async () => {
    bot?.child.kill('SIGKILL');
    await connector?.close();
  });

  afterEach(async function () {
    assert.equal(bot.child.exitCode, null, `the bot process is still running (output: ${output.slice(-2000)})`);
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200, 'the bot still answers /healthz');
  });

  /**
   * The data folder once the store has put every journaled write in its file: a write
   * after that shows as a new journal file at once, before the turn answers. The day's
   * question counts, kept in memory, are stored first (GET /api/dashboard does), not by
   * their timer in the middle of a check.
   */
  const storeSettled = async () => {
    assert.equal((await fetch(`${bot.url}/api/dashboard`)).status, 200);
    return eventually(async () => {
      const files = storedFiles(dataDir);
      return !files.some((file) => /%%journal/.test(file)) && files;
    }, 'the store to checkpoint');
  };
  /** What a turn may write: its conversation's record, and the count of the day's questions (named by the date). */
  const turnRecord = (file: string) => file.startsWith('store/conversation/') || /^store\/activity\/\d{4}-\d{2}-\d{2}\.json$/.test(file);

  /** Sends a hostile request and checks its status, and that it wrote and posted nothing. */
  async function refused(request: Parameters<typeof rawRequest>[1], status: number, says?: RegExp): Promise<void> {
    const calls = connector.calls.length;
    written = await storeSettled();
    const response = await rawRequest(bot.url, request);
    assert.equal(response.status, status, `status (body: ${response.body.slice(0, 300)})`);
    if (says) assert.match(errorOf(response.body), says);
    assert.doesNotMatch(response.body, /at \w+ \(|node_modules|stack/i, 'no library internals in the answer');
    assert.deepEqual(storedFiles(dataDir), written, 'nothing written to the data folder');
    assert.deepEqual(filesUnder(tmpDir), [], 'nothing left in the temp folder');
    assert.equal(connector.calls.length, calls, 'nothing posted to the connector');
  }

  describe('bodies, before any is read', () => {
    it('a body that claims gzip but is not, even on GET /healthz: 415', async () => {
      await refused({ method: 'GET', path: '/healthz', headers: { 'Content-Encoding': 'gzip' }, body: 'not gzip at all' }, 415);
      await refused({ headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: 'not gzip at all' }, 415, /Content-Encoding/);
    });

    it('a gzip bomb (64 KB expanding to 64 MB): 415, never expanded', async () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
      assert.ok(bomb.length < 100 * 1024);
      await refused({ headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: bomb }, 415);
      await refused({ headers: { ...JSON_TYPE, 'Content-Encoding': 'deflate, gzip' }, body: bomb }, 415);
    });

    it('an HTML form post and a multipart upload: 415, and no file left in the temp folder', async () => {
      await refused({ headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'type=message&text=hi' }, 415, /application\/json/);
      const boundary = 'XyZ';
      const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'A'.repeat(200_000)}\r\n--${boundary}--\r\n`;
      await refused({ headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body: multipart }, 415);
      await refused({ path: '/v3/directline/tokens/generate', headers: { 'Content-Type': 'text/plain' }, body: '{}' }, 415);
    });

    it('more than 1 MB, said in Content-Length or sent chunked without one: 413', async () => {
      const big = JSON.stringify(activity({ text: 'x'.repeat(1_100_000) }));
      await refused({ headers: JSON_TYPE, body: big }, 413);
      await refused({ headers: { ...JSON_TYPE, 'Transfer-Encoding': 'chunked' }, body: big }, 413);
    });

    it('not JSON, JSON nested 100,000 deep, a __proto__ key: 400', async () => {
      await refused({ headers: JSON_TYPE, body: '{"type": "message",' }, 400, /not valid JSON/);
      await refused({ headers: JSON_TYPE, body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, 400, /nested deeper/);
      const proto = JSON.stringify(activity()).replace('{', '{"__proto__": {"isAdmin": true},');
      await refused({ headers: JSON_TYPE, body: proto }, 400, /__proto__/);
    });

    it('headers of 32 KB: 431, read by the client every time rather than a reset connection', async () => {
      for (let i = 0; i < 20; i++) await refused({ method: 'GET', path: '/healthz', headers: { 'X-Padding': 'a'.repeat(32 * 1024) } }, 431);
    });

    it('a sender too slow with its headers, or with its body, is cut off', async function () {
      this.timeout(45_000);
      const [headers, body] = await Promise.all([
        slowSender(bot.url, 'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: '.padEnd(200, 'a'), 500),
        slowSender(bot.url, 'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n', '{'.padEnd(1000, ' '), 500),
      ]);
      assert.ok(headers.closedAfterMs < 15_000, `slow headers cut off after ${headers.closedAfterMs} ms`);
      assert.ok(body.closedAfterMs < 25_000, `slow body cut off after ${body.closedAfterMs} ms`);
      assert.match(headers.answer + body.answer, /408/);
      assert.deepEqual(storedFiles(dataDir), written);
    });
  });

  describe('anonymous mode: only this machine and this page', () => {
    it('another host name (DNS rebinding): 421', async () => {
      await refused({ method: 'GET', path: '/api/reports', headers: { Host: 'attacker.example' } }, 421);
      await refused({ headers: { ...JSON_TYPE, Host: 'attacker.example:3978' }, body: JSON.stringify(activity()) }, 421);
    });

    it('a page of another site or another local port posting to the bot: 403', async () => {
      const host = new URL(bot.url).host;
      await refused({ headers: { ...JSON_TYPE, Origin: 'https://attacker.example' }, body: JSON.stringify(activity()) }, 403);
      await refused({ path: '/v3/directline/tokens/generate', headers: { ...JSON_TYPE, Origin: 'http://127.0.0.1:1' }, body: '{}' }, 403);
      await refused({ headers: { ...JSON_TYPE, Host: host, 'Sec-Fetch-Site': 'cross-site' }, body: JSON.stringify(activity()) }, 403);
      await refused({ headers: { ...JSON_TYPE, Origin: 'null' }, body: JSON.stringify(activity()) }, 403);
    });

    it('replies to another port on this machine (a local service a page wants to reach): 400, nothing sent there', async () => {
      let connections = 0;
      const service = http.createServer((_req, res) => res.end()).on('connection', () => connections++);
      await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = service.address() as AddressInfo;
        for (const serviceUrl of [`http://127.0.0.1:${port}/`, `http://localhost:${port}`, `http://[::1]:${port}/`]) {
          await refused({ headers: JSON_TYPE, body: JSON.stringify(activity({ serviceUrl })) }, 400, /own local chat .*ALLOWED_SERVICE_URLS/);
        }
        // Time for a reply that would have gone there anyway.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(connections, 0, 'no connection to the other port');
      } finally {
        service.close();
      }
    });

    it('replies to another machine, or to a URL with a query: 400, nothing posted anywhere', async () => {
      await refused({ headers: JSON_TYPE, body: JSON.stringify(activity({ serviceUrl: 'https://attacker.example/' })) }, 400, /serviceUrl/);
      await refused({ headers: JSON_TYPE, body: JSON.stringify(activity({ serviceUrl: `${connector.url}/x?steal=1` })) }, 400, /serviceUrl/);
      await refused({ headers: JSON_TYPE, body: JSON.stringify(activity({ serviceUrl: 'file:///etc/passwd' })) }, 400, /serviceUrl/);
    });
  });

  describe('channel ids that name the store\'s own records', () => {
    it('a channelId of "ticket" or "helpdesk" writes beside, never into, tickets and registrations', async () => {
      written = await storeSettled();
      for (const channelId of ['ticket', 'helpdesk', 'outbox']) {
        const response = await rawRequest(bot.url, { headers: JSON_TYPE, body: JSON.stringify(activity({ channelId, conversation: { id: 'HD-23456789' } })) });
        assert.equal(response.status, 200);
      }
      const created = (await storeSettled()).filter((file) => !written.includes(file));
      assert.ok(created.length > 0 && created.every(turnRecord), created.join(', '));
      const report = await fetch(`${bot.url}/api/reports`);
      assert.equal(report.status, 200, 'the gap report still reads the store');
    });
  });

  describe('activities: every field the bot reads has its type', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a numeric from.id', { from: { id: 42 } }, /"from\.id"/],
      ['an object as text', { text: { $ne: null } }, /"text"/],
      ['a number as conversation.id', { conversation: { id: 7 } }, /"conversation\.id"/],
      ['a path as channelId', { channelId: '../ticket' }, /"channelId"/],
      ['a string as value', { value: 'escalate' }, /"value"/],
      ['members that are not objects', { type: 'conversationUpdate', membersAdded: ['x'] }, /"membersAdded\[0\]"/],
      ['an array as the activity', {}, /JSON object/],
    ];
    for (const [what, fields, says] of cases) {
      it(`${what}: 400 naming the field`, async () => {
        const body = what.includes('array as the activity') ? '[]' : JSON.stringify(activity(fields));
        await refused({ headers: JSON_TYPE, body }, 400, says);
      });
    }

    it('ids that would be paths reach no file name: the records stay inside the data folder', async () => {
      const status = await rawRequest(bot.url, {
        headers: JSON_TYPE,
        body: JSON.stringify(activity({ conversation: { id: '../../../../tmp/owned' }, from: { id: '../../x', name: '..' } })),
      });
      assert.equal(status.status, 200);
      const created = (await storeSettled()).filter((file) => !written.includes(file));
      assert.ok(created.length > 0, 'the conversation is recorded');
      for (const file of created) assert.ok(!file.split('/').includes('..') && turnRecord(file), file);
    });
  });
});

describe('security: a bot with an app id accepts only valid tokens', function () {
  this.timeout(20_000);
  let app: RunningApp;
  before(async () => {
    app = await startApp({ ...readConfig(), port: 0, host: '127.0.0.1', microsoftAppId: '00000000-0000-0000-0000-000000000001', microsoftAppPassword: 'secret', microsoftAppTenantId: '00000000-0000-0000-0000-0000000000aa', dataDir: tempDir('auth') });
  });
  after(() => app?.close());

  for (const [what, authorization] of [
    ['no token', undefined],
    ['a token that is not a JWT', 'Bearer not-a-token'],
    // (A well-formed JWT would make botbuilder fetch Microsoft's signing keys: not from a test.)
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
  ] as const) {
    it(`${what}: 401, without library text`, async () => {
      const body = JSON.stringify(userActivity('https://smba.trafficmanager.net/amer/', 'c1', { id: 'u1' }, { channelId: 'msteams', text: 'hi' }));
      const response = await rawRequest(app.url, { headers: { ...JSON_TYPE, ...(authorization ? { Authorization: authorization } : {}) }, body });
      assert.equal(response.status, 401);
      assert.deepEqual(JSON.parse(response.body), { error: 'the request is not authorized' });
    });
  }
});

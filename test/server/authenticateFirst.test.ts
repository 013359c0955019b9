import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import * as sinon from 'sinon';
import { RunningApp, startApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { APP_IDENTITY, ChannelTokenIssuer } from '../botFrameworkTokens';
import { rawRequest } from '../httpAttack';
import { userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';

const JSON_TYPE = { 'Content-Type': 'application/json' };
const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
const NOT_AUTHORIZED = JSON.stringify({ error: 'the request is not authorized' });

const activity = (fields: Record<string, unknown> = {}) =>
  userActivity(SERVICE_URL, 'c1', { id: 'u1' }, { channelId: 'msteams', text: 'what is MIS_3', ...fields });

/** Bodies that are wrong in every way a caller could probe, each with what a caller holding a valid token is told. */
const MALFORMED: Array<[string, { headers?: Record<string, string>; body: string | Buffer }, number, RegExp]> = [
  ['invalid JSON', { body: '{"type": "message",' }, 400, /not valid JSON/],
  ['JSON nested 100,000 deep', { body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, 400, /nested deeper/],
  ['a __proto__ key', { body: JSON.stringify(activity()).replace('{', '{"__proto__": {"isAdmin": true},') }, 400, /__proto__/],
  ['a numeric from.id', { body: JSON.stringify(activity({ from: { id: 42 } })) }, 400, /"from\.id"/],
  ['a serviceUrl that is not https', { body: JSON.stringify(activity({ serviceUrl: 'http://169.254.169.254/' })) }, 400, /serviceUrl/],
  ['a gzip body', { headers: { 'Content-Encoding': 'gzip' }, body: gzipSync(JSON.stringify(activity())) }, 415, /Content-Encoding/],
  ['an HTML form', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'type=message&text=hi' }, 415, /application\/json/],
  ['more than 1 MB', { body: JSON.stringify(activity({ text: 'x'.repeat(1_100_000) })) }, 413, /larger than/],
];

/**
 * A bot with an app id checks the caller's token before it looks at the body: whoever has
 * no valid token learns nothing of what is wrong with what they sent. Through the real
 * server and CloudAdapter; the tokens are signed with a key botframework-connector is
 * made to trust in place of Microsoft's (test/botFrameworkTokens.ts).
 */
describe('security: a bot with an app id checks the token before the body', function () {
  this.timeout(30_000);
  let app: RunningApp;
  let issuer: ChannelTokenIssuer;
  let quiet: sinon.SinonStub;
  before(async () => {
    // botframework-connector prints each refused token's error to the console; only those are kept out of the test's output.
    const print = console.error.bind(console);
    quiet = sinon.stub(console, 'error').callsFake((...args: unknown[]) => {
      if (!/TokenExpiredError|JsonWebTokenError|Error finding key for token/.test(String(args[0]?.toString()))) print(...args);
    });
    issuer = await ChannelTokenIssuer.start();
    app = await startApp({ ...readConfig(), port: 0, host: '127.0.0.1', ...APP_IDENTITY, dataDir: tempDir('auth-first') });
  });
  after(async () => {
    await app?.close();
    await issuer?.restore();
    quiet?.restore();
  });

  const post = (authorization: string | undefined, { headers = {}, body }: { headers?: Record<string, string>; body: string | Buffer }) =>
    rawRequest(app.url, { headers: { ...JSON_TYPE, ...(authorization ? { Authorization: authorization } : {}), ...headers }, body });

  const callers: Array<[string, () => string | undefined]> = [
    ['no token', () => undefined],
    ['a token that is not a JWT', () => 'Bearer not-a-token'],
    ['a token signed by another key', () => issuer.forged({ serviceUrl: SERVICE_URL })],
    ['an expired token', () => issuer.authorization({ serviceUrl: SERVICE_URL, expiresIn: -3600 })],
    ['a token for another bot', () => issuer.authorization({ serviceUrl: SERVICE_URL, audience: '00000000-0000-0000-0000-000000000002' })],
  ];
  for (const [caller, authorization] of callers) {
    it(`${caller}: 401 with the same answer, whatever the body`, async () => {
      for (const [what, request] of [['a valid activity', { body: JSON.stringify(activity()) }] as const, ...MALFORMED]) {
        const response = await post(authorization(), request);
        assert.deepEqual([response.status, response.body], [401, NOT_AUTHORIZED], `${caller}, ${what}`);
      }
    });
  }

  it('a valid token: a malformed body gets its own answer', async () => {
    for (const [what, request, status, says] of MALFORMED) {
      const response = await post(issuer.authorization({ serviceUrl: SERVICE_URL }), request);
      assert.equal(response.status, status, `${what}: ${response.body}`);
      assert.match(JSON.parse(response.body).error, says, what);
    }
  });

  it('a valid token for another serviceUrl, or from a channel its key does not sign for: 401, as botbuilder checks it', async () => {
    const elsewhere = await post(issuer.authorization({ serviceUrl: 'https://attacker.example/' }), { body: JSON.stringify(activity()) });
    assert.deepEqual([elsewhere.status, elsewhere.body], [401, NOT_AUTHORIZED]);
    const otherChannel = await post(issuer.authorization({ serviceUrl: SERVICE_URL }), { body: JSON.stringify(activity({ channelId: 'slack' })) });
    assert.deepEqual([otherChannel.status, otherChannel.body], [401, NOT_AUTHORIZED]);
  });

  it('a valid token for the activity\'s serviceUrl: the turn runs', async () => {
    // A typing activity: the bot sends nothing back, so no token of its own is asked for.
    const response = await post(issuer.authorization({ serviceUrl: SERVICE_URL }), { body: JSON.stringify(activity({ type: 'typing', text: undefined })) });
    assert.equal(response.status, 200, response.body);
  });
});

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfig } from '../../server/config';
import { checkCredentials } from '../../cli/doctor/tokenCheck';
import { checkWebhook } from '../../cli/doctor/webhookCheck';
import { checkHelpDesks, checkStorage } from '../../cli/doctor/storageCheck';
import { checkKnowledgePaths } from '../../cli/doctor/knowledgeCheck';
import { runChecks } from '../../cli/doctor/runChecks';
import { FileStorage } from '../../storage/fileStorage';
import { HelpDeskRegistry } from '../../tickets/helpDesks';
import { startAzurite } from '../azurite';
import { tempDir } from '../tempDir';
import { APP_ID, DEPLOYED, fakeServer, FakeServer, refusedUrl, TENANT } from './doctorFixtures';

const AADSTS7000215 = {
  error: 'invalid_client',
  error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP_ID}'.\r\nTrace ID: 0b7e Correlation ID: 5d1c Timestamp: 2026-12-01 04:50:00Z`,
  error_codes: [7000215],
};

describe('npm run doctor: what it reaches', function () {
  this.timeout(30_000);

  describe('credentials, against a fake Microsoft Entra token endpoint', () => {
    let entra: FakeServer;
    before(async () => {
      entra = await fakeServer(({ body }) => {
        const form = new URLSearchParams(body);
        return form.get('client_secret') === 'right'
          ? { status: 200, json: { token_type: 'Bearer', expires_in: 3599, access_token: 'eyJ0eXAi' } }
          : { status: 401, json: AADSTS7000215 };
      });
    });
    after(() => entra.close());
    beforeEach(() => entra.requests.splice(0));

    it('passes when the secret gets a token, asked the way the bot asks: client credentials, from its tenant, for the Bot Connector', async () => {
      const finding = await checkCredentials(readConfig({ ...DEPLOYED, MicrosoftAppPassword: 'right' }), { loginUrl: entra.url });
      assert.deepEqual([finding.status, finding.message], ['pass', `the app's secret gets a token from tenant ${TENANT} for the Bot Connector`]);
      const [request] = entra.requests;
      assert.equal(`${request.method} ${request.url}`, `POST /${TENANT}/oauth2/v2.0/token`);
      assert.deepEqual(Object.fromEntries(new URLSearchParams(request.body)), {
        grant_type: 'client_credentials', client_id: APP_ID, client_secret: 'right', scope: 'https://api.botframework.com/.default',
      });
    });

    it('fails a rejected secret, naming the AADSTS code and the fix', async () => {
      const finding = await checkCredentials(readConfig({ ...DEPLOYED, MicrosoftAppPassword: 'wrong' }), { loginUrl: entra.url });
      assert.equal(finding.status, 'fail');
      assert.equal(finding.message, 'Microsoft Entra refused the token request: AADSTS7000215 Invalid client secret provided.');
      assert.match(finding.fix!, /copy the client secret's Value \(not its Secret ID\)/);
    });

    it('asks botframework.com for a MultiTenant bot', async () => {
      await checkCredentials(readConfig({ ...DEPLOYED, MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '', MicrosoftAppPassword: 'right' }), { loginUrl: entra.url });
      assert.equal(entra.requests[0].url, '/botframework.com/oauth2/v2.0/token');
    });

    it('an unreachable endpoint is a warning that it could not check, not a failure', async () => {
      const finding = await checkCredentials(readConfig(DEPLOYED), { loginUrl: await refusedUrl() });
      assert.equal(finding.status, 'warn');
      assert.match(finding.message, /^could not check: 127\.0\.0\.1:\d+ not reachable from here \(ECONNREFUSED\)$/);
    });

    it('asks nothing while the identity settings are wrong, or anonymous', async () => {
      assert.equal((await checkCredentials(readConfig({ ...DEPLOYED, MicrosoftAppTenantId: '' }), { loginUrl: entra.url })).status, 'skip');
      assert.equal((await checkCredentials(readConfig({}), { loginUrl: entra.url })).status, 'skip');
      assert.equal(entra.requests.length, 0);
    });
  });

  describe('credentials of a managed identity, against a fake identity endpoint', () => {
    const MSI = { ...DEPLOYED, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppPassword: '' };

    it('passes when the endpoint App Service and Container Apps set gives the identity a token', async () => {
      const endpoint = await fakeServer(() => ({ status: 200, json: { access_token: 'eyJ0eXAi', expires_on: '1767000000', resource: 'https://api.botframework.com' } }));
      try {
        const env = { IDENTITY_ENDPOINT: `${endpoint.url}/msi/token`, IDENTITY_HEADER: 'h-123' };
        const finding = await checkCredentials(readConfig(MSI), { env });
        assert.deepEqual([finding.status, finding.message], ['pass', `the managed identity ${APP_ID} gets a token for the Bot Connector`]);
        const [request] = endpoint.requests;
        assert.equal(request.headers['x-identity-header'], 'h-123');
        const url = new URL(request.url, endpoint.url);
        assert.deepEqual([url.pathname, url.searchParams.get('client_id'), url.searchParams.get('resource')], ['/msi/token', APP_ID, 'https://api.botframework.com']);
      } finally {
        await endpoint.close();
      }
    });

    it('fails an identity the app does not have, saying to assign it', async () => {
      const endpoint = await fakeServer(() => ({ status: 400, json: { statusCode: 400, message: 'Unable to load the proper Managed Identity.' } }));
      try {
        const finding = await checkCredentials(readConfig(MSI), { env: { IDENTITY_ENDPOINT: endpoint.url, IDENTITY_HEADER: 'h' } });
        assert.equal(finding.status, 'fail');
        assert.equal(finding.message, `the managed identity endpoint refused a token for ${APP_ID}: Unable to load the proper Managed Identity.`);
        assert.match(finding.fix!, /^assign the user-assigned identity whose client id is MicrosoftAppId to this app/);
      } finally {
        await endpoint.close();
      }
    });

    it('outside Azure (no identity endpoint answers), a warning that it could not check', async () => {
      const finding = await checkCredentials(readConfig(MSI), { env: {}, imdsUrl: await refusedUrl() });
      assert.equal(finding.status, 'warn');
      assert.match(finding.fix!, /run the doctor where the bot runs/);
    });

    it('another cloud\'s metadata service at Azure\'s address is not taken for a refusal', async () => {
      const metadata = await fakeServer(() => ({ status: 404 }));
      try {
        const finding = await checkCredentials(readConfig(MSI), { env: {}, imdsUrl: `${metadata.url}/metadata/identity/oauth2/token` });
        assert.equal(finding.status, 'warn');
        assert.match(finding.message, /is not Azure's identity endpoint \(HTTP 404\)$/);
        assert.equal(metadata.requests[0].headers.metadata, 'true');
      } finally {
        await metadata.close();
      }
    });
  });

  describe('webhook', () => {
    const withWebhook = (url: string) => readConfig({ ESCALATION_WEBHOOK_URL: url, ESCALATION_WEBHOOK_SECRET: 's' });

    it('is reached with a HEAD request, which files no ticket; a receiver that takes only POST passes', async () => {
      const receiver = await fakeServer(({ method }) => ({ status: method === 'POST' ? 202 : 405 }));
      try {
        const findings = await checkWebhook(withWebhook(`${receiver.url}/tickets`));
        assert.deepEqual(findings.map((f) => [f.status, f.message]), [['pass', `${receiver.url} answers (HTTP 405 to a HEAD request)`]]);
        assert.deepEqual(receiver.requests.map((r) => [r.method, r.url, r.body]), [['HEAD', '/tickets', '']]);
      } finally {
        await receiver.close();
      }
    });

    it('a receiver answering 5xx is a warning; one that cannot be reached a failure', async () => {
      const failing = await fakeServer(() => ({ status: 503 }));
      try {
        assert.deepEqual((await checkWebhook(withWebhook(failing.url))).map((f) => f.status), ['warn']);
      } finally {
        await failing.close();
      }
      const [finding] = await checkWebhook(withWebhook(`${await refusedUrl()}/tickets`));
      assert.equal(finding.status, 'fail');
      assert.match(finding.message, /not reachable \(ECONNREFUSED\): tickets would wait in the outbox/);
      assert.match(finding.fix!, /^check ESCALATION_WEBHOOK_URL/);
    });
  });

  describe('storage and help desk conversations', () => {
    it('a file store: writable, with nothing left behind, and read-only beside a bot that has it open', async () => {
      const dataDir = tempDir('doctor-store');
      const running = new FileStorage(path.join(dataDir, 'store'));
      await running.write({ 'ticket/HD-1': { status: 'open' } });
      // The running bot's journal comes and goes with its checkpoints: only the rest is compared.
      const files = () => fs.readdirSync(path.join(dataDir, 'store')).filter((name) => !name.startsWith('%%journal')).sort();
      const before = files();
      const { findings, storage } = await checkStorage(readConfig({ DATA_DIR: dataDir }));
      assert.deepEqual(findings.map((f) => f.status), ['pass']);
      assert.deepEqual(files(), before, 'no probe left');
      await assert.rejects(storage!.write({ 'ticket/HD-3': {} }), /open read-only/);
      assert.deepEqual(await storage!.read(['ticket/HD-1']).then((items) => items['ticket/HD-1']?.status), 'open');
      await running.write({ 'ticket/HD-2': { status: 'open' } });
      await running.flush();
      assert.equal((await running.read(['ticket/HD-1', 'ticket/HD-2']))['ticket/HD-2'].status, 'open');
    });

    it('a DATA_DIR that cannot hold files fails, saying to set DATA_DIR', async () => {
      const file = path.join(tempDir('doctor-store'), 'not-a-folder');
      fs.writeFileSync(file, '');
      const { findings, storage } = await checkStorage(readConfig({ DATA_DIR: file }));
      assert.equal(findings[0].status, 'fail');
      assert.match(findings[0].message, /ENOTDIR|EEXIST/);
      assert.match(findings[0].fix!, /^set DATA_DIR to a folder the bot's user can write/);
      assert.deepEqual(await checkHelpDesks(readConfig({}), storage), [{ check: 'help desk', status: 'skip', message: 'not checked: the storage could not be read' }]);
    });

    it('no help desk conversation and no webhook is a warning; a registered one is named', async () => {
      const dataDir = tempDir('doctor-helpdesk');
      const config = readConfig({ DATA_DIR: dataDir });
      const empty = await checkStorage(config);
      assert.deepEqual((await checkHelpDesks(config, empty.storage)).map((f) => [f.status, f.fix]), [
        ['warn', 'an administrator (HELP_DESK_ADMINS) posts "@Help Desk register escalations here" in the help desk\'s Teams channel, or set ESCALATION_WEBHOOK_URL'],
      ]);
      const store = new FileStorage(path.join(dataDir, 'store'));
      await new HelpDeskRegistry(store).register({ channelId: 'msteams', conversation: { id: '19:abc@thread.tacv2;messageid=1', name: 'IT Help Desk', isGroup: true, conversationType: 'channel' }, serviceUrl: 'https://smba.trafficmanager.net/emea/' }, { id: '29:1', name: 'Ann' });
      await store.flush();
      const { storage } = await checkStorage(config);
      assert.deepEqual((await checkHelpDesks(config, storage)).map((f) => [f.status, f.message]), [['pass', '1 conversation registered: IT Help Desk (msteams, by Ann)']]);
      const deployed = (env: Record<string, string> = {}) => readConfig({ ...DEPLOYED, DATA_DIR: dataDir, ...env });
      const findings = async (config: ReturnType<typeof readConfig>) => (await checkHelpDesks(config, storage)).map((f) => [f.status, f.message.split(':')[0]]);
      assert.deepEqual(await findings(deployed()), [
        ['warn', 'HELP_DESK_ADMINS is empty'],
        ['warn', '1 conversation registered by someone not in HELP_DESK_ADMINS gets no tickets'],
      ], 'with an app id and no admins nobody may act, and a registration from before counts no more');
      assert.match((await checkHelpDesks(deployed(), storage))[0].fix!, /^set HELP_DESK_ADMINS to the help desk administrators' Entra object ids/);
      assert.deepEqual(await findings(deployed({ HELP_DESK_ADMINS: '29:1' })), [['pass', '1 conversation registered']], 'registered by an admin');
      assert.deepEqual(await findings(deployed({ HELP_DESK_ADMINS: 'aad-zoe', HELP_DESK_LEADS: 'members' })), [
        ['warn', 'no help desk conversation registered and no webhook'],
        ['warn', '1 conversation registered by someone not in HELP_DESK_ADMINS gets no tickets'],
        ['pass', 'leads'],
      ]);
    });

    describe('Blob Storage (Azurite)', () => {
      let azurite: Awaited<ReturnType<typeof startAzurite>>;
      before(async () => {
        azurite = await startAzurite();
      });
      after(() => azurite?.child.kill());

      it('writes, reads back and deletes a probe record', async () => {
        const config = readConfig({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'doctor' });
        const { findings, storage } = await checkStorage(config);
        assert.deepEqual(findings.map((f) => [f.status, f.message]), [['pass', 'Blob Storage, container doctor of the account of AZURE_STORAGE_CONNECTION_STRING: a probe record written, read back and deleted']]);
        assert.deepEqual(await storage!.list('doctor'), [], 'no probe left');
      });

      it('a wrong account key is refused access, with the fix', async () => {
        const wrongKey = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.alloc(64, 1).toString('base64')}`);
        const { findings } = await checkStorage(readConfig({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: wrongKey }));
        assert.equal(findings[0].status, 'fail');
        assert.match(findings[0].message, /refused access/);
        assert.match(findings[0].fix!, /Storage Blob Data Contributor/);
      });
    });
  });

  describe('the command', () => {
    const cli = path.resolve(__dirname, '../../cli/doctor.js');
    /** The doctor in its own process, in a folder without .env, with only these settings. */
    const run = async (env: Record<string, string>, ...args: string[]) => {
      // Not spawnSync: the fake token endpoint answers from this process meanwhile.
      const child = spawn(process.execPath, [cli, ...args], { cwd: tempDir('doctor-cli'), env: { PATH: process.env.PATH, ...env } });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const [status] = (await once(child, 'close')) as [number];
      return { status, stdout, stderr };
    };

    it('exits 1 on a broken configuration, each problem on a line with ✗ and its fix', async () => {
      const result = await run({ ...DEPLOYED, MicrosoftAppTenantId: '', DATA_DIR: tempDir('doctor-cli-data') });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /^✗ identity: MicrosoftAppType=SingleTenant \(the default with an app id\) needs MicrosoftAppTenantId → fix: set MicrosoftAppTenantId/m);
      assert.match(result.stdout, /^- credentials: not checked: correct the identity settings first$/m);
      assert.match(result.stdout, /^✓ storage: /m);
      assert.match(result.stdout, /\n1 check failed, \d warnings?\n$/);
    });

    it('exits 0 when only warnings remain; --json gives the same findings to machines', async () => {
      const entra = await fakeServer(() => ({ status: 200, json: { access_token: 'eyJ0eXAi' } }));
      try {
        const env = { ...DEPLOYED, DATA_DIR: tempDir('doctor-cli-data'), BOT_DOMAIN: 'helpdesk.example.test' };
        const result = await run(env, '--json', '--login-url', entra.url);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        const { ok, findings } = JSON.parse(result.stdout);
        assert.equal(ok, true);
        assert.deepEqual(findings.map((f: { check: string; status: string }) => `${f.check} ${f.status}`), [
          'identity pass', 'credentials pass', 'public URL pass', 'access pass', 'knowledge pass', 'storage pass', 'help desk warn', 'webhook skip', 'Teams manifest pass',
        ]);
      } finally {
        await entra.close();
      }
    });

    it('a setting the server cannot read at all is one failure, naming it', async () => {
      const result = await run({ STORAGE: 'cloud' });
      assert.equal(result.status, 1);
      assert.match(result.stdout, /^✗ configuration: the server would not start: STORAGE must be "file" or "blob", not "cloud"/);
      assert.deepEqual((await runChecks({ env: { ALLOWED_SERVICE_URLS: 'smba' } })).map((f) => [f.status, f.message]), [
        ['fail', 'the server would not start: ALLOWED_SERVICE_URLS: "smba" is not a URL (origins such as https://smba.trafficmanager.net, comma-separated)'],
      ]);
      assert.deepEqual((await runChecks({ env: { KB_LINK_HOSTS: 'docs.contoso.com, https://learn.microsoft.com/' } })).map((f) => [f.status, f.message]), [
        ['fail', 'the server would not start: KB_LINK_HOSTS: "https://learn.microsoft.com/" is not a host name (exact names such as docs.contoso.com, comma-separated, no scheme or path)'],
      ], 'a link host written as a URL would never match a link');
    });

    it('a KNOWLEDGE_PATH folder that is missing fails, an empty one is a warning', async () => {
      const empty = tempDir('doctor-kb');
      const findings = await checkKnowledgePaths(readConfig({ KNOWLEDGE_PATH: `${empty}:/nonexistent/kb` }));
      assert.deepEqual(findings.map((f) => [f.status, f.message]), [
        ['warn', `${empty} (KNOWLEDGE_PATH) is empty`],
        ['fail', '/nonexistent/kb (KNOWLEDGE_PATH) does not exist: the bot would answer without it'],
      ]);
      fs.writeFileSync(path.join(empty, 'entries.yaml'), '');
      assert.deepEqual((await checkKnowledgePaths(readConfig({ KNOWLEDGE_PATH: empty }))).map((f) => f.status), ['pass']);
    });
  });
});

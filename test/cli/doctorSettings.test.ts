import * as assert from 'node:assert/strict';
import { readConfig } from '../../server/config';
import { Finding, exitCode, formatFindings } from '../../cli/doctor/finding';
import { checkExposure, checkIdentity, checkPublicUrl, checkWebhookSettings } from '../../cli/doctor/settingsChecks';
import { checkManifest } from '../../cli/doctor/manifestCheck';
import { APP_ID, DEPLOYED, summary, TENANT } from './doctorFixtures';

describe('npm run doctor: the settings', () => {
  describe('identity', () => {
    it('passes a coherent SingleTenant bot, naming type, app id and tenant', () => {
      assert.deepEqual(summary(checkIdentity(readConfig(DEPLOYED))), [['pass', `SingleTenant, app id ${APP_ID}, tenant ${TENANT}`, undefined]]);
    });

    it('fails a SingleTenant bot without its tenant, with the server\'s own message and fix', () => {
      const [finding, ...rest] = checkIdentity(readConfig({ ...DEPLOYED, MicrosoftAppTenantId: '' }));
      assert.deepEqual(rest, []);
      assert.equal(finding.status, 'fail');
      assert.equal(finding.message, 'MicrosoftAppType=SingleTenant (the default with an app id) needs MicrosoftAppTenantId');
      assert.match(finding.fix!, /^set MicrosoftAppTenantId to the Directory \(tenant\) ID of the app registration/);
    });

    it('passes MultiTenant with a warning to move to SingleTenant or a managed identity', () => {
      const findings = checkIdentity(readConfig({ ...DEPLOYED, MicrosoftAppType: 'MultiTenant', MicrosoftAppTenantId: '' }));
      assert.deepEqual(findings.map((f) => f.status), ['pass', 'warn']);
      assert.match(findings[1].fix!, /SingleTenant \(with MicrosoftAppTenantId\) or UserAssignedMSI/);
    });

    it('fails a managed identity that was given a password', () => {
      const findings = checkIdentity(readConfig({ ...DEPLOYED, MicrosoftAppType: 'UserAssignedMSI' }));
      assert.deepEqual(findings.map((f) => [f.status, f.fix]), [['fail', 'remove MicrosoftAppPassword, or set MicrosoftAppType=SingleTenant if this is an app registration\'s secret']]);
    });
  });

  describe('public URL and messaging endpoint', () => {
    it('passes an https base URL and says what the messaging endpoint must be', () => {
      assert.deepEqual(summary(checkPublicUrl(readConfig(DEPLOYED), { BOT_DOMAIN: 'helpdesk.example.test' })), [
        ['pass', 'https://helpdesk.example.test: the Azure Bot\'s messaging endpoint must be https://helpdesk.example.test/api/messages', undefined],
      ]);
    });

    it('fails a deployed bot without PUBLIC_URL, suggesting BOT_DOMAIN\'s', () => {
      const [finding] = checkPublicUrl(readConfig({ ...DEPLOYED, PUBLIC_URL: '' }), { BOT_DOMAIN: 'bot.contoso.com' });
      assert.equal(finding.status, 'fail');
      assert.equal(finding.fix, 'set PUBLIC_URL=https://bot.contoso.com');
    });

    it('fails the messaging endpoint given as PUBLIC_URL, and http', () => {
      assert.deepEqual(summary(checkPublicUrl(readConfig({ ...DEPLOYED, PUBLIC_URL: 'http://bot.contoso.com/api/messages' }), {})).map(([status, , fix]) => [status, fix]), [
        ['fail', 'serve the bot over https (App Service and Container Apps do) and set PUBLIC_URL=https://bot.contoso.com'],
        ['fail', 'set PUBLIC_URL=http://bot.contoso.com (drop /api/messages: the bot adds it)'],
      ]);
    });

    it('fails a BOT_DOMAIN (the manifest\'s valid domain) that is not PUBLIC_URL\'s host', () => {
      const [finding] = checkPublicUrl(readConfig(DEPLOYED), { BOT_DOMAIN: 'other.example.test' });
      assert.equal(finding.status, 'fail');
      assert.match(finding.message, /^BOT_DOMAIN other\.example\.test .* is not PUBLIC_URL's host helpdesk\.example\.test/);
    });

    it('anonymous, needs none', () => {
      assert.deepEqual(checkPublicUrl(readConfig({}), {}).map((f) => f.status), ['pass']);
    });
  });

  describe('access', () => {
    it('warns of HOST open to the network without authentication, as the server does at start', () => {
      const [finding] = checkExposure(readConfig({ HOST: '0.0.0.0' }));
      assert.equal(finding.status, 'warn');
      assert.match(finding.message, /^HOST=0\.0\.0\.0 without MicrosoftAppId: anyone .* \/api\/reports/);
      assert.equal(finding.fix, 'set MicrosoftAppId (a deployment), or unset HOST to listen on 127.0.0.1 only');
      assert.deepEqual(checkExposure(readConfig({ HOST: '127.0.0.1' })).map((f) => f.status), ['pass']);
    });

    it('warns of a deployed bot without REPORTS_TOKEN, or with a short one', () => {
      assert.match(checkExposure(readConfig({ ...DEPLOYED, REPORTS_TOKEN: '' }))[0].message, /^REPORTS_TOKEN is not set: GET \/api\/reports answers 403/);
      assert.deepEqual(checkExposure(readConfig({ ...DEPLOYED, REPORTS_TOKEN: 'abc' })).map((f) => [f.status, f.fix]), [['warn', 'set REPORTS_TOKEN to a long random value (openssl rand -hex 32)']]);
      assert.deepEqual(checkExposure(readConfig(DEPLOYED)).map((f) => f.status), ['pass']);
    });

    it('warns of a deployed bot without SEARCH_TOKEN (search closed to all), or with a short one', () => {
      assert.deepEqual(summary(checkExposure(readConfig({ ...DEPLOYED, SEARCH_TOKEN: '' }))), [[
        'warn', 'SEARCH_TOKEN is not set: GET /api/search answers 401 to every caller (portals and ticket forms cannot search) on a bot with an app id',
        'set SEARCH_TOKEN to a long random value (openssl rand -hex 32), or leave it unset if nothing calls /api/search',
      ]]);
      assert.deepEqual(checkExposure(readConfig({ ...DEPLOYED, SEARCH_TOKEN: 'abc' })).map((f) => [f.status, f.message]), [['warn', 'SEARCH_TOKEN is 3 characters long: short enough to guess']]);
      assert.doesNotMatch(checkExposure(readConfig({ HOST: '0.0.0.0', SEARCH_TOKEN: 'b'.repeat(32) }))[0].message, /api\/search/);
    });
  });

  describe('webhook settings', () => {
    it('a webhook is optional; one without a secret, or over http once deployed, is warned about', () => {
      assert.deepEqual(checkWebhookSettings(readConfig({})).findings.map((f) => f.status), ['skip']);
      const { findings, url } = checkWebhookSettings(readConfig({ ...DEPLOYED, ESCALATION_WEBHOOK_URL: 'http://tickets.contoso.com/hook' }));
      assert.equal(url?.host, 'tickets.contoso.com');
      assert.deepEqual(findings.map((f) => [f.status, f.fix]), [
        ['warn', 'use the receiver\'s https URL'],
        ['warn', 'set ESCALATION_WEBHOOK_SECRET and verify X-HelpDesk-Signature in the receiver'],
      ]);
      assert.deepEqual(checkWebhookSettings(readConfig({ ESCALATION_WEBHOOK_URL: 'tickets' })).findings.map((f) => f.status), ['fail']);
    });
  });

  describe('Teams manifest', () => {
    it('is built as npm run app:package builds it and validated, with PUBLIC_URL\'s host when BOT_DOMAIN is not set', async () => {
      const finding = await checkManifest(readConfig(DEPLOYED), {});
      assert.equal(finding.status, 'pass', finding.message);
      assert.equal(finding.message, `valid for app id ${APP_ID} and domain helpdesk.example.test: npm run app:package builds it`);
    });

    it('fails without a domain to put in it, with the app package\'s message', async () => {
      const finding = await checkManifest(readConfig({ ...DEPLOYED, PUBLIC_URL: '' }), {});
      assert.equal(finding.status, 'fail');
      assert.match(finding.message, /^No bot domain: set BOT_DOMAIN/);
      assert.equal(finding.fix, 'set BOT_DOMAIN or PUBLIC_URL, then npm run app:package');
    });

    it('fails a manifest Teams would refuse (a developer URL that is not a URL), naming the field', async () => {
      const finding = await checkManifest(readConfig(DEPLOYED), { DEVELOPER_PRIVACY_URL: 'not a url' });
      assert.equal(finding.status, 'fail');
      assert.match(finding.message, /^appPackage\/manifest\.json is not valid: \/developer\/privacyUrl /);
    });

    it('does not apply to an anonymous bot', async () => {
      assert.equal((await checkManifest(readConfig({}), {})).status, 'skip');
    });
  });

  describe('output', () => {
    it('one line per finding with ✓ ! ✗ and the fix; exit code 1 only when something failed', () => {
      const findings: Finding[] = [
        { check: 'identity', status: 'pass', message: 'fine' },
        { check: 'access', status: 'warn', message: 'open', fix: 'close it' },
        { check: 'storage', status: 'fail', message: 'broken', fix: 'mend it' },
        { check: 'webhook', status: 'skip', message: 'none' },
      ];
      assert.equal(formatFindings(findings), ['✓ identity: fine', '! access: open → fix: close it', '✗ storage: broken → fix: mend it', '- webhook: none', '', '1 check failed, 1 warning'].join('\n'));
      assert.equal(exitCode(findings), 1);
      assert.equal(exitCode(findings.filter((f) => f.status !== 'fail')), 0);
    });
  });
});

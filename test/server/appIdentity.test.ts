import * as assert from 'node:assert/strict';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { ManagedIdentityAppCredentials, MicrosoftAppCredentials } from 'botframework-connector';
import { appTypeOf, botAuthOptions, identityProblems, IdentityConfig } from '../../server/appIdentity';
import { readConfig } from '../../server/config';
import { startApp } from '../../server/app';
import { tempDir } from '../tempDir';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function identity(env: Record<string, string>): IdentityConfig {
  return readConfig({ MicrosoftAppId: APP_ID, ...env });
}

const failures = (config: IdentityConfig) => identityProblems(config).filter((p) => p.severity === 'fail').map((p) => p.message);
const warnings = (config: IdentityConfig) => identityProblems(config).filter((p) => p.severity === 'warn').map((p) => p.message);

/** The credentials botbuilder makes for replies from these settings: which kind, and the authority it asks for tokens. */
async function replyCredentials(config: IdentityConfig) {
  const factory = new ConfigurationServiceClientCredentialFactory(botAuthOptions(config));
  return (await factory.createCredentials(APP_ID, 'https://api.botframework.com', 'https://login.microsoftonline.com/botframework.com', true)) as MicrosoftAppCredentials | ManagedIdentityAppCredentials;
}

describe('bot identity: MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId, MicrosoftAppPassword', () => {
  it('defaults to SingleTenant when an app id is set, and asks the app\'s own tenant for tokens', async () => {
    const config = identity({ MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT });
    assert.equal(appTypeOf(config), 'SingleTenant');
    assert.deepEqual(identityProblems(config), []);
    const credentials = await replyCredentials(config);
    assert.ok(credentials instanceof MicrosoftAppCredentials && !(credentials instanceof ManagedIdentityAppCredentials));
    assert.equal(credentials.oAuthEndpoint, `https://login.microsoftonline.com/${TENANT}`);
  });

  it('SingleTenant without a tenant or a secret: failures that name the setting and say where to find it', () => {
    const problems = identityProblems(identity({}));
    assert.deepEqual(problems.map((p) => [p.severity, p.message]), [
      ['fail', 'MicrosoftAppType=SingleTenant (the default with an app id) needs MicrosoftAppTenantId'],
      ['fail', 'MicrosoftAppType=SingleTenant (the default with an app id) needs MicrosoftAppPassword'],
    ]);
    assert.match(problems[0].fix, /Directory \(tenant\) ID/);
    assert.match(problems[1].fix, /Certificates & secrets/);
  });

  it('UserAssignedMSI (any case, as botbuilder reads it) takes the managed identity\'s token, needs the tenant, and refuses a password', async () => {
    const config = identity({ MicrosoftAppType: 'userassignedmsi', MicrosoftAppTenantId: TENANT });
    assert.equal(appTypeOf(config), 'UserAssignedMSI');
    assert.deepEqual(identityProblems(config), []);
    assert.ok((await replyCredentials(config)) instanceof ManagedIdentityAppCredentials);
    assert.deepEqual(failures(identity({ MicrosoftAppType: 'UserAssignedMSI' })), ['MicrosoftAppType=UserAssignedMSI needs MicrosoftAppTenantId']);
    assert.deepEqual(failures(identity({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: 'secret' })), [
      'MicrosoftAppType=UserAssignedMSI must not have MicrosoftAppPassword: a managed identity has no secret',
    ]);
  });

  it('MultiTenant only when set, with a warning that Azure no longer creates such bots', async () => {
    const config = identity({ MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'secret' });
    assert.deepEqual(failures(config), []);
    assert.deepEqual(warnings(config), ['MicrosoftAppType=MultiTenant: Azure no longer creates multi-tenant bots; only one created before keeps working']);
    assert.equal(((await replyCredentials(config)) as MicrosoftAppCredentials).oAuthEndpoint, 'https://login.microsoftonline.com/botframework.com');
  });

  it('an app id that is not a GUID, an unknown type and a malformed tenant are failures', () => {
    assert.deepEqual(failures(readConfig({ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 's', MicrosoftAppTenantId: TENANT })), ['MicrosoftAppId "my-bot" is not a GUID']);
    // botbuilder would take "Single" for MultiTenant without a word.
    assert.deepEqual(failures(identity({ MicrosoftAppType: 'Single', MicrosoftAppPassword: 's', MicrosoftAppTenantId: TENANT })), [
      'MicrosoftAppType "Single" is not one of SingleTenant, UserAssignedMSI, MultiTenant',
    ]);
    assert.deepEqual(failures(identity({ MicrosoftAppPassword: 's', MicrosoftAppTenantId: 'contoso/../x' })), ['MicrosoftAppTenantId "contoso/../x" is neither a tenant id (GUID) nor a domain']);
    assert.deepEqual(failures(identity({ MicrosoftAppPassword: 's', MicrosoftAppTenantId: 'contoso.onmicrosoft.com' })), []);
  });

  it('anonymous: no problems, but settings it would ignore are pointed out', () => {
    assert.deepEqual(identityProblems(readConfig({})), []);
    assert.equal(appTypeOf(readConfig({})), undefined);
    assert.deepEqual(warnings(readConfig({ MicrosoftAppPassword: 'secret' })), ['MicrosoftAppId is empty, so the bot runs anonymously and ignores MicrosoftAppPassword']);
  });

  it('the server does not start with a SingleTenant app id and no tenant, and says which setting is missing', async () => {
    await assert.rejects(
      startApp({ ...readConfig(), port: 0, host: '127.0.0.1', microsoftAppId: APP_ID, microsoftAppPassword: 'secret', microsoftAppType: '', microsoftAppTenantId: '', dataDir: tempDir('identity') }),
      /^Error: MicrosoftAppType=SingleTenant \(the default with an app id\) needs MicrosoftAppTenantId: set MicrosoftAppTenantId to the Directory \(tenant\) ID/,
    );
  });
});

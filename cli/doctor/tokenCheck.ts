import type { BotConfig } from '../../server/config';
import { appTypeOf, identityProblems } from '../../server/appIdentity';
import { fail, Finding, networkError, pass, skip, warn } from './finding';

const CHECK = 'credentials';
/** What the bot asks a token for: calls to the Bot Connector. */
const BOT_FRAMEWORK = 'https://api.botframework.com';
/** Where MultiTenant bots get their tokens (botframework-connector's DefaultChannelAuthTenant). */
const MULTI_TENANT_AUTHORITY = 'botframework.com';

export interface TokenCheckOptions {
  /** Microsoft Entra's login endpoint; another for a test's fake. */
  loginUrl?: string;
  /** Where a managed identity's token comes from outside App Service and Container Apps (Azure's instance metadata service). */
  imdsUrl?: string;
  /** Read for IDENTITY_ENDPOINT and IDENTITY_HEADER, which App Service and Container Apps set for managed identities (the doctor passes the environment it read once; none: the instance metadata service). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

const LOGIN_URL = 'https://login.microsoftonline.com';
const IMDS_URL = 'http://169.254.169.254/metadata/identity/oauth2/token';

/** The usual AADSTS errors of a bot's client-credentials request, and what fixes each. */
const AADSTS_FIXES: Record<string, string> = {
  '7000215': 'MicrosoftAppPassword is not a secret of this app: copy the client secret\'s Value (not its Secret ID), or create a new one (app registration > Certificates & secrets)',
  '7000222': 'the client secret has expired: create a new one (app registration > Certificates & secrets) and set MicrosoftAppPassword',
  '7000218': 'no secret was sent: set MicrosoftAppPassword',
  '700016': 'no app with this MicrosoftAppId in that tenant: check the app id, and that MicrosoftAppTenantId is the tenant of the app registration (MultiTenant needs a multi-tenant app registration)',
  '90002': 'no such tenant: set MicrosoftAppTenantId to the Directory (tenant) ID of the app registration',
  '900023': 'MicrosoftAppTenantId is not a tenant: set it to the Directory (tenant) ID of the app registration',
  '50194': 'the app registration is single-tenant: set MicrosoftAppType=SingleTenant and MicrosoftAppTenantId',
};

/** Whether the bot's credentials get a token for the Bot Connector: a refused one is a failure, an unreachable endpoint only a warning. */
export async function checkCredentials(config: BotConfig, options: TokenCheckOptions = {}): Promise<Finding> {
  const type = appTypeOf(config);
  if (!type) return skip(CHECK, config.microsoftAppId ? 'not checked: correct the identity settings first' : 'anonymous: no credentials to check');
  if (identityProblems(config).some((problem) => problem.severity === 'fail')) return skip(CHECK, 'not checked: correct the identity settings first');
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (type === 'UserAssignedMSI') return managedIdentityToken(config.microsoftAppId, options.env ?? {}, options.imdsUrl ?? IMDS_URL, timeoutMs);
  const tenant = type === 'SingleTenant' ? config.microsoftAppTenantId : MULTI_TENANT_AUTHORITY;
  return clientCredentialsToken(options.loginUrl ?? LOGIN_URL, tenant, config.microsoftAppId, config.microsoftAppPassword, timeoutMs);
}

/** The OAuth client-credentials request the bot makes before its first reply (MSAL's, by hand: the answer's error is what matters here). */
async function clientCredentialsToken(loginUrl: string, tenant: string, appId: string, secret: string, timeoutMs: number): Promise<Finding> {
  const endpoint = `${loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: secret, scope: `${BOT_FRAMEWORK}/.default` });
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return warn(CHECK, `could not check: ${new URL(endpoint).host} not reachable from here (${networkError(error)})`, 'run npm run doctor where the bot runs, or where it can reach Microsoft Entra');
  }
  const answer = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string; error_codes?: number[] };
  if (response.ok && answer.access_token) return pass(CHECK, `the app's secret gets a token from tenant ${tenant} for the Bot Connector`);
  const code = String(answer.error_codes?.[0] ?? /AADSTS(\d+)/.exec(answer.error_description ?? '')?.[1] ?? '');
  if (!code) return warn(CHECK, `could not check: ${new URL(endpoint).host} answered HTTP ${response.status}`, 'try again later; if it persists, check the login endpoint');
  // The description's first sentence; the rest is trace and correlation ids.
  const reason = (answer.error_description ?? answer.error ?? '').split(/\r?\n/)[0].replace(/^AADSTS\d+:\s*/, '').split(/(?<=\.)\s/)[0];
  return fail(CHECK, `Microsoft Entra refused the token request: AADSTS${code} ${reason}`, AADSTS_FIXES[code] ?? `see https://login.microsoftonline.com/error?code=${code}`);
}

/**
 * A managed identity's token, as botbuilder gets it through @azure/identity: from
 * IDENTITY_ENDPOINT in App Service and Container Apps, from the instance metadata service
 * on a VM. Neither exists outside Azure: then the check could not be made.
 */
async function managedIdentityToken(clientId: string, env: NodeJS.ProcessEnv, imdsUrl: string, timeoutMs: number): Promise<Finding> {
  const query = new URLSearchParams({ resource: BOT_FRAMEWORK, client_id: clientId });
  const hosted = env.IDENTITY_ENDPOINT && env.IDENTITY_HEADER;
  const request: { url: string; headers: Record<string, string> } = hosted
    ? { url: `${env.IDENTITY_ENDPOINT}?api-version=2019-08-01&${query}`, headers: { 'X-IDENTITY-HEADER': env.IDENTITY_HEADER! } }
    : { url: `${imdsUrl}?api-version=2018-02-01&${query}`, headers: { Metadata: 'true' } };
  let response: Response;
  try {
    // The metadata service answers at once where it exists: a short wait tells a workstation.
    response = await fetch(request.url, { headers: request.headers, signal: AbortSignal.timeout(hosted ? timeoutMs : Math.min(timeoutMs, 2000)) });
  } catch (error) {
    return warn(CHECK, `could not check: no managed identity endpoint here (${networkError(error)}); it exists only in Azure`, 'run the doctor where the bot runs, e.g. az containerapp exec --command "node dist/cli/doctor.js"');
  }
  const answer = (await response.json().catch(() => ({}))) as { access_token?: string; message?: string; error_description?: string; error?: string };
  if (response.ok && answer.access_token) return pass(CHECK, `the managed identity ${clientId} gets a token for the Bot Connector`);
  // Other clouds' VMs have a metadata service at the same address, which knows no Azure identities.
  if (!hosted && !answer.error) return warn(CHECK, `could not check: ${new URL(request.url).host} is not Azure's identity endpoint (HTTP ${response.status})`, 'run the doctor where the bot runs, in Azure');
  const reason = answer.message ?? answer.error_description ?? answer.error ?? `HTTP ${response.status}`;
  return fail(CHECK, `the managed identity endpoint refused a token for ${clientId}: ${reason}`, 'assign the user-assigned identity whose client id is MicrosoftAppId to this app (Identity > User assigned), and use the same identity in the Azure Bot');
}

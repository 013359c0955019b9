import type { BotConfig } from './config';

/**
 * How the bot proves who it is to Azure Bot Service. SingleTenant (an app registration and
 * its client secret, in one tenant) and UserAssignedMSI (a managed identity, no secret) are
 * what Azure creates for new bots; MultiTenant only for bots created before it stopped.
 */
export type AppType = 'SingleTenant' | 'UserAssignedMSI' | 'MultiTenant';

const APP_TYPES: AppType[] = ['SingleTenant', 'UserAssignedMSI', 'MultiTenant'];

/** Something wrong with a setting: `fail` stops the bot from starting, `warn` does not. */
export interface ConfigProblem {
  severity: 'fail' | 'warn';
  message: string;
  fix: string;
}

export type IdentityConfig = Pick<BotConfig, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId'>;

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
/** A tenant is named by its id or one of its domains (contoso.onmicrosoft.com); it becomes part of a login URL. */
const TENANT = /^([0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)$/i;

const TENANT_FIX = 'set MicrosoftAppTenantId to the Directory (tenant) ID of the app registration (Azure portal > Microsoft Entra ID > Overview)';

/** MicrosoftAppType as given (any case, as botbuilder reads it), or SingleTenant when an app id is set; undefined when anonymous or unknown. */
export function appTypeOf(config: IdentityConfig): AppType | undefined {
  if (!config.microsoftAppId) return undefined;
  const given = config.microsoftAppType.trim().toLowerCase();
  if (!given) return 'SingleTenant';
  return APP_TYPES.find((type) => type.toLowerCase() === given);
}

/** What is wrong with the app id, type, tenant and password together; empty when they fit. */
export function identityProblems(config: IdentityConfig): ConfigProblem[] {
  const { microsoftAppId: appId, microsoftAppPassword: password, microsoftAppTenantId: tenant, microsoftAppType: given } = config;
  const fail = (message: string, fix: string): ConfigProblem => ({ severity: 'fail', message, fix });
  const warn = (message: string, fix: string): ConfigProblem => ({ severity: 'warn', message, fix });
  if (!appId) {
    const ignored = [['MicrosoftAppType', given], ['MicrosoftAppPassword', password], ['MicrosoftAppTenantId', tenant]].filter(([, value]) => value).map(([name]) => name);
    return ignored.length
      ? [warn(`MicrosoftAppId is empty, so the bot runs anonymously and ignores ${ignored.join(', ')}`, 'set MicrosoftAppId to the bot\'s app id (or the managed identity\'s client id), or remove those settings')]
      : [];
  }
  const problems: ConfigProblem[] = [];
  if (!GUID.test(appId)) problems.push(fail(`MicrosoftAppId "${appId}" is not a GUID`, 'set it to the Microsoft App ID shown in the Azure Bot\'s Configuration page (like 00000000-0000-0000-0000-000000000000)'));
  if (tenant && !TENANT.test(tenant)) problems.push(fail(`MicrosoftAppTenantId "${tenant}" is neither a tenant id (GUID) nor a domain`, TENANT_FIX));
  const type = appTypeOf(config);
  const named = given.trim() ? `MicrosoftAppType=${given.trim()}` : 'MicrosoftAppType=SingleTenant (the default with an app id)';
  if (!type) {
    problems.push(fail(`MicrosoftAppType "${given}" is not one of ${APP_TYPES.join(', ')}`, 'set it to the App type of the Azure Bot (its Configuration page): SingleTenant or UserAssignedMSI'));
  } else if (type === 'SingleTenant') {
    if (!tenant) problems.push(fail(`${named} needs MicrosoftAppTenantId`, `${TENANT_FIX}; for a managed identity set MicrosoftAppType=UserAssignedMSI and its tenant`));
    if (!password) problems.push(fail(`${named} needs MicrosoftAppPassword`, 'set it to a client secret\'s Value (the app registration > Certificates & secrets > New client secret)'));
  } else if (type === 'UserAssignedMSI') {
    if (!tenant) problems.push(fail(`${named} needs MicrosoftAppTenantId`, `${TENANT_FIX.replace('of the app registration', 'the managed identity is in')}`));
    if (password) problems.push(fail(`${named} must not have MicrosoftAppPassword: a managed identity has no secret`, 'remove MicrosoftAppPassword, or set MicrosoftAppType=SingleTenant if this is an app registration\'s secret'));
  } else {
    if (!password) problems.push(fail(`${named} needs MicrosoftAppPassword`, 'set it to a client secret\'s Value of the app registration'));
    problems.push(warn(`${named}: Azure no longer creates multi-tenant bots; only one created before keeps working`, 'for a new bot use SingleTenant (with MicrosoftAppTenantId) or UserAssignedMSI'));
    if (tenant) problems.push(warn('MicrosoftAppTenantId is ignored with MicrosoftAppType=MultiTenant', 'remove it, or set MicrosoftAppType=SingleTenant if the bot is single-tenant'));
  }
  return problems;
}

/**
 * The identity settings under the names botbuilder's ConfigurationBotFrameworkAuthentication
 * reads (bot/reusedClients.ts hands them over). A type alias, not an interface: the SDK's
 * options type has an index signature, which only an alias satisfies.
 */
type BotAuthOptions = { MicrosoftAppId: string; MicrosoftAppPassword: string; MicrosoftAppType: string; MicrosoftAppTenantId: string };

/**
 * The options botbuilder's ConfigurationBotFrameworkAuthentication builds its credentials
 * factory from (SingleTenant: the secret against the tenant; UserAssignedMSI: the managed
 * identity; MultiTenant: the secret against botframework.com), with the type resolved.
 * Throws, naming the setting, when the identity settings cannot work.
 */
export function botAuthOptions(config: IdentityConfig): BotAuthOptions {
  const failures = identityProblems(config).filter((problem) => problem.severity === 'fail');
  if (failures.length) throw new Error(failures.map((problem) => `${problem.message}: ${problem.fix}.`).join('\n'));
  return {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: appTypeOf(config) ?? '',
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  };
}

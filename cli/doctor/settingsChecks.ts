import { BotConfig, openWithoutAuth } from '../../server/config';
import { appTypeOf, identityProblems } from '../../server/appIdentity';
import { fail, Finding, fromProblem, pass, skip, warn } from './finding';

/** Shorter tokens are guessable enough to matter: the report quotes what users asked, search what tickets taught. */
const MIN_TOKEN = 16;

/** App id, type, tenant and password together: the rules the server refuses to start without (server/appIdentity.ts). */
export function checkIdentity(config: BotConfig): Finding[] {
  const problems = identityProblems(config).map((problem) => fromProblem('identity', problem));
  if (problems.some((f) => f.status === 'fail')) return problems;
  if (!config.microsoftAppId) return problems.length ? problems : [pass('identity', 'no MicrosoftAppId: anonymous, for the local chat page and the Emulator; Teams needs an app id')];
  const tenant = config.microsoftAppTenantId ? `, tenant ${config.microsoftAppTenantId}` : '';
  return [pass('identity', `${appTypeOf(config)}, app id ${config.microsoftAppId}${tenant}`), ...problems];
}

/**
 * PUBLIC_URL: the base users and Azure Bot Service reach the bot at. The messaging endpoint
 * is `${PUBLIC_URL}/api/messages`, article links `${PUBLIC_URL}/kb/...`, and the Teams
 * manifest's valid domain (BOT_DOMAIN, npm run app:package) must be its host.
 */
export function checkPublicUrl(config: BotConfig, env: NodeJS.ProcessEnv): Finding[] {
  const check = 'public URL';
  const domain = hostOf(env.BOT_DOMAIN ?? '');
  const suggestion = `https://${domain ?? '<the host users and Azure Bot Service reach>'}`;
  if (!config.publicUrl) {
    if (!config.microsoftAppId) return [pass(check, 'PUBLIC_URL not set: links point where the bot listens (local use)')];
    return [fail(check, 'PUBLIC_URL is not set: article links in answers would point to the address the bot listens on, which users cannot open', `set PUBLIC_URL=${suggestion}`)];
  }
  let url: URL;
  try {
    url = new URL(config.publicUrl);
  } catch {
    return [fail(check, `PUBLIC_URL "${config.publicUrl}" is not a URL`, `set PUBLIC_URL=${suggestion}`)];
  }
  const findings: Finding[] = [];
  if (url.protocol !== 'https:' && config.microsoftAppId) {
    findings.push(fail(check, `PUBLIC_URL ${config.publicUrl} is not https: Azure Bot Service calls only https messaging endpoints`, `serve the bot over https (App Service and Container Apps do) and set PUBLIC_URL=https://${url.host}`));
  } else if (!['https:', 'http:'].includes(url.protocol)) {
    findings.push(fail(check, `PUBLIC_URL ${config.publicUrl} is not http or https`, `set PUBLIC_URL=${suggestion}`));
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    const endpoint = /\/api\/messages$/.test(url.pathname) ? ' (drop /api/messages: the bot adds it)' : '';
    findings.push(fail(check, `PUBLIC_URL ${config.publicUrl} has more than a scheme and host: the bot serves /api/messages and /kb/... at the root`, `set PUBLIC_URL=${url.protocol}//${url.host}${endpoint}`));
  }
  if (domain && domain !== url.host) {
    findings.push(fail(check, `BOT_DOMAIN ${domain} (the Teams manifest's valid domain) is not PUBLIC_URL's host ${url.host}: links to article pages would not unfurl in Teams`, `make both name the host users reach (BOT_DOMAIN=${url.host}), then npm run app:package again`));
  }
  if (findings.length) return findings;
  const endpoint = `${url.protocol}//${url.host}/api/messages`;
  return [pass(check, config.microsoftAppId ? `${url.protocol}//${url.host}: the Azure Bot's messaging endpoint must be ${endpoint}` : `${url.protocol}//${url.host} (anonymous: the local chat page answers to this host)`)];
}

/** The host BOT_DOMAIN names, as npm run app:package reads it (a host, or a URL whose host is taken). */
export function hostOf(botDomain: string): string | undefined {
  const value = botDomain.trim();
  if (!value) return undefined;
  try {
    return new URL(value.includes('://') ? value : `https://${value}`).host;
  } catch {
    return undefined;
  }
}

/** Who else can reach the bot: what the server warns about at start (HOST without authentication), and the tokens of its data routes. */
export function checkExposure(config: BotConfig): Finding[] {
  const check = 'access';
  const findings: Finding[] = [];
  const open = openWithoutAuth(config);
  const reportsToken = config.escalation.reportsToken;
  if (open) {
    const reports = reportsToken ? '' : ', read the KB gap report /api/reports (what users asked)';
    const search = config.searchToken ? '' : ' and use /api/search';
    findings.push(warn(check, `HOST=${open} without MicrosoftAppId: anyone who reaches this address can chat with the bot${reports}${search}`, 'set MicrosoftAppId (a deployment), or unset HOST to listen on 127.0.0.1 only'));
  }
  findings.push(...checkToken(config, 'REPORTS_TOKEN', reportsToken, 'GET /api/reports answers 403', 'or read the report with npm run report'));
  findings.push(...checkToken(config, 'SEARCH_TOKEN', config.searchToken, 'GET /api/search answers 401 to every caller (portals and ticket forms cannot search)', 'or leave it unset if nothing calls /api/search'));
  if (findings.length) return findings;
  return [pass(check, config.microsoftAppId ? 'callers authenticated by Azure Bot Service; /api/reports needs REPORTS_TOKEN, /api/search SEARCH_TOKEN' : `listening on this machine only (${config.host || '127.0.0.1'})`)];
}

/** A data route's bearer token: set once deployed (the route is closed without it), and long. */
function checkToken(config: BotConfig, name: string, token: string, closed: string, otherwise: string): Finding[] {
  const fix = `set ${name} to a long random value (openssl rand -hex 32)`;
  if (config.microsoftAppId && !token) return [warn('access', `${name} is not set: ${closed} on a bot with an app id`, `${fix}, ${otherwise}`)];
  if (token && token.length < MIN_TOKEN) return [warn('access', `${name} is ${token.length} characters long: short enough to guess`, fix)];
  return [];
}

/** The webhook's settings, before it is called (webhookCheck.ts): a URL, https once deployed, a signing secret. */
export function checkWebhookSettings(config: BotConfig): { findings: Finding[]; url?: URL } {
  const check = 'webhook';
  const { webhookUrl, webhookSecret } = config.escalation;
  if (!webhookUrl) return { findings: [skip(check, 'ESCALATION_WEBHOOK_URL not set: tickets go to registered help desk conversations only')] };
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    return { findings: [fail(check, `ESCALATION_WEBHOOK_URL "${webhookUrl}" is not a URL`, 'set it to the ticketing system\'s https URL that takes a POSTed ticket')] };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { findings: [fail(check, `ESCALATION_WEBHOOK_URL ${url.origin} is not http or https`, 'set it to the ticketing system\'s https URL')] };
  }
  const findings: Finding[] = [];
  if (url.protocol === 'http:' && config.microsoftAppId) {
    findings.push(warn(check, 'ESCALATION_WEBHOOK_URL is http: tickets (questions, names, transcripts) cross the network unencrypted', 'use the receiver\'s https URL'));
  }
  if (!webhookSecret) {
    findings.push(warn(check, 'ESCALATION_WEBHOOK_SECRET is not set: the receiver cannot tell the bot\'s tickets from anyone else\'s POSTs', 'set ESCALATION_WEBHOOK_SECRET and verify X-HelpDesk-Signature in the receiver'));
  }
  return { findings, url };
}

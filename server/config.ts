/*
 * The one configuration: every setting is read here, once per process, by its entry point
 * (server/index.ts, cli/ask, cli/report, cli/doctor, the benches), and handed down.
 */
import { DEFAULT_FILE_HOSTS } from '../bot/fileAttachment';
import * as path from 'node:path';
import { config as loadDotEnv } from 'dotenv';
import { EscalationConfig, readEscalationConfig } from '../tickets/config';
import type { CardSettings } from '../cards/cards';
import { APPROVED_FOLDER } from '../knowledge/sources/knowledgeSource';
import { defaultKnowledgeDir } from '../knowledge/sources/files';
import { setLogLevel } from '../observability/log';

/** Where the server listens when HOST is not set: see `BotConfig.host`. */
export function listenAddress(config: Pick<BotConfig, 'host' | 'microsoftAppId'>): string {
  return config.host || (config.microsoftAppId ? '0.0.0.0' : '127.0.0.1');
}

/** The address, when the server listens beyond this machine while nothing authenticates its callers. */
export function openWithoutAuth(config: Pick<BotConfig, 'host' | 'microsoftAppId'>): string | undefined {
  const host = listenAddress(config);
  const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
  return config.microsoftAppId || loopback ? undefined : host;
}

/** How this machine reaches a server listening on `host`: the loopback when it listens everywhere. */
export function localHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Settings read from the environment (and `.env`, which never overrides the environment). */
export interface BotConfig {
  port: number;
  /**
   * Address the server listens on (HOST). Empty: every interface when the bot
   * authenticates its callers (a deployment behind Azure Bot Service), the loopback only
   * while it runs anonymously, where whoever reaches it could chat and read reports.
   */
  host: string;
  /** Empty: anonymous, as the Bot Framework Emulator and the local chat page expect. */
  microsoftAppId: string;
  microsoftAppPassword: string;
  /** SingleTenant, UserAssignedMSI or MultiTenant, as given; empty: SingleTenant when an app id is set (server/appIdentity.ts). */
  microsoftAppType: string;
  /** The tenant of the app registration or managed identity: needed by SingleTenant and UserAssignedMSI. */
  microsoftAppTenantId: string;
  /** Base URL for KB article links whose article has no URL of its own. */
  kbBaseUrl: string;
  /** Folder for data the bot writes (escalation records, the knowledge index cache). */
  dataDir: string;
  /** Knowledge files and article folders loaded besides knowledge/data (KNOWLEDGE_PATH, ':'-separated, ';' on Windows). */
  knowledgePath: string[];
  /** The bot's own base URL as users reach it, for links to its article pages (/kb/Qnnnnnn); empty: where it listens. */
  publicUrl: string;
  /**
   * Origins (ALLOWED_SERVICE_URLS, comma-separated, e.g. "https://smba.trafficmanager.net")
   * the bot may send replies to besides the defaults: this machine while anonymous, any
   * https URL the caller's token vouches for when authenticated.
   */
  allowedServiceUrls: string[];
  /** How long a call to the Bot Connector (a reply, an update) or a file download may take before it is aborted (CONNECTOR_TIMEOUT_MS). */
  connectorTimeoutMs: number;
  /**
   * Hosts shared log files are downloaded from (FILE_DOWNLOAD_HOSTS, comma-separated; a
   * leading dot allows subdomains): Teams keeps files in SharePoint and OneDrive.
   */
  fileDownloadHosts: string[];
  /**
   * Hosts a link in knowledge written from help desk tickets may go to (KB_LINK_HOSTS,
   * comma-separated, exact names): only https links to them stay clickable, shown with
   * their host. Empty (the default): such entries show no links at all.
   */
  kbLinkHosts: string[];
  /** Bearer token for GET /api/search (SEARCH_TOKEN); empty: the route is served only while anonymous. */
  searchToken: string;
  /** Ticket storage, webhook, help desk administrators, outbox timing (tickets/config.ts). */
  escalation: EscalationConfig;
  /** How much the log says (LOG_LEVEL); empty: info. */
  logLevel: string;
  /** Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING; empty: no telemetry) and how often metrics go (OTEL_METRIC_EXPORT_INTERVAL, ms; 0: the default). */
  telemetry: { connectionString: string; exportIntervalMs: number };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new Error(`ALLOWED_SERVICE_URLS: "${url}" is not a URL (origins such as https://smba.trafficmanager.net, comma-separated)`);
  }
}

/** A host of KB_LINK_HOSTS: a name alone, as links are compared with it. */
function hostName(host: string): string {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) {
    throw new Error(`KB_LINK_HOSTS: "${host}" is not a host name (exact names such as docs.contoso.com, comma-separated, no scheme or path)`);
  }
  return host;
}

/** KNOWLEDGE_PATH's folders and files, absolute: the one reading of the setting. */
function knowledgePathOf(value: string): string[] {
  return value.split(path.delimiter).filter((p) => p.trim()).map((p) => path.resolve(p));
}

/** This process's environment with what `.env` adds (never over it): where every setting is read from. */
export function processEnvironment(): NodeJS.ProcessEnv {
  loadDotEnv({ quiet: true });
  return process.env;
}

/** The settings of `env`, by default this process's environment; tests pass one of their own. */
export function readConfig(env: NodeJS.ProcessEnv = processEnvironment()): BotConfig {
  return {
    port: Number(env.PORT ?? 3978),
    host: env.HOST ?? '',
    microsoftAppId: env.MicrosoftAppId ?? '',
    microsoftAppPassword: env.MicrosoftAppPassword ?? '',
    microsoftAppType: env.MicrosoftAppType ?? '',
    microsoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    kbBaseUrl: env.KB_BASE_URL ?? 'https://support.microsoft.com/kb/',
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    knowledgePath: knowledgePathOf(env.KNOWLEDGE_PATH ?? ''),
    publicUrl: (env.PUBLIC_URL ?? '').replace(/\/+$/, ''),
    allowedServiceUrls: (env.ALLOWED_SERVICE_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean).map(originOf),
    // Bot Framework gives a turn 15 s: a reply that takes longer has failed anyway.
    connectorTimeoutMs: Number(env.CONNECTOR_TIMEOUT_MS ?? 10_000),
    fileDownloadHosts: env.FILE_DOWNLOAD_HOSTS ? env.FILE_DOWNLOAD_HOSTS.split(',').map((h) => h.trim()).filter(Boolean) : DEFAULT_FILE_HOSTS,
    kbLinkHosts: (env.KB_LINK_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean).map(hostName),
    searchToken: env.SEARCH_TOKEN ?? '',
    escalation: readEscalationConfig(env),
    logLevel: env.LOG_LEVEL ?? '',
    telemetry: { connectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING ?? '', exportIntervalMs: Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 0 },
  };
}

/** The configuration of this process, for its entry point: read once, its log level applied. */
export function readProcessConfig(): BotConfig {
  const config = readConfig();
  setLogLevel(config.logLevel);
  return config;
}

/** Where the bot's knowledge comes from and where its cache is; see `knowledgeLocation`. */
export interface KnowledgeLocation {
  /** The shipped files, KNOWLEDGE_PATH, then the entries help desk leads approved (and learned phrasings). */
  paths: string[];
  cacheFile: string;
  approvedDir: string;
}

/** Where the knowledge the bot serves on `config` comes from, and where its cache is kept; reads and writes nothing. */
export function knowledgeLocation(config: Pick<BotConfig, 'knowledgePath' | 'dataDir'>): KnowledgeLocation {
  const approvedDir = path.join(config.dataDir, APPROVED_FOLDER);
  return { paths: [defaultKnowledgeDir(), ...config.knowledgePath, approvedDir], cacheFile: path.join(config.dataDir, 'knowledge-cache.bin'), approvedDir };
}

/**
 * The card settings: article links to PUBLIC_URL, or else to where the server listens,
 * which `listening` gives once it does (a port of 0 is known only then).
 */
export function cardSettings(config: Pick<BotConfig, 'kbBaseUrl' | 'publicUrl' | 'kbLinkHosts'>, listening?: () => string): CardSettings {
  const { publicUrl } = config;
  return { kbBaseUrl: config.kbBaseUrl, articlePageBase: publicUrl ? () => publicUrl : listening, linkHosts: config.kbLinkHosts };
}

/*
 * server/: the HTTP side. Reads the configuration, wires knowledge, storage, escalations, the
 * Bot Framework adapter and the bot into a restify server with its routes (messages, health,
 * search and report APIs, article pages, the local chat when anonymous), and guards every
 * request before a body is read. `index.ts` is the entry point.
 */
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { BotConfig, listenAddress, localHost, openWithoutAuth, readConfig } from './config';
import { botAuthOptions } from './appIdentity';
import { createServer, listen } from './server';
import { HelpDeskBot, MAX_TEXT } from '../bot/helpDeskBot';
import { registerLocalChat } from '../localChat/localChat';
import { ReusedClientsAuthentication } from '../bot/reusedClients';
import { registerSearchApi } from './searchApi';
import { registerReadiness } from './readiness';
import { registerArticlePages } from './articlePages';
import { knowledgeLocation, serveKnowledge } from '../servedKnowledge/servedKnowledge';
import { FileSource } from '../knowledge/sources/fileSource';
import { AnsweringKnowledge, CardSettings, withCardContext } from '../cards/knowledgeCards';
import { KnowledgePrefetch, rebuildKnowledge } from '../servedKnowledge/knowledgePrefetch';
import { watchKnowledge } from '../servedKnowledge/knowledgeWatcher';
import { Escalations } from '../escalation/escalations';
import { registerReportsApi } from './reportsApi';
import { registerSuggestionsApi } from './suggestionsApi';
import { registerDashboardPage } from '../dashboard/dashboardPage';
import { openStorage } from '../storage/openStorage';
import { lockDataDir } from '../storage/dataDirLock';
import { allowedHosts } from './sameOrigin';
import { HelpDeskAdapter } from '../bot/adapter';
import { BoundedConnectorHttpClient, CONNECTOR_LIMITS } from '../bot/connectorHttpClient';
import { log } from '../observability/log';

export interface RunningApp {
  /** Base URL this machine reaches the server on, e.g. http://127.0.0.1:3978 */
  url: string;
  config: BotConfig;
  helpDesk(): AnsweringKnowledge;
  escalations: Escalations;
  close(): Promise<void>;
}

/** HOST set to a network address while nothing authenticates callers: said where nobody can miss it. */
function warnOpenToNetwork(host: string, port: number): void {
  log.warn(
    `WARNING: listening on ${host}:${port} WITHOUT AUTHENTICATION (no MicrosoftAppId). `
    + 'Anyone who can reach this address can chat with the bot (the local chat page and its '
    + 'Direct Line), read the KB gap report at /api/reports (what users asked) unless '
    + 'REPORTS_TOKEN is set, and use /api/search unless SEARCH_TOKEN is set. Set MicrosoftAppId, or unset HOST.',
  );
}

/**
 * Wires configuration, knowledge, the Bot Framework adapter, the bot and the HTTP server,
 * and listens. With the file store, DATA_DIR is locked first: a second bot on it would
 * overwrite the first's tickets (storage/dataDirLock.ts).
 */
export async function startApp(overrides: Partial<BotConfig> = {}, prefetched?: Promise<KnowledgePrefetch>): Promise<RunningApp> {
  const config = { ...readConfig(), ...overrides };
  const releaseDataDir = config.escalation.storage === 'file' ? lockDataDir(config.dataDir) : () => undefined;
  try {
    const app = await wireApp(config, prefetched);
    return { ...app, close: () => app.close().finally(releaseDataDir) };
  } catch (error) {
    releaseDataDir();
    throw error;
  }
}

async function wireApp(config: BotConfig, prefetched?: Promise<KnowledgePrefetch>): Promise<RunningApp> {
  const auth = new ReusedClientsAuthentication(
    botAuthOptions(config),
    new BoundedConnectorHttpClient({ ...CONNECTOR_LIMITS, timeoutMs: config.connectorTimeoutMs }),
  );
  const adapter = new HelpDeskAdapter(auth);

  const { paths: knowledgePaths, cacheFile, approvedDir } = knowledgeLocation(config);
  const source = new FileSource(knowledgePaths);
  const loadHelpDesk = (fromDisk?: KnowledgePrefetch, reload = false) =>
    serveKnowledge(source, { cacheFile, prefetched: fromDisk, warmUp: !reload, buildWhenStale: !reload });
  // A prefetch that failed is no loss: the knowledge is read here instead.
  let knowledge = loadHelpDesk(await prefetched?.catch(() => undefined));
  // Built once; where article pages are is known once listening (the hook below).
  const cardSettings: CardSettings = { kbBaseUrl: config.kbBaseUrl, linkHosts: config.kbLinkHosts };
  let answering: AnsweringKnowledge | undefined;
  // Rebuilt on a worker, read back here; what a warm-up compiles is compiled already
  // (typo lists are built as first needed).
  const reloadHelpDesk = async (signal: AbortSignal) => loadHelpDesk(await rebuildKnowledge(knowledgePaths, cacheFile, signal), true);
  const currentHelpDesk = () => (answering ??= withCardContext(knowledge, cardSettings));
  const storage = openStorage(config.escalation, config.dataDir);
  const escalations = new Escalations({
    storage,
    // A real tenant (an app id) closes the roles, whatever the escalation settings were read from.
    config: { ...config.escalation, rolesRequired: config.escalation.rolesRequired || Boolean(config.microsoftAppId) },
    helpDesk: currentHelpDesk,
    proactive: (reference, logic) => adapter.continueConversationAsync(config.microsoftAppId, reference, logic),
    approvedKnowledgeDir: approvedDir,
  });
  const bot = new HelpDeskBot(currentHelpDesk, escalations, {
    anonymous: !config.microsoftAppId,
    hosts: config.fileDownloadHosts,
    maxBytes: MAX_TEXT,
    timeoutMs: config.connectorTimeoutMs,
  });
  let baseUrl = '';
  let hosts = new Set<string>();
  const anonymous = !config.microsoftAppId;
  /** The dashboard's data and its suggestions: REPORTS_TOKEN, or anyone while anonymous. */
  const reportsAccess = { token: config.escalation.reportsToken, anonymous };
  const server = createServer({
    adapter,
    bot,
    serviceUrls: { anonymous, allowed: config.allowedServiceUrls, own: () => new URL(baseUrl).origin },
    hosts: () => hosts,
    routes: [
      (s) => registerReadiness(s, storage),
      (s) => registerSearchApi(s, currentHelpDesk, { token: config.searchToken, anonymous }),
      (s) => registerArticlePages(s, currentHelpDesk),
      (s) => registerReportsApi(s, { report: () => escalations.report(), dashboard: () => escalations.dashboard(), ...reportsAccess }),
      (s) => registerSuggestionsApi(s, escalations.learning, reportsAccess),
      registerDashboardPage,
      // The local chat page only works when the bot accepts anonymous calls.
      ...(anonymous ? [(s: restify.Server) => registerLocalChat(s, { baseUrl: () => baseUrl })] : []),
    ],
  });

  const host = listenAddress(config);
  await listen(server, config.port, host);
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${localHost(host)}:${port}`;
  hosts = allowedHosts(host, port, config.publicUrl);
  if (openWithoutAuth(config)) warnOpenToNetwork(host, port);
  // Article links point where users reach the bot; by default where it listens.
  config.publicUrl ||= baseUrl;
  cardSettings.articlePageBase = config.publicUrl;
  answering = undefined;
  escalations.start();
  const stopWatching = watchKnowledge(source, reloadHelpDesk, currentHelpDesk, (next) => {
    knowledge = next;
    answering = undefined;
  });
  return {
    url: baseUrl,
    config,
    helpDesk: currentHelpDesk,
    escalations,
    close: async () => {
      stopWatching();
      // Deliveries under way may still need this server (the local chat's conversations).
      await escalations.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.flush?.();
    },
  };
}

/*
 * server/: the HTTP side. Reads the configuration, wires knowledge, storage, escalations, the
 * Bot Framework adapter and the bot into a restify server with its routes (messages, health,
 * search and report APIs, article pages, the local chat when anonymous), and guards every
 * request before a body is read. `index.ts` is the entry point.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type * as restify from 'restify';
import { BotConfig, cardSettings, knowledgeLocation, listenAddress, localHost, openWithoutAuth } from './config';
import { botAuthOptions } from './appIdentity';
import { createServer, listen } from './server';
import { HelpDeskBot } from '../bot/helpDeskBot';
import { proactiveTurns } from '../bot/turnAdapter';
import { MAX_TEXT } from '../conversation/answers';
import { Conversations } from '../conversation/conversations';
import { registerLocalChat } from '../localChat/localChat';
import { ReusedClientsAuthentication } from '../bot/reusedClients';
import { registerSearchApi } from './api/searchApi';
import { registerReadiness } from './api/readiness';
import { registerArticlePages } from './api/articlePages';
import { serveKnowledge } from '../servedKnowledge/servedKnowledge';
import { FileSource } from '../knowledge/sources/fileSource';
import { AnsweringKnowledge, withCardContext } from '../cards/knowledgeCards';
import { KnowledgePrefetch, rebuildKnowledge } from '../servedKnowledge/knowledgePrefetch';
import { watchKnowledge } from '../servedKnowledge/knowledgeWatcher';
import { Escalations } from '../escalation/escalations';
import { registerReportsApi } from './api/reportsApi';
import { registerSuggestionsApi } from './api/suggestionsApi';
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
  /** Where users reach the bot: PUBLIC_URL, or else `url`. */
  publicUrl: string;
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
 * overwrite the first's tickets (storage/dataDirLock.ts). `config` is what the entry point
 * read (server/index.ts), never changed here.
 */
export async function startApp(config: BotConfig, prefetched?: Promise<KnowledgePrefetch>): Promise<RunningApp> {
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
  // The knowledge watcher must find the approved entries' folder to watch it.
  fs.mkdirSync(approvedDir, { recursive: true });
  let baseUrl = '';
  // Article links point where users reach the bot; by default where it listens, known once it does.
  const cards = cardSettings(config, () => baseUrl);
  const source = new FileSource(knowledgePaths);
  const loadKnowledge = (fromDisk?: KnowledgePrefetch, reload = false) =>
    serveKnowledge(source, { cacheFile, prefetched: fromDisk, warmUp: !reload, buildWhenStale: !reload });
  // A prefetch that failed is no loss: the knowledge is read here instead.
  let helpDesk: AnsweringKnowledge = withCardContext(loadKnowledge(await prefetched?.catch(() => undefined)), cards);
  // Rebuilt on a worker, read back here; what a warm-up compiles is compiled already
  // (typo lists are built as first needed).
  const reloadKnowledge = async (signal: AbortSignal) => loadKnowledge(await rebuildKnowledge(knowledgePaths, cacheFile, signal), true);
  const currentHelpDesk = () => helpDesk;
  const storage = openStorage(config.escalation, config.dataDir);
  const conversations = new Conversations(storage);
  const escalations = new Escalations({
    storage,
    conversations,
    // A real tenant (an app id) closes the roles, whatever the escalation settings were read from.
    config: { ...config.escalation, rolesRequired: config.escalation.rolesRequired || Boolean(config.microsoftAppId) },
    helpDesk: currentHelpDesk,
    proactive: proactiveTurns(adapter, config.microsoftAppId),
    approvedKnowledgeDir: approvedDir,
  });
  const bot = new HelpDeskBot({
    helpDesk: currentHelpDesk,
    conversations,
    escalations,
    files: { anonymous: !config.microsoftAppId, hosts: config.fileDownloadHosts, maxBytes: MAX_TEXT, timeoutMs: config.connectorTimeoutMs },
  });
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
  escalations.start();
  const stopWatching = watchKnowledge(source, reloadKnowledge, currentHelpDesk, (next) => { helpDesk = withCardContext(next, cards); });
  return {
    url: baseUrl,
    publicUrl: config.publicUrl || baseUrl,
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

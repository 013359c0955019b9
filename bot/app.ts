import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type * as restify from 'restify';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { BotConfig, readConfig } from './config';
import { createServer } from './server';
import { HelpDeskBot } from './helpDeskBot';
import { registerLocalChat } from './localChat';
import { registerSearchApi } from './searchApi';
import { registerArticlePages } from './articlePages';
import { createHelpDesk, HelpDesk } from './helpDesk';
import { watchKnowledge } from './knowledgeWatcher';
import { EscalationLog } from './escalations';
import { defaultKnowledgeDir } from '../knowledge/load';

export interface RunningApp {
  /** Base URL the server listens on, e.g. http://127.0.0.1:3978 */
  url: string;
  config: BotConfig;
  helpDesk(): HelpDesk;
  close(): Promise<void>;
}

/** Wires configuration, knowledge, the Bot Framework adapter, the bot and the HTTP server, and listens. */
export async function startApp(overrides: Partial<BotConfig> = {}): Promise<RunningApp> {
  const config = { ...readConfig(), ...overrides };
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    console.error('[onTurnError]', error);
    await context.sendActivity('Sorry, something went wrong on my side. Please try again.');
  };

  const knowledgePaths = [defaultKnowledgeDir(), ...config.knowledgePath];
  const loadHelpDesk = () => createHelpDesk(config, knowledgePaths, { cacheFile: path.join(config.dataDir, 'knowledge-cache.bin') });
  let helpDesk = loadHelpDesk();
  const currentHelpDesk = () => helpDesk;
  const escalations = new EscalationLog(path.join(config.dataDir, 'escalations.jsonl'));
  const bot = new HelpDeskBot(currentHelpDesk, escalations);
  let baseUrl = '';
  const server = createServer({
    adapter,
    bot,
    routes: [
      (s) => registerSearchApi(s, currentHelpDesk),
      (s) => registerArticlePages(s, currentHelpDesk),
      // The local chat page only works when the bot accepts anonymous calls.
      ...(config.microsoftAppId ? [] : [(s: restify.Server) => registerLocalChat(s, { baseUrl: () => baseUrl })]),
    ],
  });

  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  // Article links point where users reach the bot; by default where it listens.
  config.publicUrl ||= baseUrl;
  helpDesk.cardContext.articlePageBase = config.publicUrl;
  const stopWatching = watchKnowledge(knowledgePaths, loadHelpDesk, currentHelpDesk, (next) => { helpDesk = next; });
  return {
    url: baseUrl,
    config,
    helpDesk: currentHelpDesk,
    close: async () => {
      stopWatching();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import type { AddressInfo } from 'node:net';
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
import { createHelpDesk } from './helpDesk';
import { EscalationLog } from './escalations';
import * as path from 'node:path';

export interface RunningApp {
  /** Base URL the server listens on, e.g. http://127.0.0.1:3978 */
  url: string;
  config: BotConfig;
  close(): Promise<void>;
}

/** Wires configuration, the Bot Framework adapter, the bot and the HTTP server, and listens. */
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

  const helpDesk = createHelpDesk(config);
  const escalations = new EscalationLog(path.join(config.dataDir, 'escalations.jsonl'));
  const bot = new HelpDeskBot(() => helpDesk, escalations);
  let baseUrl = '';
  const server = createServer({
    adapter,
    bot,
    routes: [
      (s) => registerSearchApi(s, () => helpDesk),
      // The local chat page only works when the bot accepts anonymous calls.
      ...(config.microsoftAppId ? [] : [(s: restify.Server) => registerLocalChat(s, { baseUrl: () => baseUrl })]),
    ],
  });

  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    config,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

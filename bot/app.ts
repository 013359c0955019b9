import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { BotConfig, readConfig } from './config';
import { createServer } from './server';
import { HelpDeskBot } from './helpDeskBot';
import { registerLocalChat } from './localChat';

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

  const bot = new HelpDeskBot();
  let baseUrl = '';
  const server = createServer({
    adapter,
    bot,
    // The local chat page only works when the bot accepts anonymous calls.
    routes: config.microsoftAppId ? [] : [(s) => registerLocalChat(s, { baseUrl: () => baseUrl })],
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

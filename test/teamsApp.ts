import type { BotConfig } from '../server/config';
import { RunningApp, startApp } from '../server/app';
import { StubConnector } from './stubConnector';
import { tempDir } from './ticketHelpers';

/** The running bot and the fake Bot Connector its replies reach, for one suite. */
export interface SuiteApp {
  app: RunningApp;
  connector: StubConnector;
}

/**
 * Starts the bot (anonymous, on loopback, a data folder of its own) and a fake Bot
 * Connector before the suite's tests, and stops both after them.
 */
export function appForSuite(name: string, overrides: Partial<BotConfig> = {}): SuiteApp {
  const suite = {} as SuiteApp;
  before(async () => {
    suite.connector = await StubConnector.start();
    suite.app = await startApp({ port: 0, host: '127.0.0.1', microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir(name), ...overrides });
  });
  after(async () => {
    await suite.app?.close();
    await suite.connector?.close();
  });
  return suite;
}

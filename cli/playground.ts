/*
 * `npm run playground`: the Microsoft 365 Agents Playground (devDependency
 * @microsoft/m365agentsplayground), a Teams emulator in the browser, against the bot that
 * `npm start` runs on this machine. It sends what Teams sends (channel msteams, card buttons
 * as Action.Execute invokes) and takes the bot's replies on its own connector on localhost,
 * which an anonymous bot replies to only when ALLOWED_SERVICE_URLS lists it.
 */
import { ChildProcess, spawn, StdioOptions } from 'node:child_process';
import * as path from 'node:path';
import { listenAddress, localHost, processEnvironment, readConfig } from '../server/config';

/** The playground's own default port; it takes a free one when that is in use. */
const DEFAULT_PORT = 56150;

/** The origin of the playground's connector on `port` (its serviceUrl is ORIGIN/_connector): what the bot must allow. */
export const playgroundOrigin = (port: number) => `http://localhost:${port}`;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  /** Port of the playground's page; 0: any free port. */
  port: number;
  /** Its log file; without one it writes ./devTools/m365agentsplayground.log. */
  logFile: string;
  /** Open the page in the default browser. */
  openBrowser: boolean;
}

/** Starts the playground; it prints "Listening on PORT" once its page is served. */
export function spawnPlayground(options: PlaygroundOptions, stdio: StdioOptions): ChildProcess {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  // Telemetry off: it reports usage to Microsoft, and a test machine may have no network.
  const args = [cli, '-e', options.endpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'];
  const env: NodeJS.ProcessEnv = { ...processEnvironment(), M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile };
  if (!options.openBrowser) env.TEAMSAPPTESTER_BROWSER = 'none';
  return spawn(process.execPath, args, { env, stdio });
}

if (require.main === module) {
  const config = readConfig();
  if (config.microsoftAppId) {
    // The playground sends no Bot Framework token: an authenticating bot answers 401.
    console.error('The playground needs the bot running anonymously: start it with MicrosoftAppId empty.');
    process.exit(2);
  }
  const origin = playgroundOrigin(DEFAULT_PORT);
  if (!config.allowedServiceUrls.includes(origin)) {
    // An anonymous bot replies only to its own local chat: the playground's answers would be refused.
    console.error(`The bot must be allowed to reply to the playground: set ALLOWED_SERVICE_URLS=${origin} (in .env), restart npm start, then run this again.`);
    process.exit(2);
  }
  const endpoint = `http://${localHost(listenAddress(config))}:${config.port}/api/messages`;
  const logFile = path.join(config.dataDir, 'playground.log');
  console.log(`Agents Playground for the bot at ${endpoint} (start it first: npm start); log: ${logFile}`);
  const child = spawnPlayground({ endpoint, port: DEFAULT_PORT, logFile, openBrowser: true }, 'inherit');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as sinon from 'sinon';
import type { TurnContext } from 'botbuilder';
import { startApp, RunningApp } from '../bot/app';
import { HelpDeskBot } from '../bot/helpDeskBot';
import { createHelpDesk, HelpDesk } from '../bot/helpDesk';

/** Repository root, whether tests run from dist/test or test/. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
/** ../shared beside the repository: seeds and the KB archive, read at test time. */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');

export function readSeed(prefix: string): string {
  const dir = path.join(SHARED, 'seeds');
  const file = fs.readdirSync(dir).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}* in ${dir}`);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

let shared: HelpDesk | undefined;
/** The shipped knowledge base, loaded once for all tests. */
export function shippedHelpDesk(): HelpDesk {
  shared ??= createHelpDesk({ kbBaseUrl: 'https://kb.example.test/' });
  return shared;
}

/** Retries `probe` until it returns something truthy; bots answer asynchronously. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The bot on a free port with a data folder of its own, and a copy of every activity it is given. */
export interface RecordedApp {
  app: RunningApp;
  /** What reached the bot, in order (copied: the turn context is revoked after the turn). */
  received: any[];
  close(): Promise<void>;
}

export async function startRecordedApp(name: string): Promise<RecordedApp> {
  const received: any[] = [];
  const run = HelpDeskBot.prototype.run;
  const botRun = sinon.stub(HelpDeskBot.prototype, 'run').callsFake(function (this: HelpDeskBot, context: TurnContext) {
    received.push(JSON.parse(JSON.stringify(context.activity)));
    return run.call(this, context);
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `helpdesk-${name}-`));
  try {
    const app = await startApp({ port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir });
    return { app, received, close: async () => { await app.close(); botRun.restore(); } };
  } catch (error) {
    botRun.restore();
    throw error;
  }
}

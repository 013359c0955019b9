import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as sinon from 'sinon';
import type { TurnContext } from 'botbuilder';
import { startApp, RunningApp } from '../server/app';
import { readConfig } from '../server/config';
import type { BotConfig } from '../server/config';
import { HelpDeskBot } from '../bot/helpDeskBot';
import { serveKnowledge } from '../servedKnowledge/servedKnowledge';
import { AnsweringKnowledge, withCardContext } from '../cards/knowledgeCards';
import type { DetailedEntry, KnowledgeBase } from '../knowledge/types';
import type { Matcher, MatchResult } from '../matching/matcher';
import { tempDir } from './tempDir';

/** Repository root, whether tests run from dist/test or test/. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
/** The shared folder (SHARED_DIR, or ../shared beside the repository): seeds and the KB archive, read at test time. */
export const SHARED = path.resolve(process.env.SHARED_DIR ?? path.join(REPO_ROOT, '..', 'shared'));

/** The parts of the shared folder tests read. */
export type SharedPart = 'seeds' | 'kb-archive/sample';

/**
 * Skips a test, or (called in a describe's body) every test of the describe, when this part
 * of the shared folder is missing: a clone without it still runs its other tests. CI sets
 * REQUIRE_SHARED=1, and there a missing part fails instead.
 */
export function needsShared(part: SharedPart, test?: Mocha.Context): void {
  const check = (context: Mocha.Context) => {
    const dir = path.join(SHARED, part);
    if (fs.existsSync(dir)) return;
    if (process.env.REQUIRE_SHARED) throw new Error(`${dir} is missing, and REQUIRE_SHARED is set`);
    console.log(`      - skipped: needs ${dir} (set SHARED_DIR to the shared folder)`);
    context.skip();
  };
  if (test) check(test);
  else before(function () { check(this); });
}

/** A seed article's text; empty when the seeds are missing (the tests reading it are skipped, see needsShared). */
export function readSeed(prefix: string): string {
  const dir = path.join(SHARED, 'seeds');
  if (!fs.existsSync(dir)) return '';
  const file = fs.readdirSync(dir).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}* in ${dir}`);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

/** A matcher over loaded knowledge (not read back from a cache): its entries are whole, cards take its results as they are. */
export interface LoadedMatcher extends Matcher {
  match(text: string): MatchResult<DetailedEntry>;
  picked(...args: Parameters<Matcher['picked']>): MatchResult<DetailedEntry>;
  entryById(id: string): DetailedEntry | undefined;
}

type LoadedKnowledge = Omit<AnsweringKnowledge, 'kb' | 'matcher'> & { kb: KnowledgeBase<DetailedEntry>; matcher: LoadedMatcher };

let shared: LoadedKnowledge | undefined;
/** The shipped knowledge base, loaded once for all tests. */
export function shippedHelpDesk(): LoadedKnowledge {
  shared ??= withCardContext(serveKnowledge(), { kbBaseUrl: 'https://kb.example.test/', linkHosts: [] }) as unknown as LoadedKnowledge;
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

export async function startRecordedApp(name: string, overrides: Partial<BotConfig> = {}): Promise<RecordedApp> {
  const received: any[] = [];
  const run = HelpDeskBot.prototype.run;
  const botRun = sinon.stub(HelpDeskBot.prototype, 'run').callsFake(function (this: HelpDeskBot, context: TurnContext) {
    received.push(JSON.parse(JSON.stringify(context.activity)));
    return run.call(this, context);
  });
  const dataDir = tempDir(name);
  try {
    const app = await startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir, ...overrides });
    return { app, received, close: async () => { await app.close(); botRun.restore(); } };
  } catch (error) {
    botRun.restore();
    throw error;
  }
}

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

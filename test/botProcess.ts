import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventually, REPO_ROOT } from './helpers';
import { StubConnector } from './stubConnector';
import { captureLog } from './testLog';
import { tempDir } from './tempDir';

/**
 * The bot as `npm start` runs it, in a child process with DATA_DIR and file storage,
 * anonymous, on a free port (PORT=0) unless `env` says otherwise.
 */
function spawnBot(dataDir: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--disable-warning=DEP0111', path.join(REPO_ROOT, 'dist', 'server', 'index.js')], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, MicrosoftAppId: '', MicrosoftAppPassword: '', STORAGE: 'file', ESCALATION_WEBHOOK_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The bot in a child process (spawnBot), resolving with its URL once it says it listens
 * (or, given a PORT, once /healthz answers there: a LOG_LEVEL above info keeps that line
 * out). Its own process: it can be killed with SIGKILL, and it gets a CPU of its own when measured.
 */
export async function startBotProcess(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  const child = spawnBot(dataDir, env);
  let output = '';
  let stdout = '';
  // Its log goes where this process's goes (testLog.ts): printed only if the test fails.
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
    captureLog(String(chunk));
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
    captureLog(String(chunk));
  });
  const healthy = async (url: string) => (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) && url;
  const said = () => /listening on (http:[^\s"]+)/.exec(output)?.[1];
  const url = await eventually(env.PORT ? () => healthy(`http://127.0.0.1:${env.PORT}`) : said, `the bot to listen (output: ${output})`, 15_000);
  return { child, url, stdout: () => stdout };
}

/** A bot process expected not to start: its exit code and what it printed, once it has exited (within 15 s). */
export async function refusedBotProcess(dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnBot(dataDir, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  // 'close', not 'exit': what it printed last has been read by then.
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Stops the bot as a platform does (SIGTERM) and resolves with its exit code once it has exited. */
export async function stopBotProcess(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

/** The bot's stdout as log records: every line must be one JSON object. */
export function logRecords(stdout: string): Array<Record<string, any>> {
  return stdout.split('\n').filter(Boolean).map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      assert.fail(`not a JSON log line: ${line}`);
    }
  });
}

/**
 * For a suite of tests that each start bot processes: a fake Bot Connector for the suite,
 * and a fresh folder per test (removed after it).
 */
export function processSuite(prefix: string): { connector: StubConnector; dir: string } {
  const suite = {} as { connector: StubConnector; dir: string };
  before(async () => { suite.connector = await StubConnector.start(); });
  after(() => suite.connector.close());
  beforeEach(() => { suite.dir = tempDir(prefix); });
  afterEach(() => fs.rmSync(suite.dir, { recursive: true, force: true }));
  return suite;
}

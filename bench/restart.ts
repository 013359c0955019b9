import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { memoryOf } from './figures';
import { processEnvironment } from '../server/config';

/**
 * Time from starting the bot (`node dist/server/index.js`) to its first answer on
 * `/healthz`: once with no knowledge cache (a cold start), then `--runs` restarts
 * with the knowledge unchanged; then one edit of a knowledge file while the bot runs,
 * timed until the bot answers with it, with the longest the bot took to answer
 * meanwhile. `npm run bench:restart -- --kb DIR [--runs 5]`.
 * The bot reads DIR plus a temporary folder with one knowledge file (the one edited),
 * keeps its data in another, and is killed (SIGKILL) after each start, as a crash would.
 */

const POLL_MS = 10;
const TIMEOUT_MS = 120_000;
const BOT = path.resolve(__dirname, '../server/index.js');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** GET on the bot: the body when it answers 200, undefined when it does not answer. */
function get(port: number, route: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port, path: route }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve(response.statusCode === 200 ? body : undefined));
    }).on('error', () => resolve(undefined));
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** A knowledge file of one entry, the one the benchmark edits. */
function knowledgeFile(title: string): string {
  return `entries:
  - id: bench-reload
    system: Win32
    codes: ["1450"]
    names: []
    title: "${title}"
    symptoms: ["the benchmark edits this entry while the bot runs"]
    messages: []
    cause: Written by bench/restart.ts.
    resolution: ["Nothing to do."]
    related: []
    keywords: []
`;
}

interface RunningBot {
  port: number;
  process: ChildProcess;
  readyMs: number;
  /** The bot's own line on its knowledge: entries, load time, from cache or not. */
  knowledge: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts the bot and waits until /healthz answers. */
async function startBot(knowledgePath: string, dataDir: string): Promise<RunningBot> {
  const port = await freePort();
  const started = performance.now();
  const bot = spawn(process.execPath, [BOT], {
    env: { ...processEnvironment(), KNOWLEDGE_PATH: knowledgePath, DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  bot.stdout.on('data', (chunk) => { log += chunk; });
  bot.stderr.on('data', (chunk) => { log += chunk; });
  const exited = new Promise<void>((resolve) => bot.once('exit', () => resolve()));
  const stop = async () => {
    bot.kill('SIGKILL');
    await exited;
  };
  try {
    while ((await get(port, '/healthz')) === undefined) {
      if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode}):\n${log}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`not ready after ${TIMEOUT_MS} ms:\n${log}`);
      await pause();
    }
    const readyMs = performance.now() - started;
    // The line is written just after listening: wait for it, briefly.
    for (let i = 0; i < 100 && !/"msg":"Knowledge:/.test(log); i++) await pause();
    return { port, process: bot, readyMs, knowledge: /"msg":"Knowledge: ([^"]*)"/.exec(log)?.[1] ?? '(no knowledge line)', log: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Edits the knowledge file and polls the search API until the bot answers with the edit. */
async function timeReload(bot: RunningBot, file: string): Promise<{ servedMs: number; longestAnswerMs: number; answers: number }> {
  const title = `Benchmark entry, edited at ${new Date().toISOString()}`;
  const started = performance.now();
  fs.writeFileSync(file, knowledgeFile(title));
  let longestAnswerMs = 0;
  for (let answers = 0; ; answers++) {
    const asked = performance.now();
    const body = await get(bot.port, `/api/search?q=${encodeURIComponent('win32 error 1450 benchmark edits this entry')}`);
    longestAnswerMs = Math.max(longestAnswerMs, performance.now() - asked);
    if (body?.includes(title)) return { servedMs: performance.now() - started, longestAnswerMs, answers };
    if (performance.now() - started > TIMEOUT_MS) throw new Error(`the edit was not served after ${TIMEOUT_MS} ms:\n${bot.log()}`);
    await pause();
  }
}

async function main(): Promise<void> {
  const kb = option('kb');
  const runs = Number(option('runs') ?? 5);
  if (!kb || !fs.existsSync(kb) || !(runs >= 1)) {
    console.error('usage: npm run bench:restart -- --kb DIR [--runs 5]');
    process.exit(2);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-restart-'));
  const editedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-edited-'));
  const edited = path.join(editedDir, 'edited.yaml');
  fs.writeFileSync(edited, knowledgeFile('Benchmark entry, as first written'));
  const knowledgePath = [kb, editedDir].join(path.delimiter);
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const describe = (bot: RunningBot) => {
    const { rssMb } = memoryOf(bot.process.pid);
    return `ready in ${seconds(bot.readyMs)} s${rssMb ? `, RSS ${rssMb.toFixed(0)} MB` : ''}; ${bot.knowledge}`;
  };
  try {
    const cold = await startBot(knowledgePath, dataDir);
    console.log(`cold start (no cache): ${describe(cold)}`);
    await cold.stop();
    const times: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const warm = await startBot(knowledgePath, dataDir);
      times.push(warm.readyMs);
      console.log(`restart ${run}:             ${describe(warm)}`);
      await warm.stop();
    }
    times.sort((a, b) => a - b);
    console.log(`restarts: median ${seconds(times[Math.floor(times.length / 2)])} s, best ${seconds(times[0])} s, worst ${seconds(times[times.length - 1])} s`);

    const running = await startBot(knowledgePath, dataDir);
    try {
      const reload = await timeReload(running, edited);
      const { rssMb, peakMb } = memoryOf(running.process.pid);
      console.log(`reload after an edit: served in ${seconds(reload.servedMs)} s; meanwhile ${reload.answers} answers, the longest in ${reload.longestAnswerMs.toFixed(0)} ms`
        + `${peakMb ? `; RSS ${rssMb!.toFixed(0)} MB, peak ${peakMb.toFixed(0)} MB` : ''}`);
    } finally {
      await running.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(editedDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

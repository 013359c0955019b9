import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * Time from starting the bot (`node dist/bot/index.js`) to its first answer on
 * `/healthz`: once with no knowledge cache (a cold start), then `--runs` restarts
 * with the knowledge unchanged. `npm run bench:restart -- --kb DIR [--runs 5]`.
 * The bot is killed (SIGKILL) after each start, as a crash would; its data folder
 * is a new temporary one, removed at the end.
 */

const POLL_MS = 10;
const TIMEOUT_MS = 120_000;
const BOT = path.resolve(__dirname, '../bot/index.js');

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

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    http.get({ host: '127.0.0.1', port, path: '/healthz' }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

interface Start {
  readyMs: number;
  /** Resident memory when ready, where the system tells it (Linux). */
  rssMb?: number;
  /** The bot's own line on its knowledge: entries, load time, from cache or not. */
  knowledge: string;
}

/** Starts the bot, waits until /healthz answers, kills it. */
async function timeStart(kb: string, dataDir: string): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const bot: ChildProcess = spawn(process.execPath, [BOT], {
    env: { ...process.env, KNOWLEDGE_PATH: kb, DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  bot.stdout!.on('data', (chunk) => { log += chunk; });
  bot.stderr!.on('data', (chunk) => { log += chunk; });
  const exited = new Promise<void>((resolve) => bot.once('exit', () => resolve()));
  try {
    while (!(await answers(port))) {
      if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode}):\n${log}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`not ready after ${TIMEOUT_MS} ms:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const readyMs = performance.now() - started;
    const rssKb = /^VmRSS:\s+(\d+) kB/m.exec(fs.existsSync(`/proc/${bot.pid}/status`) ? fs.readFileSync(`/proc/${bot.pid}/status`, 'utf8') : '');
    // The line is written just after listening: wait for it, briefly.
    for (let i = 0; i < 100 && !/^Knowledge:/m.test(log); i++) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    return { readyMs, rssMb: rssKb ? Number(rssKb[1]) / 1024 : undefined, knowledge: /^Knowledge: (.*)$/m.exec(log)?.[1] ?? '(no knowledge line)' };
  } finally {
    bot.kill('SIGKILL');
    await exited;
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
  try {
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    const describe = (start: Start) => `ready in ${seconds(start.readyMs)} s${start.rssMb ? `, RSS ${start.rssMb.toFixed(0)} MB` : ''}; ${start.knowledge}`;
    console.log(`cold start (no cache): ${describe(await timeStart(kb, dataDir))}`);
    const times: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const warm = await timeStart(kb, dataDir);
      times.push(warm.readyMs);
      console.log(`restart ${run}:             ${describe(warm)}`);
    }
    times.sort((a, b) => a - b);
    console.log(`restarts: median ${seconds(times[Math.floor(times.length / 2)])} s, best ${seconds(times[0])} s, worst ${seconds(times[times.length - 1])} s`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

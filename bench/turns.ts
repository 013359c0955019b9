import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultKnowledgeDir, loadKnowledge } from '../knowledge/load';
import { seededRandom } from './eval/corpus';
import { codeQuestions, withTypo } from './bench';
import { cpuSecondsOf, memoryOf, percentile } from './figures';
import { StubConnector } from '../test/stubConnector';
import { startBotProcess, stopBotProcess } from '../test/botProcess';

/**
 * Turns per second of one bot instance (`node dist/server/index.js`, anonymous, file storage
 * in a temporary DATA_DIR) for concurrent Teams conversations, each user sending the next
 * message once the bot has answered the last: `npm run bench:turns [-- --concurrency 16
 * --seconds 20 --warm-up 5]`. The bot replies to a fake Bot Connector on 127.0.0.1 in
 * this process. Messages are code questions, symptom questions and pasted messages made
 * from the shipped knowledge. Latency is request to response of POST /api/messages: the
 * turn, its reply to the connector and its storage writes.
 *
 * `--new-conversations [--conversations 300000 --rss-every 30]`: every message opens a
 * new conversation of its user, with a text no user sent before, until that many were
 * opened; the bot's RSS is printed every so many seconds, to show memory stays flat once
 * the bounds of what it keeps per conversation are full.
 */

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const CONCURRENCY = arg('concurrency', 16);
const SECONDS = arg('seconds', 20);
const WARM_UP_SECONDS = arg('warm-up', 5);
const NEW_CONVERSATIONS = process.argv.includes('--new-conversations');
const CONVERSATIONS = arg('conversations', 300_000);
const RSS_EVERY_SECONDS = arg('rss-every', 30);

/** What users send, from the shipped knowledge: codes, symptoms with a typo, messages pasted whole. */
function messages(): string[] {
  const { entries } = loadKnowledge([defaultKnowledgeDir()]).kb;
  const random = seededRandom(1);
  return [
    ...codeQuestions(entries),
    ...entries.flatMap((e) => e.symptoms).map((s) => withTypo(s, random)),
    ...entries.flatMap((e) => e.messages),
  ];
}

/** A Teams user as the bot sees them: ids of Teams' shapes and lengths. */
function teamsUser(i: number) {
  return { id: `29:1${randomBytes(64).toString('base64url')}`, name: `User ${i}`, aadObjectId: randomUUID() };
}

/** A user's 1:1 chat with the bot as Teams identifies it: a conversation id of Teams' shape and length. */
function teamsConversation(from: ReturnType<typeof teamsUser>, serviceUrl: string, tenantId: string, botId: string) {
  const conversation = { conversationType: 'personal', tenantId, id: `a:1${randomBytes(96).toString('base64url')}` };
  return (text: string) => ({
    type: 'message',
    id: String(Date.now()),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from,
    conversation,
    recipient: { id: botId, name: 'Help Desk' },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin' }],
    channelData: { tenant: { id: tenantId } },
  });
}

/** A word of letters that names `n` alone: it makes a text nobody sent before without looking like a code. */
function uniqueWord(n: number): string {
  let word = '';
  do {
    word += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return word;
}

/**
 * POSTs activities to the bot's /api/messages on kept-alive connections, one per user, and
 * resolves with the status once the whole response is in (0 when the bot could not be
 * reached). node:http rather than fetch: fetch's web streams cost this process about as
 * much CPU per request as the bot's turn, on the same two cores.
 */
function messagePoster(botUrl: string, connections: number): (activity: unknown) => Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL('/api/messages', botUrl);
  return (activity) => new Promise((resolve) => {
    const body = JSON.stringify(activity);
    const request = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0)).on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

async function main(): Promise<void> {
  if (!(CONCURRENCY >= 1) || !(SECONDS > 0) || !(WARM_UP_SECONDS >= 0) || !(CONVERSATIONS >= 1) || !(RSS_EVERY_SECONDS > 0)) {
    console.error('usage: npm run bench:turns [-- --concurrency 16 --seconds 20 --warm-up 5] [--new-conversations --conversations 300000 --rss-every 30]');
    process.exit(2);
  }
  const texts = messages();
  let replies = 0;
  const stub = await StubConnector.start(() => { replies++; }, { keep: false });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-turns-'));
  const bot = await startBotProcess(dataDir, { ALLOWED_SERVICE_URLS: stub.url });
  const tenantId = randomUUID();
  const botId = `28:${randomUUID()}`;
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const started = performance.now();
  const measuredFrom = started + WARM_UP_SECONDS * 1000;
  const end = measuredFrom + SECONDS * 1000;
  let repliesBefore = 0;
  let cpuBefore: number | undefined;
  // This process's own CPU (load and fake connector): it runs on the cores the bot is measured on.
  let benchCpuBefore = process.cpuUsage();
  const postToBot = messagePoster(bot.url, CONCURRENCY);
  try {
    let opened = 0;
    const more = () => (NEW_CONVERSATIONS ? opened < CONVERSATIONS : performance.now() < end);
    const user = async (i: number) => {
      const from = teamsUser(i);
      let activity = teamsConversation(from, stub.url, tenantId, botId);
      const random = seededRandom(100 + i);
      while (more()) {
        let text = texts[Math.floor(random() * texts.length)];
        if (NEW_CONVERSATIONS) {
          activity = teamsConversation(from, stub.url, tenantId, botId);
          text = `${text} ${uniqueWord(opened++)}`;
        }
        const sent = performance.now();
        const status = await postToBot(activity(text));
        if (status !== 200) failures.set(status, (failures.get(status) ?? 0) + 1);
        if (sent >= measuredFrom) latencies.push(performance.now() - sent);
      }
    };
    const rssTimer = NEW_CONVERSATIONS ? setInterval(() => {
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      console.log(`after ${seconds} s, ${opened} conversations: bot RSS ${memoryOf(bot.child.pid).rssMb?.toFixed(0)} MB`);
    }, RSS_EVERY_SECONDS * 1000).unref() : undefined;
    setTimeout(() => {
      repliesBefore = replies;
      cpuBefore = cpuSecondsOf(bot.child.pid);
      benchCpuBefore = process.cpuUsage();
    }, measuredFrom - started).unref();
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => user(i)));
    clearInterval(rssTimer);
    const seconds = (performance.now() - measuredFrom) / 1000;
    const { rssMb, peakMb } = memoryOf(bot.child.pid);
    const cpu = cpuSecondsOf(bot.child.pid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const cpuPerTurn = cpu !== undefined && cpuBefore !== undefined ? `, ${(((cpu - cpuBefore) * 1000) / latencies.length).toFixed(2)} ms CPU per turn` : '';
    const ms = (p: number) => `${percentile(latencies, p).toFixed(1)} ms`;
    const load = NEW_CONVERSATIONS ? `${CONCURRENCY} Teams users at once, each message in a new conversation with a text of its own, ${opened} conversations` : `${CONCURRENCY} Teams conversations at once`;
    console.log(`Node ${process.version}, ${os.cpus().length} CPUs; ${texts.length} distinct messages; ${load}, ${WARM_UP_SECONDS} s warm-up, ${seconds.toFixed(0)} s measured`);
    console.log(`turns: ${latencies.length} in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} turns/s; latency p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${ms(100)}`);
    console.log(`replies posted to the connector while measured: ${replies - repliesBefore}; failed turns: ${failures.size ? [...failures].map(([status, n]) => `${n} × HTTP ${status}`).join(', ') : 'none'}`);
    console.log(`bot process: RSS ${rssMb?.toFixed(0)} MB at the end, peak ${peakMb?.toFixed(0)} MB${cpuPerTurn}`);
    console.log(`bench process (users and fake connector): ${((benchCpu.user + benchCpu.system) / 1000 / latencies.length).toFixed(2)} ms CPU per turn`);
  } finally {
    await stopBotProcess(bot.child);
    await stub.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

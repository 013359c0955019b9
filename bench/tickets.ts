import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileStorage } from '../storage/fileStorage';
import { Outbox } from '../tickets/outbox';
import { clickKey, TICKET_ID as TICKET_ID_ONLY, TicketRequest } from '../tickets/ticket';
import { TicketStore } from '../tickets/ticketStore';
import { MAX_TURNS, Turn } from '../tickets/transcript';
import { percentile } from './figures';
import { postToBot, StubConnector, userActivity } from '../test/stubConnector';
import { startBotProcess, stopBotProcess } from '../test/botProcess';

/** A ticket id anywhere in an activity. */
const TICKET_ID = new RegExp(TICKET_ID_ONLY.source.slice(1, -1));

/**
 * What a ticket costs with the default storage (local disk, group-committed journal):
 * `npm run bench:tickets [-- --n 1000 --concurrency 32]`.
 * 1. The store: a ticket and its outbox item written durably, one after the other, as
 *    the user waits for them; the bytes they take.
 * 2. One bot instance over HTTP: escalations posted to /api/messages at once (a help desk
 *    registered, replies to a local stub channel), until every user has been told the
 *    ticket id; then until every ticket card has been posted.
 */

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const N = arg('n', 1000);
const CONCURRENCY = arg('concurrency', 32);

const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `bench-tickets-${name}-`));
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A typical escalation: a question, an answer that did not help, a comment and a full transcript. */
function typicalRequest(i: number): TicketRequest {
  const turn = (role: 'user' | 'bot', text: string): Turn => ({ type: 'message', from: { id: role === 'user' ? `user-${i}` : 'bot', name: role === 'user' ? 'Ann Example' : 'Help Desk', role }, text, timestamp: new Date().toISOString() });
  const transcript = Array.from({ length: MAX_TURNS / 2 }, (_, t) => [
    turn('user', `iissync returned 2148007941 on node ${t} after the cluster failover, what now?`),
    turn('bot', 'Answered: IISSYNC status 2148007941 (0x80080005): Server execution failed because the COM+ catalog is corrupt'),
  ]).flat();
  return {
    user: { id: `user-${i}`, name: 'Ann Example', aadObjectId: '00000000-0000-0000-0000-000000000000' },
    channelId: 'msteams',
    conversation: { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: `a:1${'x'.repeat(120)}`, conversationType: 'personal' } as any, bot: { id: '28:bot', name: 'Help Desk' }, user: { id: `29:${i}`, name: 'Ann Example' } },
    question: 'iissync returned 2148007941 on node 2 after the cluster failover, what now?',
    answer: { decision: 'answer', entries: [{ id: 'iissync-2148007941', title: 'Server execution failed', system: 'IISSYNC', article: 'Q224801' }] },
    comment: 'Restarted both nodes and re-ran iissync, same error. The site is down for the whole team.',
    transcript,
  };
}

function folderBytes(folder: string): { content: number; allocated: number; files: number } {
  let content = 0;
  let allocated = 0;
  let files = 0;
  for (const name of fs.readdirSync(folder)) {
    const stat = fs.statSync(path.join(folder, name));
    content += stat.size;
    allocated += stat.blocks * 512;
    files++;
  }
  return { content, allocated, files };
}

async function storeCost(): Promise<void> {
  const storage = new FileStorage(tempDir('store'));
  const store = new TicketStore(storage);
  // Delivery never succeeds here: items stay, so their size can be measured.
  const outbox = new Outbox(storage, async () => false, { pollMs: 60_000, baseDelayMs: 60_000, maxDelayMs: 60_000, leaseMs: 1 }, () => {});
  const samples: number[] = [];
  const count = Math.min(N, 500);
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const { ticket } = await store.create(typicalRequest(i), clickKey(`card-${i}`, `user-${i}`));
    await outbox.enqueue(ticket.id);
    samples.push(performance.now() - started);
  }
  await outbox.stop();
  // Items reach their own files at a checkpoint (until then they are in the journal).
  await storage.checkpoint();
  const tickets = folderBytes(path.join(storage.root, 'ticket'));
  const items = folderBytes(path.join(storage.root, 'outbox'));
  console.log(`1. store (local disk, journal fsynced per group of writes): ${count} tickets one after the other`);
  console.log(`   ticket + outbox item stored durably: p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, ${(count / (samples.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)}/s in sequence`);
  console.log(`   on disk per ticket: ${Math.round(tickets.content / tickets.files)} bytes of JSON (10-turn transcript) + ${Math.round(items.content / items.files)} bytes outbox item until delivered;` +
    ` ${Math.round((tickets.allocated + items.allocated) / tickets.files / 1024)} KiB allocated in file system blocks`);
}

async function throughTheBot(): Promise<void> {
  const told = new Set<string>();
  let cards = 0;
  const stub = await StubConnector.start(({ conversationId, activity }) => {
    const id = activity?.type === 'message' ? TICKET_ID.exec(JSON.stringify(activity))?.[0] : undefined;
    if (id && conversationId === 'help-desk') cards++;
    else if (id) told.add(id);
  });
  // Its own process, as deployed: the load generator and the stub channel do not share its CPU.
  const bot = await startBotProcess(tempDir('bot'), { ALLOWED_SERVICE_URLS: stub.url });
  try {
    await postToBot(bot.url, userActivity(stub.url, 'help-desk', { id: 'agent' }, { text: 'register escalations here' }));
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < N) {
        const i = next++;
        const { question, comment } = typicalRequest(i);
        const click = userActivity(stub.url, `user-conversation-${i}`, { id: `user-${i}`, name: 'Ann Example' }, {
          value: { action: 'escalate', query: question, decision: 'answer', entryIds: [], comment, cardId: `card-${i}` },
        });
        const sent = performance.now();
        const status = await postToBot(bot.url, click);
        if (status !== 200) throw new Error(`escalation ${i}: HTTP ${status}`);
        latencies.push(performance.now() - sent);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const stored = (performance.now() - started) / 1000;
    while (cards < N) await new Promise((resolve) => setTimeout(resolve, 50));
    const delivered = (performance.now() - started) / 1000;
    console.log(`2. one bot instance (a process of its own) over HTTP: ${N} escalations, ${CONCURRENCY} at once`);
    console.log(`   stored durably and confirmed: ${(N / stored).toFixed(0)} escalations/s (${stored.toFixed(1)} s; ${told.size} users told a ticket id);` +
      ` request p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
    console.log(`   ${cards} ticket cards posted to the help desk after ${delivered.toFixed(1)} s (${(N / delivered).toFixed(0)}/s end to end)`);
  } finally {
    await stopBotProcess(bot.child);
    await stub.close();
  }
}

(async () => {
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs, temp folder ${os.tmpdir()}`);
  await storeCost();
  await throughTheBot();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});

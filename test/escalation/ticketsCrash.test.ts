import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { FileStorage } from '../../storage/fileStorage';
import { TicketStore } from '../../tickets/ticketStore';
import { startBotProcess } from '../botProcess';
import { postToBot, StubConnector, userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';

const TICKET_ID = /HD-[2-9A-HJ-NP-Z]{8}/;
const BURST = 400;
const CONCURRENCY = 24;
/** Confirmations seen before the bot is killed: well into the burst, well before its end. */
const KILL_AFTER = 60;

describe('tickets survive kill -9 in the middle of a burst of escalations', function () {
  this.timeout(60_000);
  const children: ChildProcess[] = [];
  let stub: StubConnector;

  after(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await stub?.close();
  });

  it('every ticket id a user was told about is stored after the restart, queued for delivery', async () => {
    /** Conversation → the ticket id its user was told: what reached the channel before the kill. */
    const told = new Map<string, string>();
    let killed = false;
    const dataDir = tempDir('crash');
    stub = await StubConnector.start(({ conversationId, activity }) => {
      if (killed || activity?.type !== 'message') return;
      const id = TICKET_ID.exec(JSON.stringify(activity))?.[0];
      if (id) told.set(conversationId, id);
      if (told.size >= KILL_AFTER && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    });

    const first = await startBotProcess(dataDir, { ALLOWED_SERVICE_URLS: stub.url });
    children.push(first.child);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));

    let next = 0;
    const statuses: number[] = [];
    const worker = async () => {
      while (next < BURST && !killed) {
        const i = next++;
        // The question first: its card's buttons carry its id, the bot keeps its text.
        statuses.push(await postToBot(first.url, userActivity(stub.url, `crash-${i}`, { id: `user-${i}` }, { text: `question ${i}` })));
        const card = stub.calls.find((call) => call.conversationId === `crash-${i}` && call.activity?.attachments);
        const questionId = /"questionId":"([^"]+)"/.exec(JSON.stringify(card?.activity ?? {}))?.[1];
        if (killed || !questionId) break;
        const click = userActivity(stub.url, `crash-${i}`, { id: `user-${i}` }, {
          value: { action: 'escalate', questionId, decision: 'none', entryIds: [], comment: `comment ${i}`, cardId: `card-${i}` },
        });
        statuses.push(await postToBot(first.url, click));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await exited;
    assert.ok(killed, 'killed in the middle of the burst');
    assert.ok(next < BURST, 'the burst was still going');
    assert.ok(statuses.includes(0), 'some escalations were cut off by the kill');

    const second = await startBotProcess(dataDir, { ALLOWED_SERVICE_URLS: stub.url });
    children.push(second.child);
    // Read beside the restarted bot, which owns the store now.
    const storage = new FileStorage(path.join(dataDir, 'store'), { readOnly: true });
    const tickets = new TicketStore(storage);
    const queued = new Set((await storage.list('outbox')).map((key) => key.slice('outbox/'.length).split('.')[0]));
    for (const [conversationId, id] of told) {
      const ticket = await tickets.get(id);
      assert.ok(ticket, `ticket ${id} told to ${conversationId} is stored`);
      const i = conversationId.slice('crash-'.length);
      assert.equal(ticket.question, `question ${i}`);
      assert.equal(ticket.comment, `comment ${i}`);
      // No help desk is registered: every ticket waits in the outbox, none was dropped.
      assert.ok(queued.has(id), `ticket ${id} is queued for delivery`);
    }
    // Every stored file is whole: the restarted bot reads all of them.
    const report = (await (await fetch(`${second.url}/api/reports`)).json()) as any;
    assert.ok(report.totals.tickets.open >= told.size);
    second.child.kill('SIGTERM');
  });
});

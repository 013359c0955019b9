import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileStorage } from '../../storage/fileStorage';
import { namespaced, withoutETag } from '../../storage/storage';
import { Outbox } from '../../tickets/outbox';
import { Reports } from '../../tickets/reports/gapReport';
import type { DetailedEntry } from '../../knowledge/types';
import { clickKey, decideDraft, newTicket, rateResolution, resolve, take, Ticket, TICKET_ID, ticketId } from '../../tickets/ticket';
import { TicketStore } from '../../tickets/ticketStore';
import { appendTurns, MAX_TURN_TEXT, MAX_TURNS, Turn } from '../../tickets/transcript';
import { resolvedCard, ticketCard } from '../../cards/cards';
import { forTeams } from '../../channels/teamsCards';
import { draftEntry } from '../../servedKnowledge/draftEntry';
import { eventually } from '../helpers';
import { storageContract } from '../storageContract';
import { adaptiveCardProblems, visibleText, walk } from '../adaptiveCardValidator';
import { shippedHelpDesk } from '../helpers';
import { FAST_OUTBOX, ticketRequest as request } from '../ticketHelpers';
import { tempDir } from '../tempDir';

const agent = (id: string) => ({ id, name: id.toUpperCase() });
const FIXED = { text: 'Restarted the print spooler', cause: '' };
const fileStorage = () => new FileStorage(tempDir('store'));

storageContract('FileStorage', fileStorage);

describe('FileStorage: durable files', () => {
  it('keeps one whole JSON file per key after a checkpoint, and no temporary file or journal', async () => {
    const storage = fileStorage();
    await storage.write({ 'ticket/HD-2345': { v: 1 } });
    await storage.create('ticket/HD-6789', { v: 2 });
    await storage.checkpoint();
    const folder = path.join(storage.root, 'ticket');
    assert.deepEqual(fs.readdirSync(folder).sort(), ['HD-2345.json', 'HD-6789.json']);
    assert.equal(JSON.parse(fs.readFileSync(path.join(folder, 'HD-2345.json'), 'utf8')).item.v, 1);
    assert.deepEqual(fs.readdirSync(storage.root), ['ticket']);
  });

  /** The folder as a crash would leave it now: a copy, opened as the next process would. */
  const afterCrash = (storage: FileStorage) => {
    const copy = tempDir('crashed');
    fs.cpSync(storage.root, copy, { recursive: true });
    return copy;
  };

  it('reads the value last written, with reads running beside writes, checkpoints and a delete, and after a restart', async () => {
    const storage = fileStorage();
    const value = async () => (await storage.read(['ticket/HD-2345']))['ticket/HD-2345']?.v;
    assert.equal(await value(), undefined);
    for (let v = 1; v <= 12; v++) {
      const beside = [value(), value()];
      await storage.write({ 'ticket/HD-2345': { v } });
      if (v % 3 === 0) await Promise.all([storage.checkpoint(), value()]);
      assert.equal(await value(), v);
      for (const read of await Promise.all(beside)) assert.ok(read === v || read === v - 1 || (v === 1 && read === undefined), `read ${read} beside the write of ${v}`);
    }
    const restarted = new FileStorage(afterCrash(storage));
    assert.equal((await restarted.read(['ticket/HD-2345']))['ticket/HD-2345'].v, 12);
    await restarted.write({ 'ticket/HD-2345': { v: 13 } });
    assert.equal((await restarted.read(['ticket/HD-2345']))['ticket/HD-2345'].v, 13);
    await restarted.delete(['ticket/HD-2345']);
    await restarted.checkpoint();
    assert.deepEqual(await restarted.read(['ticket/HD-2345']), {});
  });

  it('keeps every write that resolved when the process dies before a checkpoint, and writes them to their files', async () => {
    const storage = fileStorage();
    await storage.write({ 'ticket/HD-2345': { v: 1 }, 'ticket/HD-3456': { v: 1 } });
    await storage.checkpoint();
    await storage.write({ 'ticket/HD-2345': { v: 2 } });
    await storage.create('ticket/HD-6789', { v: 3 });
    await storage.delete(['ticket/HD-3456']);
    const restarted = new FileStorage(afterCrash(storage));
    const read = await restarted.read(['ticket/HD-2345', 'ticket/HD-3456', 'ticket/HD-6789']);
    assert.deepEqual(Object.fromEntries(Object.entries(read).map(([key, item]) => [key, item.v])), { 'ticket/HD-2345': 2, 'ticket/HD-6789': 3 });
    assert.deepEqual(await restarted.list('ticket'), ['ticket/HD-2345', 'ticket/HD-6789']);
    assert.deepEqual(fs.readdirSync(path.join(restarted.root, 'ticket')).sort(), ['HD-2345.json', 'HD-6789.json'], 'replayed into the files');
    assert.deepEqual(fs.readdirSync(restarted.root), ['ticket'], 'and the journal dropped');
  });

  it('ignores the torn end of a journal that a crash cut short', async () => {
    const storage = fileStorage();
    await storage.write({ 'ticket/HD-2345': { v: 1 } });
    const copy = afterCrash(storage);
    const journal = fs.readdirSync(copy).find((name) => name.startsWith('%%journal'))!;
    fs.appendFileSync(path.join(copy, journal), '[["ticket/HD-6789",{"key":"ticket/HD-6789","eTa');
    const restarted = new FileStorage(copy);
    assert.deepEqual(await restarted.list('ticket'), ['ticket/HD-2345']);
    assert.equal((await restarted.read(['ticket/HD-2345']))['ticket/HD-2345'].v, 1);
  });

  it('read-only, beside the process that writes: sees what it journaled, writes nothing', async () => {
    const storage = fileStorage();
    await storage.write({ 'ticket/HD-2345': { v: 1 } });
    const reader = new FileStorage(storage.root, { readOnly: true });
    assert.equal((await reader.read(['ticket/HD-2345']))['ticket/HD-2345'].v, 1);
    assert.deepEqual(await reader.list('ticket'), ['ticket/HD-2345']);
    await assert.rejects(reader.write({ 'ticket/HD-6789': { v: 2 } }), /read-only/);
    assert.ok(fs.readdirSync(storage.root).some((name) => name.startsWith('%%journal')), "the writer's journal is left alone");
  });

  it('does not list a temporary file a crash left behind', async () => {
    const storage = fileStorage();
    await storage.write({ 'ticket/HD-2345': { v: 1 } });
    await storage.checkpoint();
    fs.writeFileSync(path.join(storage.root, 'ticket', 'HD-6789.json.abc.tmp'), '{"half');
    assert.deepEqual(await storage.list('ticket'), ['ticket/HD-2345']);
  });

  it('clears temporary files an earlier process left behind, when it opens', async () => {
    const root = tempDir('store');
    fs.mkdirSync(path.join(root, 'outbox'), { recursive: true });
    const abandoned = path.join(root, 'outbox', 'HD-6789.x.json.abc.tmp');
    fs.writeFileSync(abandoned, '{"half');
    const storage = new FileStorage(root);
    await storage.write({ 'ticket/HD-2345': { v: 1 } });
    await storage.checkpoint();
    assert.equal(fs.existsSync(abandoned), false);
    assert.deepEqual(fs.readdirSync(path.join(root, 'ticket')), ['HD-2345.json']);
  });

  it('keeps botbuilder state under a namespace of its own, whatever the channel id', async () => {
    const storage = fileStorage();
    await storage.write({ 'ticket/HD-2345': { v: 1 } });
    const state = namespaced(storage, 'conversation');
    await state.write({ 'ticket/conversations/HD-2345': { forged: true } });
    assert.deepEqual(withoutETag((await storage.read(['ticket/HD-2345']))['ticket/HD-2345']), { v: 1 });
    assert.deepEqual(await storage.list('ticket'), ['ticket/HD-2345']);
    assert.equal((await state.read(['ticket/conversations/HD-2345']))['ticket/conversations/HD-2345'].forged, true);
  });

  it('keeps keys inside its folder', async () => {
    const storage = fileStorage();
    await storage.write({ '../escape': { v: 1 }, '../../x/y': { v: 2 } });
    assert.deepEqual(fs.readdirSync(path.dirname(storage.root)).filter((name) => name === 'escape.json' || name === 'x'), []);
    assert.equal((await storage.read(['../../x/y']))['../../x/y'].v, 2);
  });
});

describe('tickets: ids, idempotent creation, state changes', () => {
  it('gives short unambiguous ids, the same for the same click', () => {
    const key = clickKey('card-1', 'u1');
    assert.match(ticketId(key, 0), TICKET_ID);
    assert.equal(ticketId(clickKey('card-1', 'u1'), 0), ticketId(key, 0));
    assert.notEqual(ticketId(clickKey('card-1', 'u2'), 0), ticketId(key, 0), 'another user clicking the same card gets another ticket');
    assert.notEqual(ticketId(clickKey(undefined, 'u1'), 0), ticketId(clickKey(undefined, 'u1'), 0), 'no card id: a new ticket each time');
  });

  it('creates a ticket once per click, also when the clicks come at once', async () => {
    const store = new TicketStore(fileStorage());
    const key = clickKey('card-1', 'u1');
    const results = await Promise.all([1, 2, 3].map(() => store.create(request(), key)));
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(new Set(results.map((r) => r.ticket.id)).size, 1);
    assert.equal((await store.all()).length, 1);
  });

  it('moves on to another id when the id is taken by another ticket', async () => {
    const storage = fileStorage();
    const store = new TicketStore(storage);
    const key = clickKey('card-1', 'u1');
    await storage.create(`ticket/${ticketId(key, 0)}`, newTicket(request('someone else'), ticketId(key, 0), 'other-key', new Date()));
    const { ticket, created } = await store.create(request(), key);
    assert.ok(created);
    assert.equal(ticket.id, ticketId(key, 1));
    assert.equal((await store.create(request(), key)).ticket.id, ticket.id, 'and finds it there on the next click');
  });

  it('take, resolve, rate: who may do what, and what they are told otherwise', () => {
    const now = new Date();
    const open = newTicket(request(), 'HD-2345ABCD', 'k', now);
    const taken = take(open, agent('ann'), now).ticket;
    assert.equal(taken.status, 'assigned');
    assert.equal(taken.revision, 2);
    assert.equal(take(taken, agent('ann'), now).ticket, taken, 'taking one\'s own ticket again changes nothing');
    assert.equal(take(taken, agent('cy'), now).refused, 'HD-2345ABCD is already taken by ANN.');
    const resolved = resolve(taken, agent('cy'), now, FIXED).ticket;
    assert.equal(resolved.resolvedBy?.id, 'cy');
    assert.equal(resolved.assignedTo?.id, 'ann');
    assert.equal(resolve(resolved, agent('ann'), now, FIXED).refused, 'HD-2345ABCD is already resolved by CY.');
    assert.equal(take(resolved, agent('di'), now).refused, 'HD-2345ABCD is already resolved by CY.');
    assert.equal(resolve(open, agent('di'), now, FIXED).ticket.assignedTo?.id, 'di', 'resolving an open ticket takes it');
    assert.match(resolve(taken, agent('ann'), now, { text: ' ', cause: '' }).refused!, /Say what fixed HD-2345ABCD/, 'no resolution without saying what fixed it');
    assert.match(rateResolution(open, { id: 'u1' }, true, now).refused!, /not resolved yet/);
    const drafted = { ...resolved, draft: { entry: {} as DetailedEntry, status: 'pending' as const } };
    const discarded = decideDraft(drafted, agent('lee'), false, now).ticket;
    assert.equal(discarded.draft?.status, 'discarded');
    assert.equal(discarded.revision, drafted.revision + 1, 'the cards show the decision');
    assert.match(decideDraft(discarded, agent('di'), true, now).refused!, /already discarded by LEE/);
    const approved = decideDraft(drafted, agent('lee'), true, now).ticket;
    assert.equal(decideDraft(approved, agent('lee'), false, now).ticket.draft?.status, 'discarded', 'an approved entry can be withdrawn');
    assert.match(decideDraft(open, agent('lee'), true, now).refused!, /no draft/);
    assert.match(rateResolution(resolved, { id: 'someone' }, true, now).refused!, /Only the person who asked/);
    assert.equal(rateResolution(resolved, { id: 'u1' }, false, now).ticket.userFeedback?.helped, false);
  });

  it('of ten agents taking one ticket at once, exactly one wins and the others hear who', async () => {
    const store = new TicketStore(fileStorage());
    const { ticket } = await store.create(request(), clickKey('card-1', 'u1'));
    const agents = Array.from({ length: 10 }, (_, i) => agent(`agent${i}`));
    const outcomes = await Promise.all(agents.map((a) => store.update(ticket.id, (t, now) => take(t, a, now))));
    const winners = outcomes.filter((o) => !o!.refused);
    assert.equal(winners.length, 1);
    const winner = winners[0]!.ticket.assignedTo!;
    assert.equal((await store.get(ticket.id))!.assignedTo!.id, winner.id);
    for (const o of outcomes) if (o!.refused) assert.equal(o!.refused, `${ticket.id} is already taken by ${winner.name}.`);
  });

  it('keeps the last turns of a conversation, each cut short', () => {
    const turn = (text: string): Turn => ({ type: 'message', from: { id: 'u', role: 'user' }, text, timestamp: '' });
    const turns = appendTurns(Array.from({ length: MAX_TURNS }, (_, i) => turn(`t${i}`)), turn('x'.repeat(5000)));
    assert.equal(turns.length, MAX_TURNS);
    assert.equal(turns[0].text, 't1');
    assert.equal(turns[MAX_TURNS - 1].text.length, MAX_TURN_TEXT);
  });
});

describe('tickets: the outbox', () => {
  it('retries a failing delivery with backoff until it succeeds, then forgets the item', async () => {
    const storage = fileStorage();
    const attempts: number[] = [];
    const outbox = new Outbox(storage, async () => {
      attempts.push(Date.now());
      if (attempts.length < 4) throw new Error('receiver down');
      return true;
    }, FAST_OUTBOX, () => {});
    outbox.start();
    await outbox.enqueue('HD-2345ABCD');
    await eventually(() => attempts.length === 4, 'four attempts', 10_000);
    await eventually(async () => (await outbox.pending()) === 0, 'the item deleted');
    await outbox.stop();
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]);
    assert.ok(gaps[2] >= FAST_OUTBOX.baseDelayMs, `backs off: ${gaps}`);
  });

  it('keeps an item across a restart and lets only one instance deliver it at a time', async () => {
    const storage = fileStorage();
    const down = new Outbox(storage, async () => false, FAST_OUTBOX, () => {});
    await down.enqueue('HD-2345ABCD');
    await down.stop();
    assert.equal(await down.pending(), 1, 'not delivered: kept');

    let running = 0;
    let overlapped = false;
    const delivered: string[] = [];
    const deliver = async (id: string) => {
      overlapped ||= running > 0;
      running++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
      delivered.push(id);
      return true;
    };
    const instances = [1, 2].map(() => new Outbox(storage, deliver, FAST_OUTBOX, () => {}));
    instances.forEach((o) => o.retryAll());
    await eventually(async () => (await instances[0].pending()) === 0, 'delivered after the restart');
    await Promise.all(instances.map((o) => o.stop()));
    assert.deepEqual(delivered, ['HD-2345ABCD']);
    assert.equal(overlapped, false);
  });
});

describe('tickets: KB gap report', () => {
  it('groups unanswered questions, counts feedback and escalations per entry', async () => {
    const storage = fileStorage();
    // A group is shown as first asked: a clock that moves, so no two questions share a millisecond.
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const reports = new Reports(storage, () => new Date(clock++));
    const store = new TicketStore(storage);
    for (const q of ['How do I order a laptop?', 'how do i order a  laptop', 'coffee machine broken']) await reports.recordUnanswered(q);
    await reports.recordUnknownCodes(['MIS_31', 'MIS_31'], 'MIS_31 or mis 31?');
    await reports.recordUnknownCodes(['MIS_31', '0x80004321'], 'MIS_31 and 0x80004321');
    await reports.recordFeedback(clickKey('card-1', 'u1'), 'mis-3', 'what is MIS_3', true);
    await reports.recordFeedback(clickKey('card-1', 'u1'), 'mis-3', 'what is MIS_3', false);
    await reports.recordFeedback(clickKey('card-2', 'u2'), 'mis-3', 'what is MIS_3', false);
    await store.create({ ...request(), answer: { decision: 'answer', entries: [{ id: 'mis-3', title: 'MIS_3', system: 'ActiveSync' }] } }, clickKey('card-3', 'u3'));

    const report = await reports.build(store, (id) => (id === 'mis-3' ? 'Sync key mismatch' : undefined));
    assert.deepEqual(report.unanswered.map((q) => [q.question, q.count]), [['How do I order a laptop?', 2], ['coffee machine broken', 1]]);
    assert.deepEqual(report.unknownCodes.map((c) => [c.code, c.count]), [['MIS_31', 2], ['0x80004321', 1]]);
    assert.deepEqual(report.entries, [{ id: 'mis-3', title: 'Sync key mismatch', notHelpful: 2, helpful: 0, escalated: 1 }]);
    assert.deepEqual(report.totals.tickets, { open: 1, assigned: 0, resolved: 0 });
  });

  it('keeps the newest records of each kind within its limit, whoever floods them', async () => {
    const storage = fileStorage();
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const reports = new Reports(storage, () => new Date(clock++), { maxRecords: 30, pruneEvery: 10 });
    for (let i = 0; i < 100; i++) await reports.recordUnanswered(`question ${i}`);
    for (let i = 0; i < 100; i++) await reports.recordFeedback(clickKey(`forged-card-${i}`, 'u1'), 'mis-3', 'what is MIS_3', false);
    const report = await reports.build(new TicketStore(storage), () => undefined);
    assert.ok(report.totals.unanswered <= 30 + 10, `${report.totals.unanswered} unanswered kept`);
    assert.ok(report.unanswered.some((q) => q.question === 'question 99'), 'the newest kept');
    assert.ok(!report.unanswered.some((q) => q.question === 'question 0'), 'the oldest gone');
    assert.ok(report.totals.notHelpful <= 30 + 10, `${report.totals.notHelpful} feedback kept`);
  });
});

describe('tickets: cards', () => {
  const hostile = '[click](https://evil.example) **bold** ${$root.id}';
  const ticket = (text: string): Ticket => {
    const t = newTicket({ ...request(text), comment: text, user: { id: 'u1', name: text } }, 'HD-2345ABCD', 'k', new Date());
    t.answer = { decision: 'answer', entries: [{ id: 'x', title: 'Sync key mismatch', system: 'ActiveSync', article: 'Q224801' }] };
    t.transcript = [{ type: 'message', from: { id: 'u1', name: text, role: 'user' }, text, timestamp: '' }];
    return t;
  };
  const cardsOf = (t: Ticket) => {
    const context = shippedHelpDesk().cardContext;
    const resolved = resolve(t, agent('ann'), new Date(), { text: t.question, cause: t.question }).ticket;
    // The draft quotes the user's question, and the lead's name says who approved it.
    const entry = { ...draftEntry({ ticketId: t.id, question: t.question, resolution: t.question, cause: '', answered: [] }, shippedHelpDesk()) };
    const drafted = { ...resolved, draft: { entry, status: 'pending' as const } };
    const approved = decideDraft(drafted, { id: 'lee', name: t.user.name }, true, new Date()).ticket;
    return [ticketCard(t, context), ticketCard(resolved, context), resolvedCard(resolved), ticketCard(drafted, context), ticketCard(approved, context)];
  };

  it('ticket and resolution cards are valid Adaptive Cards 1.5, for Teams too', () => {
    const cards = cardsOf(ticket('printer jammed'));
    for (const card of cards) {
      assert.deepEqual(adaptiveCardProblems(card), []);
      assert.deepEqual(adaptiveCardProblems(forTeams(card)), []);
    }
    const titles = (card: any) => card.actions.map((a: any) => a.title);
    assert.deepEqual(titles(cards[0]), ['Take', 'Resolve', 'Conversation (1 message)']);
    assert.deepEqual(titles(cards[1]), ['Conversation (1 message)']);
    const buttons = (card: any) => { const found: string[] = []; walk(card, (node) => { if (node.type === 'Action.Submit') found.push(node.title); }); return found; };
    assert.ok(buttons(cards[3]).includes('Approve: add to the knowledge base'), 'a pending draft has its approval button');
    assert.ok(!buttons(cards[4]).includes('Approve: add to the knowledge base'), 'an approved one is not approved again');
    assert.ok(buttons(cards[4]).includes('Withdraw from the knowledge base'), 'an approved one can be withdrawn');
    assert.ok(visibleText(cards[0]).some((text) => text.includes('[Q224801](https://kb.example.test/Q224801)')));
    // A ticket card is read side by side with its conversation: Teams shows it full width.
    assert.deepEqual(cards[0].msteams, { width: 'Full' });
  });

  it('shows user text (question, comment, name, transcript) only as plain text runs', () => {
    for (const card of cardsOf(ticket(hostile))) {
      walk(card, (node) => {
        if (node.type === 'TextBlock') assert.ok(!node.text.includes('evil.example'), `user text in a markdown TextBlock: ${node.text}`);
        for (const fact of node.type === 'FactSet' ? node.facts : []) assert.ok(!JSON.stringify(fact).includes('evil.example'), `user text in a markdown fact: ${fact.value}`);
      });
    }
  });
});

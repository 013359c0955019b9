import { randomBytes } from 'node:crypto';
import { ETagConflict } from '../storage/keyValueStore';
import { readItem, TicketStorage } from '../storage/storage';
import { KeyedLock } from '../storage/keyedLock';
import { log, ticketLog } from '../observability/log';
import type { OutboxBacklog } from '../observability/metrics';

export interface OutboxTiming {
  /** How often stored items are looked at (items enqueued here are tried at once). */
  pollMs: number;
  /** First retry delay; doubled on every failure, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long an instance owns an item it is working on; another instance takes it over after that. */
  leaseMs: number;
}

/**
 * Brings one ticket up to date everywhere it is delivered. Returns false when something
 * cannot be done yet (no help desk registered), throws when something failed; both are
 * retried later. Must be idempotent: it may run again for a ticket already delivered.
 */
export type Deliver = (ticketId: string) => Promise<boolean>;

interface OutboxItem {
  ticketId: string;
  attempts: number;
  /** Epoch ms before which the item is not retried. */
  due: number;
  leaseUntil: number;
  owner: string;
  lastError?: string;
}

const NAMESPACE = 'outbox';
/** Logs a problem of the outbox, of one ticket's delivery when the ticket is known. */
export type OutboxLog = (message: string, ticketId?: string) => void;

const warn: OutboxLog = (message, ticketId) => (ticketId ? ticketLog(ticketId) : log).warn(`outbox: ${message}`);

/** The ticket id and the time enqueued, from an item's key `outbox/<ticket id>.<ms base 36>.<random>`. */
function keyParts(key: string): { ticketId: string; enqueuedAt: number } {
  const parts = key.slice(NAMESPACE.length + 1).split('.');
  return { ticketId: parts.slice(0, -2).join('.'), enqueuedAt: parseInt(parts[parts.length - 2], 36) };
}

/** Items one poll works on at once: a backlog (a help desk registered after a hundred escalations) goes out steadily. */
const CONCURRENCY = 8;

/**
 * A durable to-do list of tickets to deliver, in the same storage as the tickets. An item
 * is stored before the user is told about the ticket and deleted only once delivery
 * succeeded, so a restart, or a crash at any point, leaves it to be tried again. Each
 * enqueue is a new item (never a rewrite of a pending one), so a change made while an
 * item is being delivered is not lost when that item is deleted.
 *
 * Several instances may share the storage: an instance leases an item (an eTag write)
 * before working on it. Delivery is at least once: a crash after delivering but before
 * recording it delivers again.
 */
export class Outbox {
  /** Identifies this instance's leases. */
  private readonly owner = randomBytes(6).toString('hex');
  private readonly perTicket = new KeyedLock();
  private readonly working = new Set<string>();
  /** When items already looked at are due, so that a poll reads only those that are. */
  private readonly knownDue = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  /** A timed poll still going when the next is due is not doubled. */
  private polling = false;

  constructor(
    private readonly storage: TicketStorage,
    private readonly deliver: Deliver,
    private readonly timing: OutboxTiming,
    private readonly log: OutboxLog = warn,
  ) {}

  /** Durably records that the ticket needs delivering, then starts delivering it. */
  async enqueue(ticketId: string): Promise<void> {
    const key = `${NAMESPACE}/${ticketId}.${Date.now().toString(36)}.${randomBytes(4).toString('hex')}`;
    // Leased to this instance from the start: delivered here and now without a lease write. After a
    // crash, another instance (or this one restarted) takes it over when the lease runs out.
    const item: OutboxItem = { ticketId, attempts: 0, due: 0, leaseUntil: Date.now() + this.timing.leaseMs, owner: this.owner };
    await this.storage.create(key, item);
    this.track(this.exclusively(key, () => this.work(key, item)));
  }

  start(): void {
    this.timer ??= setInterval(() => {
      if (!this.polling) this.track(this.poll(false));
    }, this.timing.pollMs);
    this.timer.unref();
    this.track(this.poll(false));
  }

  /** Stops polling and waits for deliveries under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /** Tries every item now, due or not: something that blocked them has changed (a help desk registered). */
  retryAll(): void {
    this.track(this.poll(true));
  }

  /** Items not delivered yet. */
  async pending(): Promise<number> {
    return (await this.storage.list(NAMESPACE)).length;
  }

  /** Items not delivered yet and the age of the oldest, from their keys alone (no item is read). */
  async backlog(now = Date.now()): Promise<OutboxBacklog> {
    const keys = await this.storage.list(NAMESPACE);
    const oldest = keys.reduce((min, key) => Math.min(min, keyParts(key).enqueuedAt || now), now);
    return { items: keys.length, oldestAgeSeconds: (now - oldest) / 1000 };
  }

  private async poll(force: boolean): Promise<void> {
    this.polling = true;
    try {
      const keys = await this.storage.list(NAMESPACE);
      const listed = new Set(keys);
      for (const key of this.knownDue.keys()) if (!listed.has(key)) this.knownDue.delete(key);
      const now = Date.now();
      const due = keys.filter((key) => force || (this.knownDue.get(key) ?? 0) <= now);
      let next = 0;
      const worker = async () => {
        while (next < due.length) {
          const key = due[next++];
          await this.attempt(key, force).catch((error: Error) => this.log(error.message, keyParts(key).ticketId));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
    } finally {
      this.polling = false;
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error) => this.log((error as Error).message));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** Leases the item if it is due (or `force`) and nobody else holds it, then works on it. */
  private attempt(key: string, force: boolean): Promise<void> {
    return this.exclusively(key, async () => {
      const item = await readItem<OutboxItem>(this.storage, key);
      if (!item) return;
      const now = Date.now();
      this.knownDue.set(key, item.due);
      if ((!force && item.due > now) || (item.leaseUntil > now && item.owner !== this.owner)) return;
      const { eTag, ...fields } = item;
      const leased = { ...fields, leaseUntil: now + this.timing.leaseMs, owner: this.owner };
      try {
        await this.storage.write({ [key]: { ...leased, eTag } });
      } catch (error) {
        if (error instanceof ETagConflict) return; // another instance leased it first
        throw error;
      }
      await this.work(key, leased);
    });
  }

  /** Delivers a leased item's ticket; deletes the item when done, or schedules the next try. */
  private async work(key: string, item: OutboxItem): Promise<void> {
    // Items of one ticket run one after the other here, so one change is not delivered twice at once.
    const delivered = await this.perTicket.run(item.ticketId, () => this.deliver(item.ticketId)).catch((error: Error) => error);
    if (delivered === true) {
      await this.storage.delete([key]);
      this.knownDue.delete(key);
      return;
    }
    const attempts = item.attempts + 1;
    const due = Date.now() + this.delay(attempts);
    const lastError = delivered instanceof Error ? delivered.message : undefined;
    if (lastError) this.log(`attempt ${attempts} failed (${lastError}); next in ${((due - Date.now()) / 1000).toFixed(1)} s`, item.ticketId);
    await this.storage.write({ [key]: { ...item, attempts, due, leaseUntil: 0, owner: '', lastError, eTag: '*' } });
    this.knownDue.set(key, due);
  }

  /** Runs `work` unless this instance is already working on the item. */
  private async exclusively(key: string, work: () => Promise<void>): Promise<void> {
    if (this.working.has(key)) return;
    this.working.add(key);
    try {
      await work();
    } finally {
      this.working.delete(key);
    }
  }

  /** Exponential backoff with "equal jitter": half the delay fixed, half random, so instances do not retry in step. */
  private delay(attempts: number): number {
    const ceiling = Math.min(this.timing.maxDelayMs, this.timing.baseDelayMs * 2 ** Math.min(attempts - 1, 30));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

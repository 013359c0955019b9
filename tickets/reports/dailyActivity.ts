import { readAll, TicketStorage, updateItem } from '../../storage/storage';
import { log } from '../../observability/log';

/**
 * What became of the questions asked on one UTC day: each question is counted once, by
 * the bot's first reply to it (a pick from a clarify card is the same question), and
 * escalations by the tickets created.
 */
export interface DayCounts {
  /** "2026-12-01" (UTC). */
  day: string;
  answer: number;
  clarify: number;
  none: number;
  /** Questions naming a code the knowledge base does not document, not answered otherwise. */
  unknownCode: number;
  escalated: number;
}

export type Counted = Exclude<keyof DayCounts, 'day'>;
const COUNTED: Counted[] = ['answer', 'clarify', 'none', 'unknownCode', 'escalated'];

/** Days kept: older records are deleted when a new day is first written. */
export const KEEP_DAYS = 90;
/** How often counts are written while there are new ones: a crash loses at most this much. */
const FLUSH_MS = 5000;

const NAMESPACE = 'activity';
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

export const emptyDay = (day: string): DayCounts => ({ day, answer: 0, clarify: 0, none: 0, unknownCode: 0, escalated: 0 });

/**
 * Counts of questions by decision and of escalations, per day. A turn only adds to a
 * counter in memory: the counts go to storage every few seconds and on stop, one record
 * per day, added to whatever is stored (several instances may share the storage).
 */
export class DailyActivity {
  /** Counts not yet stored, by day. */
  private pending = new Map<string, DayCounts>();
  /** The flush under way: flushes run one after another, so no count is written twice. */
  private flushing: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private prunedFor = '';

  constructor(private readonly storage: TicketStorage, private readonly now: () => Date = () => new Date()) {}

  count(what: Counted): void {
    this.pendingOn(dayOf(this.now()))[what]++;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), FLUSH_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Stores the counts so far. A failed write keeps its counts for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.store());
    return this.flushing;
  }

  /** The stored days (after a flush), oldest first, every day from the first one stored to today, at most KEEP_DAYS. */
  async days(): Promise<DayCounts[]> {
    await this.flush();
    const stored = new Map((await readAll<DayCounts>(this.storage, NAMESPACE)).filter((d) => DAY.test(d.day)).map((d) => [d.day, d]));
    const today = this.now();
    const first = [...stored.keys()].sort()[0];
    const days: DayCounts[] = [];
    for (let back = KEEP_DAYS - 1; back >= 0; back--) {
      const day = dayOf(new Date(today.getTime() - back * DAY_MS));
      if (first === undefined || day < first) continue;
      const found = stored.get(day);
      days.push(found ? { ...emptyDay(day), ...pick(found) } : emptyDay(day));
    }
    return days;
  }

  private async store(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (const counts of batch) {
      try {
        await this.add(counts);
      } catch (error) {
        log.warn({ err: error, day: counts.day }, 'activity: the day\'s counts not stored yet');
        const kept = this.pendingOn(counts.day);
        for (const what of COUNTED) kept[what] += counts[what];
      }
    }
    const today = dayOf(this.now());
    if (batch.length && this.prunedFor !== today) {
      this.prunedFor = today;
      await this.prune(today).catch((error) => log.warn({ err: error }, 'activity: old days not deleted'));
    }
  }

  private pendingOn(day: string): DayCounts {
    let counts = this.pending.get(day);
    if (!counts) this.pending.set(day, (counts = emptyDay(day)));
    return counts;
  }

  /** Adds `counts` to the stored record of its day, created if absent, again when another writer got there first. */
  private async add(counts: DayCounts): Promise<void> {
    await updateItem<DayCounts>(this.storage, `${NAMESPACE}/${counts.day}`, (stored) => {
      const sum = { ...emptyDay(counts.day), ...(stored && pick(stored)) };
      for (const what of COUNTED) sum[what] += counts[what];
      return sum;
    });
  }

  private async prune(today: string): Promise<void> {
    const oldest = dayOf(new Date(Date.parse(today) - (KEEP_DAYS - 1) * DAY_MS));
    const old = (await this.storage.list(NAMESPACE)).filter((key) => key.slice(NAMESPACE.length + 1) < oldest);
    if (old.length) await this.storage.delete(old);
  }
}

/** The counts of a stored record, numbers only: a record edited by hand does not break the dashboard. */
function pick(stored: Partial<DayCounts>): Partial<DayCounts> {
  const counts: Partial<DayCounts> = {};
  for (const what of COUNTED) {
    const value = stored[what];
    if (Number.isSafeInteger(value) && value! >= 0) counts[what] = value;
  }
  return counts;
}

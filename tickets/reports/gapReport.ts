import { createHash, randomBytes } from 'node:crypto';
import { readAll, readBatched, TicketStorage } from '../../storage/storage';
import { nameOf, Ticket } from '../ticket';
import type { TicketStore } from '../ticketStore';

/** A question the bot had no answer for. */
interface Unanswered {
  question: string;
  at: string;
}

/** A code a user asked about that the knowledge base does not document. */
interface UnknownCodeAsked {
  /** One spelling for all its forms ("MIS_31"), as the matcher gives it. */
  code: string;
  question: string;
  at: string;
}

/** "Helpful" / "Not helpful" on an answer card; one per user, card and entry (the last click counts). */
interface Feedback {
  entryId: string;
  question: string;
  helpful: boolean;
  at: string;
}

export interface GapReport {
  generatedAt: string;
  /** Questions the knowledge base could not answer, most asked first; the same question in other words is another group. */
  unanswered: Array<{ question: string; count: number; lastAsked: string }>;
  /** Codes asked about that no entry documents, most asked first, with a question that named each. */
  unknownCodes: Array<{ code: string; count: number; lastAsked: string; question: string }>;
  /** Entries marked not helpful or escalated from, most often first. */
  entries: Array<{ id: string; title: string | null; notHelpful: number; helpful: number; escalated: number }>;
  /** Entries written from resolved tickets: those waiting for a lead first, then the decided ones; newest first in each. */
  drafts: Array<{
    ticketId: string; entryId: string; title: string; system: string; codes: string[];
    status: 'pending' | 'approved' | 'discarded'; resolvedAt: string; decidedBy: string | null; decidedAt: string | null;
  }>;
  totals: {
    unanswered: number;
    unknownCodes: number;
    helpful: number;
    notHelpful: number;
    tickets: { open: number; assigned: number; resolved: number };
    /** Users' answers to "Did this help?" after a ticket was resolved. */
    resolutionsHelped: number;
    resolutionsNotHelped: number;
    drafts: { pending: number; approved: number; discarded: number };
  };
}

/** Longest question text kept; a pasted log is recorded by its beginning. */
const MAX_QUESTION = 500;

/**
 * Records kept of each kind (unanswered questions, feedback clicks): the newest. Whoever
 * can chat can add them, so neither the store nor a report built from it grows without
 * bound. Older records are removed every PRUNE_EVERY writes.
 */
const MAX_RECORDS = 10_000;
const PRUNE_EVERY = 500;

/** What users said about the bot's answers, recorded as they say it, for the KB gap report. */
export class Reports {
  private writes = 0;

  constructor(
    private readonly storage: TicketStorage,
    private readonly now: () => Date = () => new Date(),
    private readonly limits = { maxRecords: MAX_RECORDS, pruneEvery: PRUNE_EVERY },
  ) {}

  async recordUnanswered(question: string): Promise<void> {
    const at = this.now();
    const item: Unanswered = { question: question.slice(0, MAX_QUESTION), at: at.toISOString() };
    // Keys sort by time: the epoch in base 36 keeps its length for centuries.
    await this.storage.create(`unanswered/${at.getTime().toString(36)}.${randomBytes(6).toString('hex')}`, item);
    await this.pruneNow();
  }

  /** Each code once per question: "MIS_31 or mis 31?" asks about one code. */
  async recordUnknownCodes(codes: string[], question: string): Promise<void> {
    const at = this.now();
    for (const code of new Set(codes)) {
      const item: UnknownCodeAsked = { code: code.slice(0, 64), question: question.slice(0, MAX_QUESTION), at: at.toISOString() };
      await this.storage.create(`unknowncodes/${at.getTime().toString(36)}.${randomBytes(6).toString('hex')}`, item);
    }
  }

  /** `clickKey` identifies user and card: clicking again, or changing one's mind, replaces the earlier feedback. */
  async recordFeedback(clickKey: string, entryId: string, question: string, helpful: boolean): Promise<void> {
    const item: Feedback = { entryId, question: question.slice(0, MAX_QUESTION), helpful, at: this.now().toISOString() };
    const key = createHash('sha256').update(`${clickKey}\n${entryId}`).digest('base64url').slice(0, 22);
    await this.storage.write({ [`feedback/${key}`]: { ...item, eTag: '*' } });
    await this.pruneNow();
  }

  /** Every `pruneEvery` writes, removes the oldest records beyond `maxRecords` of each kind. */
  private async pruneNow(): Promise<void> {
    if (++this.writes % this.limits.pruneEvery !== 0) return;
    const { maxRecords } = this.limits;
    const unanswered = await this.storage.list('unanswered');
    if (unanswered.length > maxRecords) await this.storage.delete(unanswered.slice(0, unanswered.length - maxRecords));
    const feedback = await this.storage.list('feedback');
    if (feedback.length > maxRecords) {
      const found = await readBatched(this.storage, feedback);
      const oldestFirst = feedback.sort((a, b) => String(found[a]?.at ?? '').localeCompare(String(found[b]?.at ?? '')));
      await this.storage.delete(oldestFirst.slice(0, feedback.length - maxRecords));
    }
  }

  /** `store`: the ticket store, or the tickets read already. */
  async build(store: Pick<TicketStore, 'all'>, titleOf: (entryId: string) => string | undefined, top = 50): Promise<GapReport> {
    const [tickets, unanswered, unknownCodes, feedback] = await Promise.all([
      store.all(),
      readAll<Unanswered>(this.storage, 'unanswered'),
      readAll<UnknownCodeAsked>(this.storage, 'unknowncodes'),
      readAll<Feedback>(this.storage, 'feedback'),
    ]);

    const entries = new Map<string, GapReport['entries'][number]>();
    const entry = (id: string) => {
      let found = entries.get(id);
      if (!found) entries.set(id, (found = { id, title: titleOf(id) ?? null, notHelpful: 0, helpful: 0, escalated: 0 }));
      return found;
    };
    for (const { entryId, helpful } of feedback) entry(entryId)[helpful ? 'helpful' : 'notHelpful']++;
    for (const ticket of tickets) for (const { id } of ticket.answer.entries) entry(id).escalated++;

    const status = (wanted: Ticket['status']) => tickets.filter((t) => t.status === wanted).length;
    const rated = (helped: boolean) => tickets.filter((t) => t.userFeedback?.helped === helped).length;
    const drafted = tickets.filter((t) => t.draft);
    const drafts = (wanted: NonNullable<Ticket['draft']>['status']) => drafted.filter((t) => t.draft!.status === wanted).length;
    return {
      generatedAt: this.now().toISOString(),
      unanswered: counted(unanswered, (u) => normalize(u.question), (u) => ({ question: u.question.trim() })).slice(0, top),
      unknownCodes: counted(unknownCodes, (u) => u.code, (u) => ({ code: u.code, question: u.question.trim() })).slice(0, top),
      entries: [...entries.values()]
        .filter((e) => e.notHelpful + e.escalated > 0)
        .sort((a, b) => b.notHelpful + b.escalated - (a.notHelpful + a.escalated) || a.id.localeCompare(b.id))
        .slice(0, top),
      drafts: drafted
        .sort((a, b) => Number(b.draft!.status === 'pending') - Number(a.draft!.status === 'pending') || b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, top)
        .map(({ id, draft, resolvedBy, updatedAt }) => ({
          ticketId: id,
          entryId: draft!.entry.id,
          title: draft!.entry.title,
          system: draft!.entry.system,
          codes: draft!.entry.codes,
          status: draft!.status,
          resolvedAt: resolvedBy?.at ?? updatedAt,
          decidedBy: draft!.decidedBy ? nameOf(draft!.decidedBy) : null,
          decidedAt: draft!.decidedBy?.at ?? null,
        })),
      totals: {
        unanswered: unanswered.length,
        unknownCodes: unknownCodes.length,
        helpful: feedback.filter((f) => f.helpful).length,
        notHelpful: feedback.filter((f) => !f.helpful).length,
        tickets: { open: status('open'), assigned: status('assigned'), resolved: status('resolved') },
        resolutionsHelped: rated(true),
        resolutionsNotHelped: rated(false),
        drafts: { pending: drafts('pending'), approved: drafts('approved'), discarded: drafts('discarded') },
      },
    };
  }
}

/** Items grouped by key and counted, most often first; each group described by the first item read. */
function counted<T extends { at: string }, D extends object>(items: T[], key: (item: T) => string, describe: (item: T) => D):
  Array<D & { count: number; lastAsked: string }> {
  const groups = new Map<string, D & { count: number; lastAsked: string }>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (!group) groups.set(key(item), { ...describe(item), count: 1, lastAsked: item.at });
    else {
      group.count++;
      if (item.at > group.lastAsked) group.lastAsked = item.at;
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked));
}

/** Questions that differ only in case, spacing and punctuation around words are one question. */
function normalize(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\-\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

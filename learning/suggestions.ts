import { readAll, readItem, TicketStorage, updateItem } from '../storage/storage';
import { entryKey, phrasingProblem, phrasingText, questionKey } from './phrasing';

const PENDING = 'suggestion';
const DECIDED = 'phrasing';

/**
 * Questions with suggestions waiting for a lead. Whoever can chat can add them, so the
 * list is bounded: past this, picks of new questions are not kept (those already listed
 * still count) until leads decide some.
 */
export const MAX_PENDING = 500;
/** Entries suggested for one question: a user picks one, seldom two. */
const MAX_ENTRIES = 5;
/** Voters and users remembered per suggestion, for withdrawals and the count of users. */
const MAX_VOTERS = 100;

/** One entry picked for a question: who did (hashed), how often, when. */
interface Votes {
  /** One per question asked (conversation and question id, hashed): withdrawn when that question is escalated. */
  voters: string[];
  /** Distinct users (hashed). */
  users: string[];
  times: number;
  lastAt: string;
}

/** A question as first asked, and the entries users resolved it with. */
interface PendingQuestion {
  question: string;
  entries: Record<string, Votes>;
}

/** A lead's decision on one phrasing of one entry. */
export interface Decided {
  entryId: string;
  phrasing: string;
  accepted: boolean;
  users: number;
  times: number;
  decidedAt: string;
}

/** A suggestion as the dashboard lists it; `id` is what a decision names. */
export interface Suggestion {
  id: string;
  question: string;
  entryId: string;
  users: number;
  times: number;
  lastAt: string;
}

/** Who resolved a question with an entry: hashes, never ids or names. */
export interface Voter {
  /** The question asked: its conversation and question id. */
  question: string;
  user: string;
}

/**
 * Suggested phrasings in the bot's storage: "suggestion/<question>" holds the entries a
 * question was resolved with (waiting for a lead), "phrasing/<question>.<entry>" a
 * lead's decision, after which the same question is not suggested for that entry again.
 */
export class Suggestions {
  constructor(private readonly storage: TicketStorage, private readonly now: () => Date = () => new Date(), private readonly maxPending = MAX_PENDING) {}

  /**
   * Counts a question as resolved by an entry; false when it is not kept: not a phrasing
   * (phrasingProblem), decided already, or the list full.
   */
  async vote(question: string, entryId: string, voter: Voter): Promise<boolean> {
    if (phrasingProblem(question)) return false;
    const key = questionKey(question);
    if (await readItem(this.storage, `${DECIDED}/${key}.${entryKey(entryId)}`)) return false;
    const pendingKey = `${PENDING}/${key}`;
    const full = !(await readItem(this.storage, pendingKey)) && (await this.storage.list(PENDING)).length >= this.maxPending;
    if (full) return false;
    const at = this.now().toISOString();
    const written = await updateItem<PendingQuestion>(this.storage, pendingKey, (current) => {
      const pending = current ?? { question: phrasingText(question), entries: {} };
      const votes = pending.entries[entryId] ?? { voters: [], users: [], times: 0, lastAt: at };
      if (!pending.entries[entryId] && Object.keys(pending.entries).length >= MAX_ENTRIES) return undefined;
      if (votes.voters.includes(voter.question)) return undefined;
      pending.entries[entryId] = {
        voters: [...votes.voters, voter.question].slice(-MAX_VOTERS),
        users: votes.users.includes(voter.user) ? votes.users : [...votes.users, voter.user].slice(-MAX_VOTERS),
        times: votes.times + 1,
        lastAt: at,
      };
      return pending;
    });
    return written !== undefined;
  }

  /** Takes back what this question counted for any entry: it was escalated, or its answer marked not helpful. */
  async withdraw(question: string, voter: Voter): Promise<void> {
    const key = `${PENDING}/${questionKey(question)}`;
    const left = await updateItem<PendingQuestion>(this.storage, key, (current) => {
      const counted = current && Object.entries(current.entries).filter(([, votes]) => votes.voters.includes(voter.question));
      if (!current || !counted?.length) return undefined;
      for (const [entryId, votes] of counted) {
        const voters = votes.voters.filter((v) => v !== voter.question);
        if (votes.times <= 1) delete current.entries[entryId];
        else current.entries[entryId] = { ...votes, voters, times: votes.times - 1 };
      }
      return current;
    });
    if (left && !Object.keys(left.entries).length) await this.storage.delete([key]);
  }

  /** Suggestions waiting for a lead, asked by the most users first, then the most often, then the latest. */
  async pending(): Promise<{ suggestions: Suggestion[]; full: boolean }> {
    const questions = await readAll<PendingQuestion>(this.storage, PENDING);
    const suggestions = questions.flatMap(({ question, entries }) => Object.entries(entries).map(([entryId, votes]) => ({
      id: `${questionKey(question)}.${entryKey(entryId)}`,
      question,
      entryId,
      users: votes.users.length,
      times: votes.times,
      lastAt: votes.lastAt,
    })));
    suggestions.sort((a, b) => b.users - a.users || b.times - a.times || b.lastAt.localeCompare(a.lastAt));
    return { suggestions, full: questions.length >= this.maxPending };
  }

  /**
   * Records a lead's decision on the suggestions with these ids, and takes them off the
   * list; returns the ids decided (an id no longer pending, decided elsewhere meanwhile, is left out).
   */
  async decide(ids: string[], accepted: boolean): Promise<string[]> {
    const byQuestion = new Map<string, Set<string>>();
    for (const id of ids) {
      const [question, entry] = id.split('.');
      if (!/^[0-9a-f]{32}$/.test(question ?? '') || !/^[0-9a-f]{16}$/.test(entry ?? '')) continue;
      byQuestion.set(question, (byQuestion.get(question) ?? new Set()).add(entry));
    }
    const decided: string[] = [];
    for (const [question, entries] of byQuestion) {
      const key = `${PENDING}/${question}`;
      const pending = await readItem<PendingQuestion>(this.storage, key);
      if (!pending) continue;
      const chosen = Object.entries(pending.entries).filter(([entryId]) => entries.has(entryKey(entryId)));
      const decidedAt = this.now().toISOString();
      await this.storage.write(Object.fromEntries(chosen.map(([entryId, votes]) => [`${DECIDED}/${question}.${entryKey(entryId)}`, {
        entryId, phrasing: pending.question, accepted, users: votes.users.length, times: votes.times, decidedAt,
      } satisfies Decided])));
      const left = await updateItem<PendingQuestion>(this.storage, key, (current) => {
        if (!current) return undefined;
        for (const [entryId] of chosen) delete current.entries[entryId];
        return current;
      });
      if (left && !Object.keys(left.entries).length) await this.storage.delete([key]);
      decided.push(...chosen.map(([entryId]) => `${question}.${entryKey(entryId)}`));
    }
    return decided;
  }

  /** The phrasings leads accepted, newest first, each with the id a withdrawal names. */
  async accepted(): Promise<Array<Decided & { id: string }>> {
    const accepted = (await this.decisions()).filter((d) => d.accepted).map((d) => ({ ...d, id: `${questionKey(d.phrasing)}.${entryKey(d.entryId)}` }));
    return accepted.sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  }

  /**
   * Takes accepted phrasings back: their decisions are deleted (so a user who resolves
   * the same question again suggests it again, for a lead to reject). Returns the ids withdrawn.
   */
  async withdrawAccepted(ids: string[]): Promise<string[]> {
    const accepted = new Set((await this.accepted()).map((d) => d.id));
    const withdrawn = [...new Set(ids)].filter((id) => accepted.has(id));
    if (withdrawn.length) await this.storage.delete(withdrawn.map((id) => `${DECIDED}/${id}`));
    return withdrawn;
  }

  /** Every decision, to write the accepted phrasings from. */
  decisions(): Promise<Decided[]> {
    return readAll<Decided>(this.storage, DECIDED);
  }

  /** The decisions' keys: they change whenever a lead decides, here or on another replica. */
  decisionKeys(): Promise<string[]> {
    return this.storage.list(DECIDED);
  }
}

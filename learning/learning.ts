import { log } from '../observability/log';
import type { TicketStorage } from '../storage/storage';
import { LearnedPhrasings } from './learnedPhrasings';
import { MAX_PENDING, Suggestion, Suggestions, Voter } from './suggestions';

/** A suggestion as the dashboard shows it: with its entry's title, null when the entry is gone. */
export type ListedSuggestion = Suggestion & { title: string | null };
/** An accepted phrasing as the dashboard shows it. */
export interface ListedPhrasing {
  id: string;
  phrasing: string;
  entryId: string;
  title: string | null;
  decidedAt: string;
}
/** A lead's decisions in one request, by id. */
export interface Decisions {
  accept: string[];
  reject: string[];
  /** Accepted phrasings taken out of the knowledge again. */
  withdraw: string[];
}

/**
 * Learning from use. A question resolved with an entry (picked from a clarify card and
 * not escalated, or its answer marked helpful) is suggested as a phrasing of that entry;
 * escalating the question or marking the answer not helpful takes that back. A lead's
 * accepted suggestions are written as knowledge (learnedPhrasings.ts).
 */
export class Learning {
  readonly suggestions: Suggestions;
  private readonly phrasings: LearnedPhrasings;

  constructor(storage: TicketStorage, knowledgeDir: string, private readonly titleOf: (entryId: string) => string | undefined) {
    this.suggestions = new Suggestions(storage);
    this.phrasings = new LearnedPhrasings(this.suggestions, knowledgeDir);
  }

  /** The user has the answer already: a failure here is only logged. */
  async resolved(question: string, entryId: string, voter: Voter): Promise<void> {
    await this.suggestions.vote(question, entryId, voter).catch((error) => log.warn({ err: error }, 'the suggested phrasing was not recorded'));
  }

  async unresolved(question: string, voter: Voter): Promise<void> {
    await this.suggestions.withdraw(question, voter).catch((error) => log.warn({ err: error }, 'the suggested phrasing was not withdrawn'));
  }

  async list(): Promise<{ suggestions: ListedSuggestion[]; full: boolean; max: number; accepted: ListedPhrasing[] }> {
    const { suggestions, full } = await this.suggestions.pending();
    const accepted = (await this.suggestions.accepted())
      .map(({ id, phrasing, entryId, decidedAt }) => ({ id, phrasing, entryId, title: this.titleOf(entryId) ?? null, decidedAt }));
    return { suggestions: suggestions.map((s) => ({ ...s, title: this.titleOf(s.entryId) ?? null })), full, max: MAX_PENDING, accepted };
  }

  /** A lead's decisions; the accepted phrasings file is written again before this resolves. */
  async decide({ accept = [], reject = [], withdraw = [] }: Partial<Decisions>): Promise<{ accepted: string[]; rejected: string[]; withdrawn: string[] }> {
    const accepted = await this.suggestions.decide(accept, true);
    const rejected = await this.suggestions.decide(reject, false);
    const withdrawn = await this.suggestions.withdrawAccepted(withdraw);
    if (accepted.length || withdrawn.length) await this.phrasings.refresh();
    return { accepted, rejected, withdrawn };
  }

  /** Writes the phrasings file when leads decided elsewhere (another replica), or on a disk that lacks it. */
  refresh(): Promise<boolean> {
    return this.phrasings.refresh();
  }
}

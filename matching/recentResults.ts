import { BoundedMap } from '../memory/boundedMap';
import type { MatchResult } from './result';

/**
 * The results of the questions matched last, by their exact text: the same question
 * asked again (a known error pasted by many users, a card's "ask" button) skips the
 * pipeline, fuse.js's phrase scoring above all. Matching depends on the text and the
 * knowledge alone, and a knowledge reload makes a new Matcher with an empty cache.
 * Bounded: at most MAX_RESULTS results, of texts of at most MAX_TEXT characters (a long
 * log is rarely pasted twice, and its key would cost the memory).
 */
const MAX_RESULTS = 1000;
const MAX_TEXT = 4000;

export class RecentResults {
  private readonly results = new BoundedMap<string, MatchResult>({ maxEntries: MAX_RESULTS });

  /** The result for `text`, made by `match` unless kept; every caller gets its own copy to change. */
  get(text: string, match: (text: string) => MatchResult): MatchResult {
    if (text.length > MAX_TEXT) return match(text);
    let result = this.results.get(text);
    if (!result) this.results.set(text, (result = match(text)));
    return copyOf(result);
  }
}

/** A copy whose arrays and matches are the caller's own; entries are the knowledge's, shared. */
function copyOf(result: MatchResult): MatchResult {
  const copy: MatchResult = {
    ...result,
    matches: result.matches.map((m) => ({ ...m, others: [...m.others] })),
    unknownCodes: result.unknownCodes.map((u) => ({ ...u })),
    systems: [...result.systems],
  };
  if (result.undecided) copy.undecided = result.undecided.map((group) => group.map((m) => ({ ...m, others: [...m.others] })));
  return copy;
}

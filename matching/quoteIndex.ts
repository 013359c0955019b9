import type { KnowledgeEntry } from '../knowledge/types';
import { messageWords, TextRuns, WILDCARD } from './messageCover';

/**
 * The messages the entries quote, found by the runs of two words they share with a
 * paste. A word search over whole articles loses a quoted message when the paste wraps
 * it in a question, cuts it at both ends or fills its placeholders with names the index
 * has never seen: the rare words around it outweigh it. Two words in a row of one
 * message are specific enough to find that message among tens of thousands, whatever
 * surrounds them.
 */

export interface QuotedMessage {
  /** Number of the entry (its place in the entries given) that quotes it. */
  entry: number;
  /** Its words, each placeholder one wildcard (`messageWords`). */
  words: string[];
}

export interface QuoteIndexOptions {
  /** Fewest literal words a message needs to be indexed: "Access denied" is said by too many. */
  minWords?: number;
  /**
   * A message of two literal words beside a placeholder ("Missing Photo <filename>") is
   * indexed too when at most this many messages hold those two words.
   */
  maxShortMessagePair?: number;
  /**
   * Pairs quoted by more messages than this ("the file", "is not") find no message on
   * their own: they only count for a message that a rarer pair found.
   */
  maxPairMessages?: number;
}

/** "Err Msg: ...", "Error Message: ...": a title that quotes a message, and where the message starts. */
const MESSAGE_TITLE = /(?:^|:\s*)(?:err(?:or)?\.? ?msg|error message)\s*:\s*/i;

/**
 * The message a title quotes, if it quotes one: other titles share words with many a
 * paste ("SMS: Package Command Manager ...") without being what it says.
 */
export function titleMessage(title: string): string[] {
  const cue = MESSAGE_TITLE.exec(title);
  return cue ? [title.slice(cue.index + cue[0].length)] : [];
}

/** The runs of two literal words of a message (none spans a placeholder). */
function messagePairs(words: string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] !== WILDCARD && words[i + 1] !== WILDCARD) pairs.push(`${words[i]} ${words[i + 1]}`);
  }
  return pairs;
}

export class QuoteIndex {
  private readonly messages: QuotedMessage[] = [];
  private readonly options: Required<QuoteIndexOptions>;
  /** Message numbers by pair of words. */
  private readonly byPair = new Map<string, number[]>();
  /** Working memory of a lookup, one slot per message. */
  private readonly weights: Float64Array;
  private readonly touched: Uint32Array;

  constructor(entries: readonly KnowledgeEntry[], options: QuoteIndexOptions = {}) {
    this.options = { minWords: 3, maxShortMessagePair: 3, maxPairMessages: 2000, ...options };
    const short: Array<{ entry: number; words: string[]; pair: string }> = [];
    entries.forEach((entry, number) => {
      for (const message of [...titleMessage(entry.title), ...entry.messages]) {
        const words = messageWords(message);
        const literal = words.filter((w) => w !== WILDCARD).length;
        const pairs = messagePairs(words);
        if (literal >= this.options.minWords) this.add({ entry: number, words }, pairs);
        else if (literal === 2 && pairs.length === 1 && words.includes(WILDCARD)) short.push({ entry: number, words, pair: pairs[0] });
      }
    });
    // Known only now: how many messages hold each pair.
    const shortCount = new Map<string, number>();
    for (const { pair } of short) shortCount.set(pair, (shortCount.get(pair) ?? 0) + 1);
    for (const { entry, words, pair } of short) {
      const holders = shortCount.get(pair)! + (this.byPair.get(pair)?.length ?? 0);
      if (holders <= this.options.maxShortMessagePair) this.add({ entry, words }, [pair]);
    }
    this.weights = new Float64Array(this.messages.length);
    this.touched = new Uint32Array(this.messages.length);
  }

  private add(message: QuotedMessage, pairs: string[]): void {
    const id = this.messages.push(message) - 1;
    for (const pair of new Set(pairs)) {
      const list = this.byPair.get(pair);
      if (list) list.push(id);
      else this.byPair.set(pair, [id]);
    }
  }

  /**
   * The messages sharing the most with a text, by the rarity of the pairs of words they
   * share (a pair in few messages weighs more), best first, at most `limit`.
   */
  candidates(text: TextRuns, limit: number): QuotedMessage[] {
    const total = this.messages.length;
    let count = 0;
    for (const pair of text.pairs) {
      const list = this.byPair.get(pair);
      if (!list || list.length > this.options.maxPairMessages) continue;
      const weight = Math.log(1 + total / list.length);
      for (const id of list) {
        if (this.weights[id] === 0) this.touched[count++] = id;
        this.weights[id] += weight;
      }
    }
    const found: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      const id = this.touched[i];
      found.push([id, this.weights[id]]);
      this.weights[id] = 0;
    }
    found.sort((a, b) => b[1] - a[1]);
    return found.slice(0, limit).map(([id]) => this.messages[id]);
  }
}

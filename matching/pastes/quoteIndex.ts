import type { KnowledgeEntry } from '../../knowledge/types';
import { codeValue } from '../../knowledge/importers/codesInText';
import { parseCode } from '../codes/codes';
import { isLevelWord } from './logNoise';
import { fillsTemplate, MAX_FILL, messageWords, TextRuns, WILDCARD } from './messageCover';

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
  /**
   * Fewest literal words a message needs to be indexed: "Access denied" is said by too
   * many. The codes its entry lists count for none: "Fatal Error C0000005" says no more
   * than its code, which the code index finds in every article listing it; the parameters
   * after a stop code ("STOP: 0x0000001e (0xc0000005, 0xa00b7ca8, ...)") say which one it is.
   */
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

/**
 * "Err Msg: ...", "Error Message: ...", after a product's name too ("Windows Err Msg: ..."):
 * a title that quotes a message, and where the message starts.
 */
const MESSAGE_TITLE = /(?:^|:\s*|\s)(?:err(?:or)?\.? ?msg|error message)\s*:\s*/i;

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

/**
 * The index as plain data, for the knowledge cache: a restart reads it back instead of
 * reading every entry's messages again.
 */
export interface QuoteIndexData {
  /** The entry number of each message. */
  entries: Uint32Array;
  /** Each message's words, joined by spaces. */
  texts: string[];
  /** Each pair, and the messages holding it: `ids[offsets[i]]` to `ids[offsets[i + 1]]`. */
  pairs: string[];
  offsets: Uint32Array;
  ids: Uint32Array;
}

export class QuoteIndex {
  private readonly data: QuoteIndexData;
  /** The number of each pair in `data.pairs`. */
  private readonly pairNumbers: Map<string, number>;
  /** Each message's words, split from its text when first a candidate. */
  private readonly messages: Array<QuotedMessage | undefined>;
  private readonly options: Required<QuoteIndexOptions>;
  /**
   * The messages with placeholders, by the words they start with: the first one or two
   * literal words of a message that starts with them, else (`afterFill`) of its first
   * literal piece.
   */
  private readonly templates = { leading: new Map<string, number[]>(), afterFill: new Map<string, number[]>() };
  /** Working memory of a lookup, one slot per message. */
  private readonly weights: Float64Array;
  private readonly touched: Uint32Array;

  /** `data`: the index of these same entries as `toData()` returned it, which spares reading their messages. */
  constructor(entries: readonly KnowledgeEntry[], options: QuoteIndexOptions = {}, data?: QuoteIndexData) {
    this.options = { minWords: 3, maxShortMessagePair: 3, maxPairMessages: 2000, ...options };
    this.data = data ?? quoteIndexData(entries, this.options);
    this.pairNumbers = new Map(this.data.pairs.map((pair, i) => [pair, i]));
    const count = this.data.texts.length;
    this.messages = new Array(count);
    this.weights = new Float64Array(count);
    this.touched = new Uint32Array(count);
    this.data.texts.forEach((text, id) => {
      // Read back at every start: only the messages with placeholders are split.
      if (!text.includes(WILDCARD)) return;
      const words = text.split(' ');
      const start = words.findIndex((word) => word !== WILDCARD);
      push(start > 0 ? this.templates.afterFill : this.templates.leading, leadKey(words.slice(start)), id);
      if (start === 0 && leadsWithLevel(words)) push(this.templates.leading, leadKey(words.slice(1)), id);
    });
  }

  toData(): QuoteIndexData {
    return this.data;
  }

  private message(id: number): QuotedMessage {
    return (this.messages[id] ??= { entry: this.data.entries[id], words: this.data.texts[id].split(' ') });
  }

  /**
   * The messages sharing the most with a text, by the rarity of the pairs of words they
   * share (a pair in few messages weighs more), best first, at most `limit`.
   */
  candidates(text: TextRuns, limit: number): QuotedMessage[] {
    const { offsets, ids } = this.data;
    const total = this.messages.length;
    let count = 0;
    for (const pair of text.pairs) {
      const number = this.pairNumbers.get(pair);
      if (number === undefined) continue;
      const [start, end] = [offsets[number], offsets[number + 1]];
      if (end - start > this.options.maxPairMessages) continue;
      const weight = Math.log(1 + total / (end - start));
      for (let i = start; i < end; i++) {
        const id = ids[i];
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
    return found.slice(0, limit).map(([id]) => this.message(id));
  }

  /**
   * The messages with placeholders that the words are, filled in (`fillsTemplate`): a
   * short message of common words ("Cannot access <filename>.") that no rare pair finds.
   */
  filledBy(words: readonly string[]): QuotedMessage[] {
    const ids = new Set<number>();
    const look = (map: Map<string, number[]>, at: number) => {
      for (const key of [words[at], `${words[at]} ${words[at + 1]}`]) for (const id of map.get(key) ?? []) ids.add(id);
    };
    look(this.templates.leading, 0);
    // Two placeholders may come first.
    for (let at = 1; at <= 2 * MAX_FILL && at < words.length; at++) look(this.templates.afterFill, at);
    return [...ids].map((id) => this.message(id)).filter((message) => fillsTemplate(message.words, words)
      || (leadsWithLevel(message.words) && fillsTemplate(message.words.slice(1), words)));
  }
}

/**
 * "ERROR: Adding user <user name> to group <group name>": pasted as a log line, the
 * message loses its first word with the level (`logMessage`); found without it too.
 */
function leadsWithLevel(words: string[]): boolean {
  return words.length > 2 && words[1] !== WILDCARD && isLevelWord(words[0]);
}

/** The one or two literal words a message's words start with. */
function leadKey(words: string[]): string {
  return words[1] === undefined || words[1] === WILDCARD ? words[0] : `${words[0]} ${words[1]}`;
}

function push(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

/**
 * How many of a message's words say what it is: not its placeholders, nor the codes its
 * entry lists, read as the importer reads codes (`codeValue`: "c0000005", "80004005", "1603").
 */
function literalWords(words: readonly string[], codes: ReadonlySet<string>): number {
  return words.filter((word) => word !== WILDCARD && !codes.has(parseCode(codeValue(word) ?? '') ?? '')).length;
}

/**
 * Indexes the messages the entries quote (and "Err Msg:" titles) by their pairs of words.
 * A message needs `minWords` literal words; one of two words beside a placeholder is
 * indexed when at most `maxShortMessagePair` messages hold those two words.
 */
function quoteIndexData(entries: readonly KnowledgeEntry[], options: Required<QuoteIndexOptions>): QuoteIndexData {
  const messages: QuotedMessage[] = [];
  const byPair = new Map<string, number[]>();
  const add = (message: QuotedMessage, pairs: string[]) => {
    const id = messages.push(message) - 1;
    for (const pair of new Set(pairs)) push(byPair, pair, id);
  };
  // Found by no pair, a message of two literal words and placeholders is found filled in whole (`filledBy`).
  const templates: QuotedMessage[] = [];
  const short: Array<{ message: QuotedMessage; pair: string }> = [];
  entries.forEach((entry, number) => {
    const codes = new Set(entry.codes.map((code) => parseCode(code)).filter((key) => key !== undefined));
    for (const text of [...titleMessage(entry.title), ...entry.messages]) {
      const words = messageWords(text);
      const literal = literalWords(words, codes);
      const pairs = messagePairs(words);
      if (literal >= options.minWords) add({ entry: number, words }, pairs);
      else if (literal === 2 && pairs.length === 1 && words.includes(WILDCARD)) short.push({ message: { entry: number, words }, pair: pairs[0] });
      else if (literal === 2 && words.includes(WILDCARD)) templates.push({ entry: number, words });
    }
  });
  // Known only now: how many messages hold each pair.
  const shortCount = new Map<string, number>();
  for (const { pair } of short) shortCount.set(pair, (shortCount.get(pair) ?? 0) + 1);
  for (const { message, pair } of short) {
    add(message, shortCount.get(pair)! + (byPair.get(pair)?.length ?? 0) <= options.maxShortMessagePair ? [pair] : []);
  }
  for (const message of templates) add(message, []);
  const lists = [...byPair.values()];
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, i) => (offsets[i + 1] = offsets[i] + list.length));
  const ids = new Uint32Array(offsets[lists.length]);
  lists.forEach((list, i) => ids.set(list, offsets[i]));
  return {
    entries: Uint32Array.from(messages, (m) => m.entry),
    texts: messages.map((m) => m.words.join(' ')),
    pairs: [...byPair.keys()],
    offsets,
    ids,
  };
}


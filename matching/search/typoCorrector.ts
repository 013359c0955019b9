import Fuse from 'fuse.js';

/**
 * Typo correction of single words against a vocabulary, with fuse.js (bitap). Words are
 * grouped by first letter and length (a typo rarely changes either by more than one),
 * and within a group the pairs of adjacent letters a word shares with the typed one rule
 * out most words before bitap reads them: bitap over whole groups cost up to 15 ms for
 * one misspelt word at 57k articles. What bitap cannot see (two letters swapped, a slip in
 * an ending the vocabulary's stemming removed) is looked up word by word (`respelled`).
 */

export interface Correction {
  /** Index of the word in the vocabulary. */
  word: number;
  /** 1 for the word itself, less the more edits it takes. */
  similarity: number;
}

export interface TypoOptions {
  /** fuse.js threshold for correcting a word (0 exact .. 1 anything): errors per letter of the typed word. */
  threshold: number;
  /** Words shorter than this are never corrected: too many near neighbours. */
  minLength: number;
  /** How many words one typed word may be corrected to. */
  maxCorrections: number;
}

/** How many of a group's closest words are weighed for each correction kept: the commonest of them win. */
const CANDIDATES_PER_CORRECTION = 4;
/** Similarities this close (a twentieth apart) are as close: then the commoner word goes first. */
const SIMILARITY_STEPS = 20;

/** Pairs of letters a..z as numbers below 26 * 26. */
const PAIRS = 26 * 26;

/** Words of one first letter and length, with where each pair of letters occurs (CSR: offsets by pair, then word positions). */
interface Group {
  words: string[];
  /** Indexes of the words in the vocabulary. */
  ids: number[];
  pairOffsets: Uint32Array;
  pairWords: Uint32Array;
}

/** bitap reads at most 32 characters of a pattern: longer words are compared with every word of their groups. */
const BITAP_LIMIT = 32;

/** Letters inserted, deleted, replaced or two neighbours swapped to turn one word into the other (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/** The distinct pairs of adjacent letters of a word, as numbers ("abc": ab, bc). */
function letterPairs(word: string): number[] {
  const pairs = new Set<number>();
  for (let i = 0; i + 1 < word.length; i++) {
    const a = word.charCodeAt(i) - 97;
    const b = word.charCodeAt(i + 1) - 97;
    if (a >= 0 && a < 26 && b >= 0 && b < 26) pairs.add(a * 26 + b);
  }
  return [...pairs];
}

/**
 * Fewest of a typed word's letter pairs a word must hold for bitap to find the typed word
 * in it with at most `errors` edits: an edit breaks at most two of them.
 */
function sharedPairsNeeded(pairs: number, errors: number): number {
  return pairs - 2 * errors;
}

/** How many typed words' slips are kept: a few messages' worth. */
const RECENT_SLIPS = 1000;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** How many last letters may hold a slip that hides an ending from the stemmer ("missng", "crashs"). */
const ENDING = 3;

/**
 * The words one slip from a word that bitap, reading stems, cannot find: two neighbouring
 * letters swapped anywhere but the first; a letter dropped, added or replaced among the
 * last `ENDING`, where a slip hides the ending the stemmer would remove. A slip before
 * an ending left whole is bitap's ("happning": "happn": "happen").
 */
export function respellings(word: string): string[] {
  const words: string[] = [];
  for (let i = 1; i + 1 < word.length; i++) words.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = Math.max(1, word.length - ENDING); i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) words.push(head + tail.slice(1));
    for (const letter of LETTERS) {
      words.push(head + letter + tail);
      if (tail && letter !== tail[0]) words.push(head + letter + tail.slice(1));
    }
  }
  return words;
}

function groupOf(words: string[], ids: number[]): Group {
  const pairsOf = words.map(letterPairs);
  const pairOffsets = new Uint32Array(PAIRS + 1);
  for (const pairs of pairsOf) for (const pair of pairs) pairOffsets[pair + 1]++;
  for (let pair = 0; pair < PAIRS; pair++) pairOffsets[pair + 1] += pairOffsets[pair];
  const pairWords = new Uint32Array(pairOffsets[PAIRS]);
  const next = pairOffsets.slice(0, PAIRS);
  pairsOf.forEach((pairs, position) => {
    for (const pair of pairs) pairWords[next[pair]++] = position;
  });
  return { words, ids, pairOffsets, pairWords };
}

export class TypoCorrector {
  private groups: Map<string, Group> | undefined;
  private idsByWord: Map<string, number> | undefined;
  /** The vocabulary word a word is, as the vocabulary writes words (stemmed), if any. */
  private readonly termOf: (word: string) => number | undefined;
  /** The slips of the words typed lately: a message is analysed more than once, by its parts and whole. */
  private readonly recentSlips = new Map<string, Correction[]>();

  /**
   * `frequency`: how common each vocabulary word is (documents holding it). Of corrections
   * as close to the typed word, the commoner go first: people mistype common words far
   * more often than they type a word one article misspelt ("windw": "window", not "windwo").
   */
  constructor(private readonly vocabulary: readonly string[], private readonly options: TypoOptions,
    private readonly frequency: (word: number) => number = () => 0,
    termOf?: (word: string) => number | undefined) {
    this.termOf = termOf ?? ((word) => (this.idsByWord ??= new Map(vocabulary.map((w, id) => [w, id]))).get(word));
  }

  /** Whether a typed word is a candidate for correction at all. */
  corrects(word: string): boolean {
    return word.length >= this.options.minLength && !/\d/.test(word);
  }

  /** The closest vocabulary words to a word the vocabulary lacks, closest first. */
  corrections(typed: string): Correction[] {
    if (!this.corrects(typed)) return [];
    const { threshold, maxCorrections } = this.options;
    const typedPairs = letterPairs(typed);
    const maxEdits = Math.max(1, Math.floor(threshold * typed.length));
    const needed = typed.length > BITAP_LIMIT ? 0 : sharedPairsNeeded(typedPairs.length, Math.floor(threshold * typed.length));
    const found: Correction[] = [];
    for (let length = typed.length - 1; length <= typed.length + 1; length++) {
      const group = this.groupMap().get(`${typed[0]}${length}`);
      if (!group) continue;
      let near: number[];
      if (needed <= 0) near = group.words.map((_, position) => position);
      else {
        // Count the typed word's pairs in every word of the group that has any.
        near = [];
        const shared = new Uint8Array(group.words.length);
        for (const pair of typedPairs) {
          for (let p = group.pairOffsets[pair]; p < group.pairOffsets[pair + 1]; p++) {
            if (++shared[group.pairWords[p]] === needed) near.push(group.pairWords[p]);
          }
        }
        // In the group's order, so that fuse.js breaks ties as it would over the whole group.
        near.sort((a, b) => a - b);
      }
      if (!near.length) continue;
      const fuse = new Fuse(near.map((position) => group.words[position]), { includeScore: true, threshold, ignoreLocation: true });
      for (const r of fuse.search(typed, { limit: maxCorrections * CANDIDATES_PER_CORRECTION })) {
        // bitap finds the typed word inside a word with what is left over unread: "reset"
        // inside "restor" (three edits), as well as "windw" inside "window" (one).
        if (editDistance(typed, group.words[near[r.refIndex]]) > maxEdits) continue;
        // bitap finds "windw" whole inside "windwo": a word of another length is still a letter away.
        const similarity = Math.min(1 - (r.score ?? 1), length === typed.length ? 1 : 1 - 1 / typed.length);
        found.push({ word: group.ids[near[r.refIndex]], similarity });
      }
    }
    return this.closestFirst(found);
  }

  /** The closest to the typed word first, and of those as close, the commonest. */
  private closestFirst(found: Correction[]): Correction[] {
    const closeness = (c: Correction) => Math.round(c.similarity * SIMILARITY_STEPS);
    return found.sort((x, y) => closeness(y) - closeness(x) || this.frequency(y.word) - this.frequency(x.word)).slice(0, this.options.maxCorrections);
  }

  /**
   * The vocabulary words one slip away from a word the vocabulary lacks, as the index
   * writes words (`termOf`: stemmed), which bitap cannot see: two letters swapped
   ("feild": "field"), or a slip in an ending the stemmer would have removed ("missng":
   * "missing": "miss"). The first letter is kept, as `corrections` keeps it (`respellings`).
   */
  private respelled(typed: string): Correction[] {
    if (!this.corrects(typed)) return [];
    const found = new Map<number, Correction>();
    const similarity = 1 - 1 / typed.length;
    for (const candidate of respellings(typed)) {
      const id = this.termOf(candidate);
      if (id !== undefined) found.set(id, { word: id, similarity });
    }
    return [...found.values()];
  }

  /** `corrections` and `respelled` together, each word once at its closest. */
  slipsOf(typed: string): Correction[] {
    let slips = this.recentSlips.get(typed);
    if (slips) return slips;
    const closest = new Map<number, Correction>();
    for (const c of [...this.corrections(typed), ...this.respelled(typed)]) {
      if (c.similarity > (closest.get(c.word)?.similarity ?? -1)) closest.set(c.word, c);
    }
    slips = this.closestFirst([...closest.values()]);
    if (this.recentSlips.size >= RECENT_SLIPS) this.recentSlips.clear();
    this.recentSlips.set(typed, slips);
    return slips;
  }

  /** Groups the vocabulary, which the first correction would otherwise pay for. */
  prepare(): void {
    this.groupMap();
  }

  /** The vocabulary's words by first letter and length, grouped on first use. */
  private groupMap(): Map<string, Group> {
    if (!this.groups) {
      const building = new Map<string, { words: string[]; ids: number[] }>();
      this.vocabulary.forEach((word, id) => {
        if (!this.corrects(word)) return;
        const name = `${word[0]}${word.length}`;
        let group = building.get(name);
        if (!group) building.set(name, (group = { words: [], ids: [] }));
        group.words.push(word);
        group.ids.push(id);
      });
      this.groups = new Map([...building].map(([name, { words, ids }]) => [name, groupOf(words, ids)]));
    }
    return this.groups;
  }
}

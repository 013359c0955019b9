/**
 * Words people shorten ("defrag" for "defragmenter", "config", "admin", "synch"): the
 * longer vocabulary words a typed word begins, found by binary search in the vocabulary
 * sorted once by spelling.
 */

export interface ShortenedOptions {
  /** Fewest letters of a typed word read as the start of longer words: shorter ones begin too many. */
  minLength: number;
  /** Fewest letters a longer word has beyond the typed one: "printer" is no shortening of "printers". */
  moreLetters: number;
  /** Fewest documents holding a longer word for it to count: rarer ones are names and slips. */
  minDocs: number;
  /** Most longer words found for one typed word: the commonest. */
  most: number;
}

const SHORTENED_DEFAULTS: ShortenedOptions = { minLength: 5, moreLetters: 3, minDocs: 3, most: 2 };

export class ShortenedWords {
  private sorted: Uint32Array | undefined;

  /** `frequency`: how many documents hold each vocabulary word. */
  constructor(private readonly vocabulary: readonly string[], private readonly frequency: (word: number) => number,
    private readonly options: ShortenedOptions = SHORTENED_DEFAULTS) {}

  /** The commonest vocabulary words that the word begins, longer by a few letters; none for a word with digits. */
  longerWords(word: string): number[] {
    const { minLength, moreLetters, minDocs, most } = this.options;
    if (word.length < minLength || /\d/.test(word)) return [];
    const sorted = this.sortedWords();
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.vocabulary[sorted[middle]] < word) low = middle + 1;
      else high = middle;
    }
    const found: number[] = [];
    for (let i = low; i < sorted.length && this.vocabulary[sorted[i]].startsWith(word); i++) {
      const id = sorted[i];
      if (this.vocabulary[id].length >= word.length + moreLetters && this.frequency(id) >= minDocs) found.push(id);
    }
    return found.sort((a, b) => this.frequency(b) - this.frequency(a)).slice(0, most);
  }

  /** Sorts the vocabulary, which the first lookup would otherwise pay for. */
  prepare(): void {
    this.sortedWords();
  }

  private sortedWords(): Uint32Array {
    this.sorted ??= Uint32Array.from(this.vocabulary.keys())
      .sort((a, b) => (this.vocabulary[a] < this.vocabulary[b] ? -1 : this.vocabulary[a] > this.vocabulary[b] ? 1 : 0));
    return this.sorted;
  }
}

import Fuse from 'fuse.js';
import { tokenize } from './text';

/**
 * An inverted index over documents with weighted fields, scored with BM25, and
 * typo-tolerant: a query word the index does not know is corrected to the closest
 * indexed words with fuse.js (bitap), which sees only single words, well within its
 * 32-character pattern limit.
 */

export interface FieldText {
  /** Field weight: a match in a title counts more than one in a resolution. */
  weight: number;
  texts: string[];
}

export interface IndexOptions {
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** BM25 length normalisation (0: none, 1: full). */
  b?: number;
  /** fuse.js threshold for correcting a word (0 exact .. 1 anything). */
  typoThreshold?: number;
  /** Words shorter than this are never corrected: too many near neighbours. */
  minTypoLength?: number;
  /** How many indexed words one unknown query word may be corrected to. */
  maxCorrections?: number;
}

/** A query word as the index understood it. */
export interface QueryTerm {
  /** As typed (stemmed). */
  term: string;
  /** Indexed words it matched, with how close each is (1: exact). */
  matches: Array<{ term: string; similarity: number }>;
  /** Rarity of the word: the weight it has in the confidence of a match. */
  idf: number;
}

export interface ScoredDoc {
  doc: number;
  /** BM25 score. */
  score: number;
  /** Share of the query's weight (idf) that this document contains, 0..1. */
  coverage: number;
}

interface Posting {
  doc: number;
  /** Field-weighted term frequency. */
  tf: number;
}

export class SearchIndex {
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private readonly options: Required<IndexOptions>;
  /** Indexed words grouped by first letter, each group searched by its own fuse.js instance. */
  private readonly typoBuckets = new Map<string, Fuse<string>>();

  constructor(options: IndexOptions = {}) {
    this.options = { k1: 1.2, b: 0.5, typoThreshold: 0.25, minTypoLength: 4, maxCorrections: 3, ...options };
  }

  get size(): number {
    return this.lengths.length;
  }

  get vocabularySize(): number {
    return this.postings.size;
  }

  /** Adds a document; returns its number. */
  add(fields: FieldText[]): number {
    const doc = this.lengths.length;
    const tf = new Map<string, number>();
    let length = 0;
    for (const field of fields) {
      for (const text of field.texts) {
        for (const term of tokenize(text)) {
          tf.set(term, (tf.get(term) ?? 0) + field.weight);
          length += field.weight;
        }
      }
    }
    for (const [term, weight] of tf) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push({ doc, tf: weight });
    }
    this.lengths.push(length);
    this.totalLength += length;
    this.typoBuckets.clear();
    return doc;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.length ?? 0;
    const n = this.lengths.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** The query's distinct words with what the index knows of each. */
  analyze(text: string): QueryTerm[] {
    const terms: QueryTerm[] = [];
    for (const term of new Set(tokenize(text))) {
      const matches = this.postings.has(term) ? [{ term, similarity: 1 }] : this.corrections(term);
      // An unknown word weighs like a rare one: the knowledge base has no answer about it.
      const idf = matches.length ? Math.max(...matches.map((m) => this.idf(m.term))) : this.idf(term);
      terms.push({ term, matches, idf });
    }
    return terms;
  }

  /** Documents containing any of the terms, best first. */
  search(terms: QueryTerm[], limit = 20): ScoredDoc[] {
    const { k1, b } = this.options;
    const totalIdf = terms.reduce((sum, t) => sum + t.idf, 0) || 1;
    const averageLength = this.totalLength / Math.max(1, this.lengths.length) || 1;
    const scores = new Map<number, { score: number; covered: number }>();
    for (const query of terms) {
      // Count a word once per document even when several corrections hit it.
      const best = new Map<number, { score: number; similarity: number }>();
      for (const { term, similarity } of query.matches) {
        const idf = this.idf(term);
        for (const { doc, tf } of this.postings.get(term) ?? []) {
          const norm = tf + k1 * (1 - b + (b * this.lengths[doc]) / averageLength);
          const score = similarity * idf * ((tf * (k1 + 1)) / norm);
          const previous = best.get(doc);
          if (!previous || previous.score < score) best.set(doc, { score, similarity });
        }
      }
      for (const [doc, { score, similarity }] of best) {
        const entry = scores.get(doc) ?? { score: 0, covered: 0 };
        entry.score += score;
        entry.covered += query.idf * similarity;
        scores.set(doc, entry);
      }
    }
    return [...scores]
      .map(([doc, { score, covered }]) => ({ doc, score, coverage: Math.min(1, covered / totalIdf) }))
      .sort((x, y) => y.coverage - x.coverage || y.score - x.score)
      .slice(0, limit);
  }

  private corrections(term: string): Array<{ term: string; similarity: number }> {
    if (term.length < this.options.minTypoLength || /\d/.test(term)) return [];
    return this.typoBucket(term[0])
      .search(term, { limit: this.options.maxCorrections })
      .filter((r) => Math.abs(r.item.length - term.length) <= 2)
      .map((r) => ({ term: r.item, similarity: 1 - (r.score ?? 1) }));
  }

  private typoBucket(letter: string): Fuse<string> {
    let fuse = this.typoBuckets.get(letter);
    if (!fuse) {
      const words = [...this.postings.keys()].filter((w) => w[0] === letter && w.length >= this.options.minTypoLength);
      fuse = new Fuse(words, { includeScore: true, threshold: this.options.typoThreshold, ignoreLocation: true });
      this.typoBuckets.set(letter, fuse);
    }
    return fuse;
  }
}

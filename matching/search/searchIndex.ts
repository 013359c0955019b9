import { Associations, learnAssociations, relatedWords } from './associations';
import { closenessInMeaning, LatentSemantics, learnLatentSemantics, NO_SEMANTICS } from './latentSemantics';
import { FieldText, PostingsBuilder } from './postings';
import { asTerm, tokenize } from './text';
import { ShortenedWords } from './shortenedWords';
import { TypoCorrector } from './typoCorrector';
import { topK } from './topK';
import { AnalyzeOptions, INDEX_DEFAULTS, IndexOptions } from './indexOptions';

/**
 * An inverted index over documents with weighted fields, scored with BM25, and
 * typo-tolerant: a query word the index does not know is corrected to the closest
 * indexed words with fuse.js (bitap), which sees only single words, well within its
 * 32-character pattern limit.
 *
 * Postings live in typed arrays (one Uint32Array of document numbers and one
 * Float32Array of weighted term frequencies, sliced by term), so that tens of
 * thousands of articles stay compact in memory and the index can be written to disk
 * and read back in a fraction of the time it takes to build.
 */

/** A query word as the index understood it. */
export interface QueryTerm {
  /** As typed (stemmed). */
  term: string;
  /** Indexed words it matched, with how close each is (1: exact). */
  matches: Array<{ term: number; similarity: number }>;
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

/** The index as plain data, for writing to disk (v8.serialize keeps typed arrays compact). */
export interface IndexData {
  terms: string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Per posting: the word's frequency, weighted and normalised field by field (BM25F). */
  tf: Float32Array;
  /** Per posting: how fully the document holds the word, 0..255 (see `fullCoverageWeight`). */
  held: Uint8Array;
  /** How many documents the index holds. */
  size: number;
  /** Each word's related words (associations.ts), learned by `associate`. */
  relatedOffsets: Uint32Array;
  related: Uint32Array;
  /** What words mean here (latentSemantics.ts), learned by `learnMeanings`. */
  semantics: LatentSemantics;
}

/** Corpus size from which the commonest words are left out of queries, and coverage is graded. */
const COMMON_TERM_MIN_DOCS = 1000;
/** Share of documents a word may appear in and still be searched for. */
const COMMON_TERM_SHARE = 0.1;
/**
 * Share of documents from which a word is left out even when the query has little else
 * ("microsoft windows nt returned 10"): in most documents, it tells none apart, and
 * reading its postings would cost more than the rest of the match.
 */
const NEARLY_ALL_SHARE = 0.5;
/**
 * A typed word this rare, next to a word this many times commoner a letter away, is read as
 * both: "keybord" is one article's slip and every other article's "keyboard"; "licence" is
 * the spelling of a few articles and "license" that of hundreds.
 */
const SLIP = { mostDocs: 10, timesCommoner: 50 };
/** How much a related word counts for the word it is related to (1: the word itself). */
const RELATED_SIMILARITY = 0.3;
/** Fewest documents holding a word for it to have related words: rarer ones are names and slips. */
const RELATED_MIN_DOCS = 3;

export class SearchIndex {
  private readonly options: Required<IndexOptions>;
  private terms: string[] = [];
  private termIds = new Map<string, number>();
  private offsets: Uint32Array = new Uint32Array(1);
  private docs: Uint32Array = new Uint32Array(0);
  private tf: Float32Array = new Float32Array(0);
  private held: Uint8Array = new Uint8Array(0);
  private documents = 0;
  /** While documents are added; compacted into the typed arrays above by `freeze`. */
  private building: PostingsBuilder | undefined = new PostingsBuilder();
  /** Corrects query words the index does not know to indexed ones. */
  private typos = new TypoCorrector([], { threshold: 0, minLength: 0, maxCorrections: 0 });
  private shortened = new ShortenedWords([], () => 0);
  private associations: Associations = { offsets: new Uint32Array(1), related: new Uint32Array(0) };
  private semantics: LatentSemantics = NO_SEMANTICS;
  /**
   * Per-document working memory of a search, one slot per document, reused so that a
   * query touching most of the corpus allocates nothing per document.
   */
  private scores = new Float64Array(0);
  private covered = new Float64Array(0);
  private seen = new Uint8Array(0);
  private found = new Uint32Array(0);
  /** The best score of the current word's corrections in each document, and which documents. */
  private termScore = new Float64Array(0);
  private termSimilarity = new Float32Array(0);
  private termDocs = new Uint32Array(0);

  constructor(options: IndexOptions = {}) {
    this.options = { ...INDEX_DEFAULTS, ...options };
  }

  static fromData(data: IndexData, options: IndexOptions = {}): SearchIndex {
    const index = new SearchIndex(options);
    index.building = undefined;
    index.terms = data.terms;
    index.offsets = data.offsets;
    index.docs = data.docs;
    index.tf = data.tf;
    index.held = data.held;
    index.documents = data.size;
    index.associations = { offsets: data.relatedOffsets, related: data.related };
    index.semantics = data.semantics;
    index.afterFreeze();
    return index;
  }

  toData(): IndexData {
    this.freeze();
    const { offsets: relatedOffsets, related } = this.associations;
    return { terms: this.terms, offsets: this.offsets, docs: this.docs, tf: this.tf, held: this.held, size: this.documents, relatedOffsets, related, semantics: this.semantics };
  }

  /**
   * Learns which words stand for each other from every document's problem told twice (its
   * title and its symptoms; associations.ts), among words neither rare nor common. Once
   * the documents are all in; a small knowledge base has too few documents to learn from.
   */
  associate(tellings: Iterable<{ title: string; symptoms: string[] }>): void {
    this.freeze();
    if (!this.isLarge) return;
    const n = this.documents;
    const ids = (texts: string[]) => texts.flatMap((text) => tokenize(text).flatMap((word) => {
      const id = this.termIds.get(word);
      return id !== undefined && this.documentFrequency(id) >= RELATED_MIN_DOCS && this.documentFrequency(id) <= n * COMMON_TERM_SHARE ? [id] : [];
    }));
    const described = function* () {
      for (const { title, symptoms } of tellings) yield { title: ids([title]), symptoms: ids(symptoms) };
    };
    this.associations = learnAssociations(described(), this.terms.length);
  }

  /**
   * Learns what words mean in these documents (latentSemantics.ts), for `closenessInMeaning`.
   * Once the documents are all in; a small knowledge base is too small to learn from.
   */
  learnMeanings(): void {
    this.freeze();
    if (!this.isLarge) return;
    this.semantics = learnLatentSemantics({ documents: this.documents, offsets: this.offsets, docs: this.docs, tf: this.tf });
  }

  /**
   * How close in meaning each document is to the query's words (cosine, -1..1; 0 when
   * nothing was learned). The words as typed and their typos' corrections count; related
   * words (at `RELATED_SIMILARITY`) do not: they are already a reading of the word's meaning.
   */
  closenessInMeaning(terms: QueryTerm[], docs: number[]): number[] {
    this.freeze();
    const words = terms.flatMap((t) => t.matches.filter((m) => m.similarity > RELATED_SIMILARITY).map((m) => ({ word: m.term, weight: m.similarity })));
    return closenessInMeaning(this.semantics, words, docs);
  }

  /** Large enough for words in many documents to say little, and for words mentioned in passing to count less. */
  get isLarge(): boolean {
    return this.size >= COMMON_TERM_MIN_DOCS;
  }

  get size(): number {
    return this.building ? this.building.documents : this.documents;
  }

  get vocabularySize(): number {
    return this.building ? this.building.vocabularySize : this.terms.length;
  }

  /** Bytes held by the postings. */
  get byteSize(): number {
    this.freeze();
    return this.offsets.byteLength + this.docs.byteLength + this.tf.byteLength + this.held.byteLength;
  }

  /** Adds a document; returns its number. Documents are added before the first search. */
  add(fields: FieldText[]): number {
    if (!this.building) throw new Error('the index is frozen: documents are added before searching');
    return this.building.add(fields);
  }

  /** Compacts the postings into typed arrays (postings.ts); called by the first search. */
  freeze(): void {
    if (!this.building) return;
    this.documents = this.building.documents;
    ({ terms: this.terms, offsets: this.offsets, docs: this.docs, tf: this.tf, held: this.held } =
      this.building.build(this.options.b, this.options.fullCoverageWeight));
    this.building = undefined;
    this.afterFreeze();
  }

  private afterFreeze() {
    this.termIds = new Map(this.terms.map((term, i) => [term, i]));
    const n = this.documents;
    this.scores = new Float64Array(n);
    this.covered = new Float64Array(n);
    this.seen = new Uint8Array(n);
    this.found = new Uint32Array(n);
    this.termScore = new Float64Array(n);
    this.termSimilarity = new Float32Array(n);
    this.termDocs = new Uint32Array(n);
    const { typoThreshold: threshold, minTypoLength: minLength, maxCorrections } = this.options;
    this.shortened = new ShortenedWords(this.terms, (term) => this.documentFrequency(term));
    this.typos = new TypoCorrector(this.terms, { threshold, minLength, maxCorrections }, (term) => this.documentFrequency(term),
      (word) => {
        const term = asTerm(word);
        return term === undefined ? undefined : this.termIds.get(term);
      });
  }

  /** For a word a few documents hold, the far commoner word it may be a slip of (`SLIP`). */
  private commonerTwin(id: number, corrections: () => Array<{ term: number; similarity: number }>): Array<{ term: number; similarity: number }> {
    const df = this.documentFrequency(id);
    if (!this.isLarge || df > SLIP.mostDocs) return [];
    return corrections().filter((c) => c.term !== id && this.documentFrequency(c.term) >= df * SLIP.timesCommoner).slice(0, 1);
  }

  private documentFrequency(term: number): number {
    return this.offsets[term + 1] - this.offsets[term];
  }

  private idfOf(df: number): number {
    const n = this.documents;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * The query's distinct words with what the index knows of each. `correctTypos`
   * is for typed questions; a pasted message is exact, and its unknown words are ids.
   * `keepCommon`: words in many documents are searched too (not those in nearly all):
   * in a problem told in the user's own words, "file" and "open" may be the title's.
   */
  analyze(text: string, { typos: correctTypos = true, common: keepCommon = false, related = false }: AnalyzeOptions = {}): QueryTerm[] {
    this.freeze();
    const analyzed: QueryTerm[] = [];
    const n = this.documents;
    const words = [...new Set(tokenize(text))];
    const inMoreThan = (share: number) => (id: number | undefined) =>
      id !== undefined && this.isLarge && this.documentFrequency(id) > n * share;
    const isCommon = inMoreThan(keepCommon ? NEARLY_ALL_SHARE : COMMON_TERM_SHARE);
    const isNearlyAll = inMoreThan(NEARLY_ALL_SHARE);
    // In a large corpus a word many documents contain says little and costs the most to
    // score: left out, unless the query has hardly anything else to go on.
    const known = words.filter((w) => this.termIds.has(w));
    const skipCommon = known.filter((w) => !isCommon(this.termIds.get(w))).length >= 2;
    const skipNearlyAll = known.some((w) => !isNearlyAll(this.termIds.get(w)));
    for (const term of words) {
      const id = this.termIds.get(term);
      if ((skipCommon && isCommon(id)) || (skipNearlyAll && isNearlyAll(id))) continue;
      // Numbers the index does not know are times, ids and counts (codes are matched apart).
      if (id === undefined && /^\d+$/.test(term)) continue;
      // Nor is a word with digits a typo of another ("0x80110473" is no "0x80110474").
      const corrections = () => this.typos.slipsOf(term).map((c) => ({ term: c.word, similarity: c.similarity }));
      const matches = id !== undefined ? [{ term: id, similarity: 1 }, ...(correctTypos ? this.commonerTwin(id, corrections) : [])]
        : correctTypos && !/\d/.test(term) ? corrections() : [];
      // An unknown word weighs like a rare one: the knowledge base has no answer about it.
      // A corrected word weighs like the commonest word it may stand for: "micrsooft"
      // means "microsoft", not the rare misspelling one article has.
      const idf = matches.length
        ? Math.min(...matches.map((m) => this.idfOf(this.documentFrequency(m.term))))
        : this.idfOf(0);
      // A related word stands in for the word, whose rarity it keeps.
      if (related && id !== undefined && matches.length === 1) {
        for (const other of relatedWords(this.associations, id)) matches.push({ term: other, similarity: RELATED_SIMILARITY });
      }
      // So do the longer words it begins: people shorten words ("defrag", "config", "synch").
      if (related) {
        for (const longer of this.shortened.longerWords(term)) {
          if (!matches.some((m) => m.term === longer)) matches.push({ term: longer, similarity: RELATED_SIMILARITY });
        }
      }
      analyzed.push({ term, matches, idf });
    }
    return analyzed;
  }

  /**
   * Documents containing any of the terms, best first: by coverage, then BM25, or by BM25 alone (`rankBy`).
   * `minCoverage`: documents covering less of the query are left out. Knowing it lets
   * the search skip (MaxScore) the documents that only the query's commonest words
   * would bring in: once the words left to read weigh less than that share, they only
   * add to the documents the rarer words found.
   */
  search(terms: QueryTerm[], limit = 20, minCoverage = 0, rankBy: 'coverage' | 'score' = 'coverage'): ScoredDoc[] {
    this.freeze();
    let unread = terms.reduce((sum, t) => sum + t.idf, 0);
    const totalIdf = unread || 1;
    const needed = minCoverage * totalIdf;
    // In a small, hand-written knowledge base every field is written to be matched: any mention holds a word fully.
    const gradeHolding = this.isLarge;
    let found = 0;
    for (const query of [...terms].sort((x, y) => y.idf - x.idf)) {
      const opensDocs = unread >= needed;
      unread -= query.idf;
      // A word counts once per document even when several corrections hit it: the best one.
      let hitCount = 0;
      for (const { term, similarity } of query.matches) {
        const idf = this.idfOf(this.documentFrequency(term));
        for (let p = this.offsets[term]; p < this.offsets[term + 1]; p++) {
          const doc = this.docs[p];
          if (!opensDocs && !this.seen[doc]) continue;
          const tf = this.tf[p];
          const score = similarity * this.bm25(idf, tf);
          if (score <= this.termScore[doc]) continue;
          if (this.termScore[doc] === 0) this.termDocs[hitCount++] = doc;
          this.termScore[doc] = score;
          // How fully the document holds the word: by its weighted, length-normalised frequency.
          this.termSimilarity[doc] = similarity * (gradeHolding ? this.held[p] / 255 : 1);
        }
      }
      for (let i = 0; i < hitCount; i++) {
        const doc = this.termDocs[i];
        if (!this.seen[doc]) {
          this.seen[doc] = 1;
          this.found[found++] = doc;
        }
        this.scores[doc] += this.termScore[doc];
        this.covered[doc] += query.idf * this.termSimilarity[doc];
        this.termScore[doc] = 0;
      }
    }
    // Ranked by document number, not by a result object each: a common word finds tens of
    // thousands of documents, and objects for all of them are garbage a query leaves behind.
    // `covered` becomes each kept document's coverage, read by the ranking and the results.
    let kept = 0;
    for (let i = 0; i < found; i++) {
      const doc = this.found[i];
      const coverage = Math.min(1, this.covered[doc] / totalIdf);
      if (coverage < minCoverage) {
        this.clear(doc);
        continue;
      }
      this.covered[doc] = coverage;
      this.found[kept++] = doc;
    }
    const byScore = (x: number, y: number) => this.scores[y] - this.scores[x];
    const best = topK(this.found.subarray(0, kept), limit,
      rankBy === 'score' ? byScore : (x, y) => this.covered[y] - this.covered[x] || byScore(x, y));
    const results = best.map((doc) => ({ doc, score: this.scores[doc], coverage: this.covered[doc] }));
    for (let i = 0; i < kept; i++) this.clear(this.found[i]);
    return results;
  }

  /** Leaves a document's scratch scores as the next search expects them. */
  private clear(doc: number): void {
    this.scores[doc] = 0;
    this.covered[doc] = 0;
    this.seen[doc] = 0;
  }

  /** How many of the terms the document holds as typed (not through a typo correction). */
  heldExactly(terms: QueryTerm[], doc: number): number {
    this.freeze();
    return terms.filter((t) => t.matches.some((m) => m.similarity === 1 && this.holds(m.term, doc))).length;
  }

  /** Whether the term's postings (in document order) list the document: a binary search. */
  private holds(term: number, doc: number): boolean {
    let low = this.offsets[term];
    let high = this.offsets[term + 1] - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.docs[mid] === doc) return true;
      if (this.docs[mid] < doc) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  private bm25(idf: number, tf: number): number {
    const { k1 } = this.options;
    return (idf * tf * (k1 + 1)) / (tf + k1);
  }

  /** Builds the word groups typo correction searches, which the first searches would otherwise pay for. */
  prepareCorrections(): void {
    this.freeze();
    this.typos.prepare();
    this.shortened.prepare();
  }
}

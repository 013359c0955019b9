/**
 * The search index's options, declared and documented in one place: how it scores and
 * corrects (`IndexOptions`), and what a query's analysis reads (`AnalyzeOptions`).
 */

export interface IndexOptions {
  /** BM25 term-frequency saturation. */
  k1?: number;
  /**
   * BM25 length normalisation (0: none, 1: full), of each field against that field's average
   * length (BM25F): a long resolution says little of each word in it, and a title, short by
   * nature, is not favoured over other fields for being short.
   */
  b?: number;
  /** fuse.js threshold for correcting a word (0 exact .. 1 anything). */
  typoThreshold?: number;
  /** Words shorter than this are never corrected: too many near neighbours. */
  minTypoLength?: number;
  /** How many indexed words one unknown query word may be corrected to. */
  maxCorrections?: number;
  /**
   * Weighted frequency (field weight times occurrences, over the document's relative
   * length) at which a document holds a query word fully, for coverage: a word in a
   * title or a quoted message (weight 3) is fully there; one in a long resolution only
   * in part. Without it, "fix" in a resolution counts as much as "ComboBox" in a title.
   */
  fullCoverageWeight?: number;
}

export const INDEX_DEFAULTS: Required<IndexOptions> = { k1: 1.2, b: 0.9, typoThreshold: 0.25, minTypoLength: 4, maxCorrections: 3, fullCoverageWeight: 3 };

/** What `analyze` reads of a text. */
export interface AnalyzeOptions {
  /** Words the index does not know are corrected to indexed ones (a typed question's typos). Default true. */
  typos?: boolean;
  /** Words in more than a tenth of a large corpus are kept (in most documents, they still go). */
  common?: boolean;
  /** Each word also finds its related words (`associate`) and the longer words it begins (`ShortenedWords`), at `RELATED_SIMILARITY` (searchIndex.ts). */
  related?: boolean;
}

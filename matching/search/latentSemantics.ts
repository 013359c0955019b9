import { product, truncatedSvd } from './randomizedSvd';

/**
 * What words mean in one knowledge base, learned from it at import (latent semantic
 * analysis, Deerwester et al. 1990): the documents × words matrix, reduced to its strongest
 * directions, places words that the same documents use ("hang", "freeze", "stops
 * responding") near each other, and each document where its words are. A description and
 * a document then have a closeness in meaning even where they share few words. It weighs
 * in beside BM25, never alone: one direction holds many topics.
 */

export interface LatentSemanticsOptions {
  /** Directions kept: enough for a corpus's topics, few enough to merge their synonyms. */
  dimensions: number;
  /** Random directions sampled beyond them (`SvdOptions` in randomizedSvd.ts). */
  oversampling: number;
  /** Passes of AᵀA beyond the first (`SvdOptions`). */
  powerIterations: number;
  /** Fewest documents holding a word for it to take part: rarer ones are names and slips. */
  minDocs: number;
  /** Largest share of documents holding a word for it to take part: commoner ones mean little. */
  maxShare: number;
}

const LATENT_DEFAULTS: LatentSemanticsOptions = { dimensions: 100, oversampling: 20, powerIterations: 1, minDocs: 3, maxShare: 0.5 };
const SEED = 20261207;

export interface LatentSemantics {
  dimensions: number;
  /** Per vocabulary word, its row in `words`, or `NOT_KEPT` (a word too rare or too common to take part). */
  rows: Uint32Array;
  /** Kept words × dimensions: each word's direction, scaled by its weight in a query (its rarity). */
  words: Float32Array;
  /** Documents × dimensions: each document's place, of length 1 (zero for one of no kept word). */
  documents: Float32Array;
}

/** The postings a semantics is learned from: per word, the documents holding it and how often (BM25F's weighted frequency). */
export interface PostingsView {
  documents: number;
  offsets: Uint32Array;
  docs: Uint32Array;
  tf: Float32Array;
}

const NOT_KEPT = 0xffffffff;

export const NO_SEMANTICS: LatentSemantics = { dimensions: 0, rows: new Uint32Array(0), words: new Float32Array(0), documents: new Float32Array(0) };

/** Learns the words' directions and the documents' places from the postings. */
export function learnLatentSemantics(postings: PostingsView, options: LatentSemanticsOptions = LATENT_DEFAULTS): LatentSemantics {
  const { documents, offsets, docs, tf } = postings;
  const vocabulary = offsets.length - 1;
  const kept: number[] = [];
  for (let word = 0; word < vocabulary; word++) {
    const df = offsets[word + 1] - offsets[word];
    if (df >= options.minDocs && df <= documents * options.maxShare) kept.push(word);
  }
  // The matrix to reduce, on the kept words alone: a damped frequency times the word's rarity.
  const rarities = kept.map((word) => rarityOf(offsets[word + 1] - offsets[word], documents));
  const columnOffsets = new Uint32Array(kept.length + 1);
  kept.forEach((word, c) => (columnOffsets[c + 1] = columnOffsets[c] + offsets[word + 1] - offsets[word]));
  const rowOf = new Uint32Array(columnOffsets[kept.length]);
  const values = new Float32Array(rowOf.length);
  kept.forEach((word, c) => {
    for (let p = offsets[word], q = columnOffsets[c]; p < offsets[word + 1]; p++, q++) {
      rowOf[q] = docs[p];
      values[q] = Math.log1p(tf[p]) * rarities[c];
    }
  });
  const matrix = { rows: documents, columns: kept.length, offsets: columnOffsets, rowOf, values };
  const svd = truncatedSvd(matrix, { rank: options.dimensions, oversampling: options.oversampling, powerIterations: options.powerIterations, seed: SEED });
  const dimensions = svd.rank;
  const rows = new Uint32Array(vocabulary).fill(NOT_KEPT);
  const words = new Float32Array(kept.length * dimensions);
  kept.forEach((word, c) => {
    rows[word] = c;
    for (let k = 0; k < dimensions; k++) words[c * dimensions + k] = svd.right[c * dimensions + k] * rarities[c];
  });
  // A document's place is its row of A·V: its words' directions, each as the matrix weighs it.
  const placed = product(matrix, Float64Array.from(svd.right), dimensions);
  return { dimensions, rows, words, documents: unitRows(placed, documents, dimensions) };
}

/** How close in meaning each document is to the words (cosine, -1..1): each word counted by `weight` (a typo's correction less). */
export function closenessInMeaning(semantics: LatentSemantics, words: Array<{ word: number; weight: number }>, docs: number[]): number[] {
  const { dimensions } = semantics;
  if (!dimensions) return docs.map(() => 0);
  const query = new Float64Array(dimensions);
  for (const { word, weight } of words) {
    const row = semantics.rows[word];
    if (row === NOT_KEPT) continue;
    for (let k = 0; k < dimensions; k++) query[k] += weight * semantics.words[row * dimensions + k];
  }
  const length = Math.sqrt(query.reduce((sum, x) => sum + x * x, 0));
  if (!length) return docs.map(() => 0);
  return docs.map((doc) => {
    let dot = 0;
    for (let k = 0; k < dimensions; k++) dot += query[k] * semantics.documents[doc * dimensions + k];
    return dot / length;
  });
}

function rarityOf(df: number, documents: number): number {
  return Math.log(documents / df);
}

function unitRows(m: Float64Array, rows: number, width: number): Float32Array {
  const unit = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let k = 0; k < width; k++) norm += m[r * width + k] ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < width; k++) unit[r * width + k] = m[r * width + k] * scale;
  }
  return unit;
}

import { tokenize } from './text';

/**
 * The postings of an index while documents are added, compacted once into typed arrays
 * (`build`): each word's documents in order, with its frequency weighted and normalised
 * field by field (BM25F) and how fully each document holds it.
 */

/** Most fields a document has: a posting keeps its field and count in one number while building. */
const FIELD_SLOTS = 16;
/** Length normalisation of coverage (see `fullCoverageWeight`), apart from the ranking's `b`. */
const COVERAGE_B = 0.5;

export interface FieldText {
  /** Field weight: a match in a title counts more than one in a resolution. */
  weight: number;
  texts: string[];
}

/** Postings as typed arrays, sliced by word (`offsets`). */
export interface Postings {
  terms: string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Per posting: the word's frequency, weighted and normalised field by field (BM25F). */
  tf: Float32Array;
  /** Per posting: how fully the document holds the word, 0..255 (see `fullCoverageWeight`). */
  held: Uint8Array;
}

export class PostingsBuilder {
  /** Per term, (document, field + FIELD_SLOTS × occurrences) pairs. */
  private readonly lists = new Map<string, number[]>();
  /** Each field's weight, and its length in every document. */
  private readonly fields: Array<{ weight: number; lengths: number[] }> = [];
  private added = 0;

  /** How many documents were added. */
  get documents(): number {
    return this.added;
  }

  get vocabularySize(): number {
    return this.lists.size;
  }

  /** Adds a document; returns its number. */
  add(fields: FieldText[]): number {
    if (fields.length > FIELD_SLOTS) throw new Error(`at most ${FIELD_SLOTS} fields`);
    const doc = this.added++;
    fields.forEach((field, f) => {
      this.fields[f] ??= { weight: field.weight, lengths: [] };
      const counts = new Map<string, number>();
      let length = 0;
      for (const text of field.texts) {
        for (const term of tokenize(text)) {
          counts.set(term, (counts.get(term) ?? 0) + 1);
          length++;
        }
      }
      this.fields[f].lengths[doc] = length;
      for (const [term, count] of counts) {
        let list = this.lists.get(term);
        if (!list) this.lists.set(term, (list = []));
        list.push(doc, f + FIELD_SLOTS * count);
      }
    });
    return doc;
  }

  /**
   * The postings, each word's frequency weighted and normalised field by field now that
   * every field's average length is known. `b`: BM25 length normalisation;
   * `fullCoverageWeight`: see `IndexOptions` (indexOptions.ts).
   */
  build(b: number, fullCoverageWeight: number): Postings {
    const norms = this.fields.map((field) => fieldNorms(field.lengths, this.documents, b));
    // Coverage reads the weighted frequency over the whole document's relative length,
    // half normalised: a word in a title or quoted message is held fully, one mentioned in
    // passing in a long resolution only in part.
    const weightedLengths = new Array<number>(this.documents).fill(0);
    for (const field of this.fields) field.lengths.forEach((length, doc) => (weightedLengths[doc] += field.weight * length));
    const documentNorms = fieldNorms(weightedLengths, this.documents, COVERAGE_B);
    const terms = [...this.lists.keys()];
    const offsets = new Uint32Array(terms.length + 1);
    const lists = terms.map((term) => this.lists.get(term)!);
    let total = 0;
    lists.forEach((list, i) => {
      offsets[i] = total;
      for (let p = 0; p < list.length; p += 2) if (opensPosting(list, p)) total++;
    });
    offsets[terms.length] = total;
    const docs = new Uint32Array(total);
    const tf = new Float32Array(total);
    const held = new Uint8Array(total);
    let at = -1;
    let weighted = 0;
    const holding = () => Math.round(255 * Math.min(1, weighted / (fullCoverageWeight * documentNorms[docs[at]])));
    for (const list of lists) {
      for (let p = 0; p < list.length; p += 2) {
        const doc = list[p];
        const f = list[p + 1] % FIELD_SLOTS;
        const count = (list[p + 1] - f) / FIELD_SLOTS;
        if (opensPosting(list, p)) {
          if (at >= 0) held[at] = holding();
          docs[++at] = doc;
          weighted = 0;
        }
        tf[at] += (this.fields[f].weight * count) / norms[f][doc];
        weighted += this.fields[f].weight * count;
      }
    }
    if (at >= 0) held[at] = holding();
    return { terms, offsets, docs, tf, held };
  }
}

/** Whether pair `p` of a building list opens a posting: its document's fields, in a row, add up to one. */
function opensPosting(list: number[], p: number): boolean {
  return p === 0 || list[p] !== list[p - 2];
}

/** A field's length normalisation in every document (BM25F): 1 for a field of average length. */
function fieldNorms(lengths: number[], documents: number, b: number): Float32Array {
  let total = 0;
  for (const length of lengths) total += length ?? 0;
  const average = total / Math.max(1, documents) || 1;
  const norms = new Float32Array(documents);
  for (let doc = 0; doc < documents; doc++) norms[doc] = 1 - b + (b * (lengths[doc] ?? 0)) / average;
  return norms;
}

import { type DiskPlace, readLater } from './cacheFile';

/**
 * How the cache encodes lists of values as columns of bytes: read back, a column is a view
 * on the file's bytes, and a value is decoded only when asked for.
 */

/** Texts one after another as UTF-8; text i ends at `ends[i]`. */
export interface TextColumn<Bytes = Uint8Array> {
  bytes: Bytes;
  ends: Uint32Array;
}

export function textColumn(texts: string[]): TextColumn {
  const encoded = texts.map((text) => Buffer.from(text, 'utf8'));
  const bytes = Buffer.concat(encoded);
  let end = 0;
  // A plain Uint8Array: a Buffer would be written by its toJSON.
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), ends: Uint32Array.from(encoded, (bytes) => (end += bytes.length)) };
}

/** Lists of texts, one JSON text each (the empty text for an empty list). */
export const listColumn = (values: string[][]) => textColumn(values.map((list) => (list.length ? JSON.stringify(list) : '')));
export const readList = (text: string): string[] => (text ? JSON.parse(text) : []);

const start = (ends: Uint32Array, row: number) => (row ? ends[row - 1] : 0);

/** Reads the texts of a column held in memory, one at a time. */
export class TextReader {
  private readonly bytes: Buffer;

  constructor(private readonly column: TextColumn) {
    this.bytes = Buffer.from(column.bytes.buffer, column.bytes.byteOffset, column.bytes.byteLength);
  }

  get(row: number): string {
    return this.bytes.toString('utf8', start(this.column.ends, row), this.column.ends[row]);
  }

  /** The text, or undefined for the empty text that stands for a missing optional field. */
  optional(row: number): string | undefined {
    return this.get(row) || undefined;
  }

  all(): string[] {
    return Array.from(this.column.ends, (_, row) => this.get(row));
  }
}

/** Reads the texts of a column left on disk, one at a time, without blocking. */
export class DiskTextReader {
  constructor(private readonly column: TextColumn<DiskPlace>, private readonly fd: number) {}

  async get(row: number): Promise<string> {
    const from = start(this.column.ends, row);
    return (await readLater(this.fd, this.column.ends[row] - from, this.column.bytes.$disk + from)).toString('utf8');
  }
}

/** Few distinct values (systems, origins) kept once, each row pointing at its value. */
export interface LabelColumn {
  values: string[];
  rows: Uint32Array;
}

export function labelColumn(labels: string[]): LabelColumn {
  const values = [...new Set(labels)];
  const position = new Map(values.map((value, i) => [value, i]));
  return { values, rows: Uint32Array.from(labels, (label) => position.get(label)!) };
}

export const label = (column: LabelColumn, row: number) => column.values[column.rows[row]];

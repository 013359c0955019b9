import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Article, KnowledgeBase, KnowledgeEntry, KnowledgeIssue } from '../knowledge/types';
import type { MatcherData } from '../matching/matcher';

/**
 * The loaded knowledge and its built index, kept on disk so that a restart with an
 * unchanged knowledge base skips reading, parsing and indexing tens of thousands of
 * articles. Valid only for the exact same source files (path, size, modification
 * time) and the same format version.
 *
 * Read back, entries and articles are views over a few columns of bytes: turning
 * 57,000 entries and articles back into objects and strings took most of a restart,
 * while a message only ever reads the fields of a few of them. The entries' texts
 * (three fifths of the file) stay in the file until an entry is shown: a restart
 * pays for every megabyte it reads.
 */

/** Bump when the parsed entries or the index change shape or meaning. */
const FORMAT_VERSION = 12;

/** Texts one after another as UTF-8; text i ends at `ends[i]`. */
interface TextColumn<Bytes = Uint8Array> {
  bytes: Bytes;
  ends: Uint32Array;
}

/** Bytes written at the end of the file and read from it only when asked for. */
class OnDisk {
  constructor(readonly bytes: Uint8Array) {}
}

/** Where such bytes are in the file. */
interface DiskPlace {
  $disk: number;
  length: number;
}

function textColumn(texts: string[]): TextColumn {
  const encoded = texts.map((text) => Buffer.from(text, 'utf8'));
  const bytes = Buffer.concat(encoded);
  let end = 0;
  // A plain Uint8Array: a Buffer would be written by its toJSON.
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), ends: Uint32Array.from(encoded, (bytes) => (end += bytes.length)) };
}

/** Reads the texts of a column one at a time, when asked for, from memory or from the file. */
class TextReader {
  private constructor(private readonly ends: Uint32Array, private readonly decode: (start: number, end: number) => string) {}

  static inMemory(column: TextColumn): TextReader {
    const bytes = Buffer.from(column.bytes.buffer, column.bytes.byteOffset, column.bytes.byteLength);
    return new TextReader(column.ends, (start, end) => bytes.toString('utf8', start, end));
  }

  static onDisk(column: TextColumn<DiskPlace>, fd: number): TextReader {
    return new TextReader(column.ends, (start, end) => readAt(fd, end - start, column.bytes.$disk + start).toString('utf8'));
  }

  get(row: number): string {
    return this.decode(row ? this.ends[row - 1] : 0, this.ends[row]);
  }

  /** The text, or undefined for the empty text that stands for a missing optional field. */
  optional(row: number): string | undefined {
    return this.get(row) || undefined;
  }

  all(): string[] {
    return Array.from(this.ends, (_, row) => this.get(row));
  }
}

/** Few distinct values (systems, origins) kept once, each row pointing at its value. */
interface LabelColumn {
  values: string[];
  rows: Uint32Array;
}

function labelColumn(labels: string[]): LabelColumn {
  const values = [...new Set(labels)];
  const position = new Map(values.map((value, i) => [value, i]));
  return { values, rows: Uint32Array.from(labels, (label) => position.get(label)!) };
}

const label = (column: LabelColumn, row: number) => column.values[column.rows[row]];
const lists = (values: string[][]) => textColumn(values.map((list) => (list.length ? JSON.stringify(list) : '')));
const readList = (text: string): string[] => (text ? JSON.parse(text) : []);

/** Fields read only for the few entries a message shows: one JSON text per entry. */
const COLD_FIELDS = ['symptoms', 'messages', 'cause', 'resolution', 'related', 'keywords'] as const;
type ColdFields = Pick<KnowledgeEntry, (typeof COLD_FIELDS)[number]>;

interface EntryColumns<Cold> {
  id: TextColumn;
  system: LabelColumn;
  codes: TextColumn;
  names: TextColumn;
  title: TextColumn;
  article: TextColumn;
  origin: LabelColumn;
  cold: TextColumn<Cold>;
}

function entryColumns(entries: KnowledgeEntry[]): EntryColumns<OnDisk> {
  const cold = textColumn(entries.map((e) => JSON.stringify(Object.fromEntries(COLD_FIELDS.map((field) => [field, e[field]])))));
  return {
    id: textColumn(entries.map((e) => e.id)),
    system: labelColumn(entries.map((e) => e.system)),
    codes: lists(entries.map((e) => e.codes)),
    names: lists(entries.map((e) => e.names)),
    title: textColumn(entries.map((e) => e.title)),
    article: textColumn(entries.map((e) => e.article ?? '')),
    origin: labelColumn(entries.map((e) => e.origin ?? '')),
    cold: { bytes: new OnDisk(cold.bytes), ends: cold.ends },
  };
}

class EntryTable {
  readonly id: TextReader;
  readonly codes: TextReader;
  readonly names: TextReader;
  readonly title: TextReader;
  readonly article: TextReader;
  readonly cold: TextReader;

  constructor(readonly columns: EntryColumns<DiskPlace>, fd: number) {
    this.id = TextReader.inMemory(columns.id);
    this.codes = TextReader.inMemory(columns.codes);
    this.names = TextReader.inMemory(columns.names);
    this.title = TextReader.inMemory(columns.title);
    this.article = TextReader.inMemory(columns.article);
    this.cold = TextReader.onDisk(columns.cold, fd);
  }
}

/** An entry read back from the cache: each field is read from its column when asked for. */
class CachedEntry implements KnowledgeEntry {
  private parsedCodes?: string[];
  private parsedNames?: string[];
  private parsedCold?: ColdFields;

  constructor(private readonly table: EntryTable, private readonly row: number) {}

  get id() { return this.table.id.get(this.row); }
  get system() { return label(this.table.columns.system, this.row); }
  get codes() { return (this.parsedCodes ??= readList(this.table.codes.get(this.row))); }
  get names() { return (this.parsedNames ??= readList(this.table.names.get(this.row))); }
  get title() { return this.table.title.get(this.row); }
  get article() { return this.table.article.optional(this.row); }
  get origin() { return (label(this.table.columns.origin, this.row) || undefined) as KnowledgeEntry['origin']; }

  private texts(): ColdFields {
    return (this.parsedCold ??= JSON.parse(this.table.cold.get(this.row)) as ColdFields);
  }

  get symptoms() { return this.texts().symptoms; }
  get messages() { return this.texts().messages; }
  get cause() { return this.texts().cause; }
  get resolution() { return this.texts().resolution; }
  get related() { return this.texts().related; }
  get keywords() { return this.texts().keywords; }
}

const ARTICLE_FIELDS = ['title', 'url', 'file', 'product', 'date'] as const;
type ArticleField = (typeof ARTICLE_FIELDS)[number];
type ArticleColumns = { number: TextColumn } & Record<ArticleField, TextColumn>;

function articleColumns(articles: Article[]): ArticleColumns {
  const columns = Object.fromEntries(ARTICLE_FIELDS.map((field) => [field, textColumn(articles.map((a) => a[field] ?? ''))]));
  return { number: textColumn(articles.map((a) => a.number)), ...columns } as ArticleColumns;
}

/** An article read back from the cache; its number is kept, the rest read when asked for. */
class CachedArticle implements Article {
  constructor(private readonly columns: Record<ArticleField, TextReader>, private readonly row: number, readonly number: string) {}

  get title() { return this.columns.title.get(this.row); }
  get url() { return this.columns.url.optional(this.row); }
  get file() { return this.columns.file.optional(this.row); }
  get product() { return this.columns.product.optional(this.row); }
  get date() { return this.columns.date.optional(this.row); }
}

function readArticles(columns: ArticleColumns): Map<string, Article> {
  const readers = Object.fromEntries(ARTICLE_FIELDS.map((field) => [field, TextReader.inMemory(columns[field])])) as Record<ArticleField, TextReader>;
  const numbers = TextReader.inMemory(columns.number).all();
  return new Map(numbers.map((number, row) => [number, new CachedArticle(readers, row, number)]));
}

export interface CachedKnowledge {
  kb: KnowledgeBase;
  issues: KnowledgeIssue[];
  index: MatcherData;
}

/** The matcher's indexes with their lists of texts as columns. */
interface IndexColumns {
  search: Omit<MatcherData['search'], 'terms'> & { terms: TextColumn };
  quotes: Omit<MatcherData['quotes'], 'texts' | 'pairs'> & { texts: TextColumn; pairs: TextColumn };
}

function indexColumns({ search, quotes }: MatcherData): IndexColumns {
  return {
    search: { ...search, terms: textColumn(search.terms) },
    quotes: { ...quotes, texts: textColumn(quotes.texts), pairs: textColumn(quotes.pairs) },
  };
}

function readIndex({ search, quotes }: IndexColumns): MatcherData {
  const all = (column: TextColumn) => TextReader.inMemory(column).all();
  return {
    search: { ...search, terms: all(search.terms) },
    quotes: { ...quotes, texts: all(quotes.texts), pairs: all(quotes.pairs) },
  };
}

/** What the file holds: a few small objects, and columns of typed arrays that read back without copying. */
interface CacheFile<Cold> {
  fingerprint: string;
  systems: KnowledgeBase['systems'];
  issues: KnowledgeIssue[];
  articles: ArticleColumns;
  entries: EntryColumns<Cold>;
  index: IndexColumns;
}

export function fingerprint(sources: Array<{ file: string; size: number; mtimeMs: number }>): string {
  const hash = crypto.createHash('sha256');
  hash.update(`v${FORMAT_VERSION}\n`);
  for (const { file, size, mtimeMs } of sources) hash.update(`${file}\t${size}\t${mtimeMs}\n`);
  return hash.digest('hex');
}

/** The part of a cache file a restart reads, and which file it was read from. */
export interface CacheHead {
  file: string;
  head: Uint8Array;
  /** The file as it was read: its later reads must find the very same file. */
  identity: string;
}

const identityOf = (stat: fs.Stats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;

/** `length` bytes of the file from `position`; fewer only at its end. */
function readAt(fd: number, length: number, position: number): Buffer {
  // Not from Node's shared pool: the head is handed to another thread.
  const bytes = Buffer.allocUnsafeSlow(length);
  let read = 0;
  for (let n = -1; read < length && n !== 0; read += n) n = fs.readSync(fd, bytes, read, length - read, position + read);
  return read < length ? bytes.subarray(0, read) : bytes;
}

/** Reads what a restart needs of the cache file; undefined when there is no readable cache. */
export function readCacheHead(file: string): CacheHead | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    const preamble = readAt(fd, PREAMBLE, 0);
    const [headLength, fileLength] = [preamble.readUInt32LE(8), preamble.readUInt32LE(12)];
    if (preamble.toString('latin1', 0, MAGIC.length) !== MAGIC || fileLength !== stat.size || headLength > fileLength) return undefined;
    return { file, head: readAt(fd, headLength, 0), identity: identityOf(stat) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The fingerprint of the sources a cache was built from; undefined when the head cannot be read. */
export function cacheFingerprint(head: CacheHead): string | undefined {
  try {
    return (unpack(head.head) as CacheFile<DiskPlace>).fingerprint;
  } catch {
    return undefined;
  }
}

/** Closes the file of cached entries no longer in use (after a reload). */
const closeWhenUnused = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

/**
 * A descriptor on the file the head was read from, from which entry texts are read: still
 * that file when a newer cache replaces it. Undefined when it is gone or was replaced.
 */
function openSameFile({ file, identity }: CacheHead): number | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    if (identityOf(fs.fstatSync(fd)) === identity) return fd;
  } catch {
    // Gone since its head was read.
  }
  if (fd !== undefined) fs.closeSync(fd);
  return undefined;
}

/** The cached knowledge when it was built from exactly these sources, else undefined. */
export function readCache(source: string | CacheHead, expected: string): CachedKnowledge | undefined {
  const read = typeof source === 'string' ? readCacheHead(source) : source;
  if (!read) return undefined;
  let data: CacheFile<DiskPlace>;
  try {
    data = unpack(read.head) as CacheFile<DiskPlace>;
  } catch {
    return undefined;
  }
  if (data.fingerprint !== expected) return undefined;
  const fd = openSameFile(read);
  if (fd === undefined) return undefined;
  const table = new EntryTable(data.entries, fd);
  closeWhenUnused.register(table, fd);
  const entries: KnowledgeEntry[] = Array.from(data.entries.id.ends, (_, row) => new CachedEntry(table, row));
  return {
    kb: { systems: data.systems, articles: readArticles(data.articles), entries },
    issues: data.issues,
    index: readIndex(data.index),
  };
}

/** Writes the cache atomically: a crash mid-write leaves the previous file or none. */
export function writeCache(file: string, fingerprintValue: string, cached: CachedKnowledge): void {
  const data: CacheFile<OnDisk> = {
    fingerprint: fingerprintValue,
    systems: cached.kb.systems,
    issues: cached.issues,
    articles: articleColumns([...cached.kb.articles.values()]),
    entries: entryColumns(cached.kb.entries),
    index: indexColumns(cached.index),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  removeAbandonedWrites(file);
  const temporary = `${file}.${process.pid}.${threadId}.tmp`;
  try {
    fs.writeFileSync(temporary, pack(data));
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Temporary files of processes that died while writing the cache (one instance per data folder). */
function removeAbandonedWrites(file: string): void {
  const prefix = `${path.basename(file)}.`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (pid && pid !== process.pid) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

// --- file layout -----------------------------------------------------------------------
// "HDKC", the header's length, the length of the head (what a restart reads), the file's
// length (u32 each); the header (JSON: the data with each typed array replaced by where
// its bytes are); each typed array's bytes at an 8-byte aligned offset, so that reading
// it back is a view on the head's bytes, not a copy; then the bytes left on disk.

const MAGIC = 'HDKC';
const PREAMBLE = 16;
const ARRAYS = { Uint8Array, Uint32Array, Float32Array };
type ArrayKind = keyof typeof ARRAYS;
interface ArrayPlace { $array: ArrayKind; offset: number; length: number }

const align = (n: number) => Math.ceil(n / 8) * 8;

function pack(data: unknown): Buffer {
  const arrays: Uint8Array[] = [];
  const leftOnDisk: Uint8Array[] = [];
  let offset = 0;
  let diskOffset = 0;
  const header = JSON.stringify(data, (_, value) => {
    if (value instanceof OnDisk) {
      leftOnDisk.push(value.bytes);
      const place: DiskPlace = { $disk: diskOffset, length: value.bytes.length };
      diskOffset += value.bytes.length;
      return place;
    }
    if (!ArrayBuffer.isView(value)) return value;
    const kind = (Object.keys(ARRAYS) as ArrayKind[]).find((name) => value instanceof ARRAYS[name]);
    if (!kind) throw new Error(`cannot store a ${value.constructor.name}`);
    const place: ArrayPlace = { $array: kind, offset, length: (value as Uint8Array).length };
    arrays.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    offset = align(offset + value.byteLength);
    return place;
  });
  const headerBytes = Buffer.from(header, 'utf8');
  const start = align(PREAMBLE + headerBytes.length);
  const headLength = start + offset;
  const file = Buffer.alloc(headLength + diskOffset);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(headerBytes.length, 4);
  file.writeUInt32LE(headLength, 8);
  file.writeUInt32LE(file.length, 12);
  headerBytes.copy(file, PREAMBLE);
  let at = start;
  for (const bytes of arrays) {
    file.set(bytes, at);
    at = align(at + bytes.length);
  }
  at = headLength;
  for (const bytes of leftOnDisk) {
    file.set(bytes, at);
    at += bytes.length;
  }
  return file;
}

function unpack(head: Uint8Array): unknown {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const headerLength = bytes.readUInt32LE(4);
  const headLength = bytes.readUInt32LE(8);
  // Typed arrays must be aligned on their ArrayBuffer: copied when the head is not.
  const aligned = head.byteOffset % 8 === 0 ? head : new Uint8Array(head);
  const start = aligned.byteOffset + align(PREAMBLE + headerLength);
  return JSON.parse(bytes.toString('utf8', PREAMBLE, PREAMBLE + headerLength), (_, value) => {
    if (typeof value?.$disk === 'number') return { ...value, $disk: headLength + value.$disk };
    if (typeof value?.$array !== 'string') return value;
    const place = value as ArrayPlace;
    return new ARRAYS[place.$array](aligned.buffer as ArrayBuffer, start + place.offset, place.length);
  });
}

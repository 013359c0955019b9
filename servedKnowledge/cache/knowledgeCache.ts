import * as crypto from 'node:crypto';
import type { Article, DetailedEntry, EntryDetails, KnowledgeBase, KnowledgeEntry, KnowledgeIssue } from '../../knowledge/types';
import type { MatcherData } from '../../matching/matcher';
import { CacheHead, closeWhenUnused, DiskPlace, OnDisk, openSameFile, readCacheHead, unpack, writeCacheFile } from './cacheFile';
import { DiskTextReader, label, LabelColumn, labelColumn, listColumn, readList, TextColumn, textColumn, TextReader } from './columns';

/**
 * The loaded knowledge and its built index as the cache holds them (cacheFile.ts is the
 * file, columns.ts the encoding), so that a restart with unchanged sources skips reading,
 * parsing and indexing tens of thousands of articles. Valid only for the same sources'
 * fingerprint and the same format version.
 *
 * Read back, entries and articles are views over columns of bytes in memory: turning
 * 57,000 of them back into objects and strings took most of a restart, while a message
 * only reads a few. What matching reads is in memory; the details (cause, resolution,
 * related articles) stay in the file until an answer shows them, read without blocking.
 */

/** Bump when the parsed entries or the index change shape or meaning. */
const FORMAT_VERSION = 34;

/** The cache's key: the sources' own fingerprint, and the format they are kept in. */
export function cacheKey(sourcesFingerprint: string): string {
  return crypto.createHash('sha256').update(`v${FORMAT_VERSION}\n${sourcesFingerprint}`).digest('hex');
}

const DETAILS = ['cause', 'resolution', 'related'] as const satisfies ReadonlyArray<keyof EntryDetails>;

interface EntryColumns<Details> {
  id: TextColumn;
  system: LabelColumn;
  codes: TextColumn;
  names: TextColumn;
  title: TextColumn;
  article: TextColumn;
  origin: LabelColumn;
  symptoms: TextColumn;
  messages: TextColumn;
  keywords: TextColumn;
  versions: TextColumn;
  /** One JSON text per entry. */
  details: TextColumn<Details>;
}

function entryColumns(entries: DetailedEntry[]): EntryColumns<OnDisk> {
  const details = textColumn(entries.map((e) => JSON.stringify(Object.fromEntries(DETAILS.map((field) => [field, e[field]])))));
  return {
    id: textColumn(entries.map((e) => e.id)),
    system: labelColumn(entries.map((e) => e.system)),
    codes: listColumn(entries.map((e) => e.codes)),
    names: listColumn(entries.map((e) => e.names)),
    title: textColumn(entries.map((e) => e.title)),
    article: textColumn(entries.map((e) => e.article ?? '')),
    origin: labelColumn(entries.map((e) => e.origin ?? '')),
    symptoms: listColumn(entries.map((e) => e.symptoms)),
    messages: listColumn(entries.map((e) => e.messages)),
    keywords: listColumn(entries.map((e) => e.keywords)),
    versions: listColumn(entries.map((e) => e.versions ?? [])),
    details: { bytes: new OnDisk(details.bytes), ends: details.ends },
  };
}

const LISTS = ['codes', 'names', 'symptoms', 'messages', 'keywords', 'versions'] as const;
type ListField = (typeof LISTS)[number];

class EntryTable {
  readonly id: TextReader;
  readonly title: TextReader;
  readonly article: TextReader;
  readonly lists: Record<ListField, TextReader>;
  readonly details: DiskTextReader;

  constructor(readonly columns: EntryColumns<DiskPlace>, fd: number) {
    this.id = new TextReader(columns.id);
    this.title = new TextReader(columns.title);
    this.article = new TextReader(columns.article);
    this.lists = Object.fromEntries(LISTS.map((field) => [field, new TextReader(columns[field])])) as Record<ListField, TextReader>;
    this.details = new DiskTextReader(columns.details, fd);
  }
}

/**
 * An entry read back from the cache: each field read from its column in memory when asked
 * for, lists kept once read. Its details are read from the file by `whole()`.
 */
class CachedEntry implements KnowledgeEntry {
  /** Lists read so far: made when first needed, most entries are never read. */
  private read?: Partial<Record<ListField, string[]>>;

  constructor(private readonly table: EntryTable, readonly row: number) {}

  private list(field: ListField): string[] {
    this.read ??= {};
    return (this.read[field] ??= readList(this.table.lists[field].get(this.row)));
  }

  get id() { return this.table.id.get(this.row); }
  get system() { return label(this.table.columns.system, this.row); }
  get codes() { return this.list('codes'); }
  get names() { return this.list('names'); }
  get title() { return this.table.title.get(this.row); }
  get article() { return this.table.article.optional(this.row); }
  get origin() { return (label(this.table.columns.origin, this.row) || undefined) as KnowledgeEntry['origin']; }
  get symptoms() { return this.list('symptoms'); }
  get messages() { return this.list('messages'); }
  get keywords() { return this.list('keywords'); }
  get versions() { return this.list('versions'); }

  /** The entry whole: what is in memory as plain data, and its details read from the file. */
  async whole(): Promise<DetailedEntry> {
    const details = JSON.parse(await this.table.details.get(this.row)) as EntryDetails;
    const { id, system, codes, names, title, symptoms, messages, keywords, versions, article, origin } = this;
    return { id, system, codes, names, title, symptoms, messages, keywords, ...(versions.length ? { versions } : {}), ...(article ? { article } : {}), ...(origin ? { origin } : {}), ...details };
  }
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
  const readers = Object.fromEntries(ARTICLE_FIELDS.map((field) => [field, new TextReader(columns[field])])) as Record<ArticleField, TextReader>;
  const numbers = new TextReader(columns.number).all();
  return new Map(numbers.map((number, row) => [number, new CachedArticle(readers, row, number)]));
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
  const all = (column: TextColumn) => new TextReader(column).all();
  return {
    search: { ...search, terms: all(search.terms) },
    quotes: { ...quotes, texts: all(quotes.texts), pairs: all(quotes.pairs) },
  };
}

/** What the file holds: a few small objects, and columns of typed arrays that read back without copying. */
interface CacheData<Details> {
  key: string;
  systems: KnowledgeBase['systems'];
  issues: KnowledgeIssue[];
  articles: ArticleColumns;
  entries: EntryColumns<Details>;
  index: IndexColumns;
}

/** The knowledge as built, to write to the cache. */
export interface BuiltKnowledge {
  kb: KnowledgeBase<DetailedEntry>;
  issues: KnowledgeIssue[];
  index: MatcherData;
}

/** The knowledge read back: entries with what matching reads, their details read when shown. */
export interface CachedKnowledge {
  kb: KnowledgeBase;
  issues: KnowledgeIssue[];
  index: MatcherData;
  /** An entry of `kb` whole, its details read from the file without blocking. */
  whole(entry: KnowledgeEntry): Promise<DetailedEntry>;
}

/** The key of the sources a cache was built from; undefined when the head cannot be read. */
export function cachedKey(head: CacheHead): string | undefined {
  try {
    return (unpack(head.head) as CacheData<DiskPlace>).key;
  } catch {
    return undefined;
  }
}

/** The cached knowledge when it was built from exactly these sources (`cacheKey`), else undefined. */
export function readCache(source: string | CacheHead, expected: string): CachedKnowledge | undefined {
  const read = typeof source === 'string' ? readCacheHead(source) : source;
  if (!read) return undefined;
  let data: CacheData<DiskPlace>;
  try {
    data = unpack(read.head) as CacheData<DiskPlace>;
  } catch {
    return undefined;
  }
  if (data.key !== expected) return undefined;
  const fd = openSameFile(read);
  if (fd === undefined) return undefined;
  const table = new EntryTable(data.entries, fd);
  closeWhenUnused(table, fd);
  const entries = Array.from(data.entries.id.ends, (_, row) => new CachedEntry(table, row));
  return {
    kb: { systems: data.systems, articles: readArticles(data.articles), entries },
    issues: data.issues,
    index: readIndex(data.index),
    whole: (entry) => (entry instanceof CachedEntry ? entry.whole() : Promise.reject(new Error(`entry ${entry.id} is not of this cache`))),
  };
}

/** Writes the cache of knowledge built from the sources of this key. */
export function writeCache(file: string, key: string, built: BuiltKnowledge): void {
  const data: CacheData<OnDisk> = {
    key,
    systems: built.kb.systems,
    issues: built.issues,
    articles: articleColumns([...built.kb.articles.values()]),
    entries: entryColumns(built.kb.entries),
    index: indexColumns(built.index),
  };
  writeCacheFile(file, data);
}

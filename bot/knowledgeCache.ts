import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Article, KnowledgeBase, KnowledgeEntry, KnowledgeIssue } from '../knowledge/types';
import type { IndexData } from '../matching/searchIndex';

/**
 * The loaded knowledge and its built index, kept on disk so that a restart with an
 * unchanged knowledge base skips reading, parsing and indexing tens of thousands of
 * articles. Valid only for the exact same source files (path, size, modification
 * time) and the same format version.
 */

/** Bump when the parsed entries or the index change shape or meaning. */
const FORMAT_VERSION = 4;

/** Fields every search touches: kept as objects. */
type HotFields = Pick<KnowledgeEntry, 'id' | 'system' | 'codes' | 'names' | 'title' | 'article' | 'origin'>;
/** Fields read only for the few entries a message shows: kept as one JSON text each, parsed when first read. */
const COLD_FIELDS = ['symptoms', 'messages', 'cause', 'resolution', 'related', 'keywords'] as const;
type ColdFields = Pick<KnowledgeEntry, (typeof COLD_FIELDS)[number]>;

/**
 * An entry read back from the cache: tens of thousands of entries with all their texts
 * are slow to deserialise, so their texts stay UTF-8 JSON in one shared buffer (read
 * back as a single copy) and each entry's are parsed when first read.
 */
class CachedEntry {
  private parsed?: ColdFields;

  constructor(hot: HotFields, private readonly cold: Buffer, private readonly start: number, private readonly end: number) {
    Object.assign(this, hot);
  }

  private texts(): ColdFields {
    return (this.parsed ??= JSON.parse(this.cold.toString('utf8', this.start, this.end)) as ColdFields);
  }

  get symptoms() { return this.texts().symptoms; }
  get messages() { return this.texts().messages; }
  get cause() { return this.texts().cause; }
  get resolution() { return this.texts().resolution; }
  get related() { return this.texts().related; }
  get keywords() { return this.texts().keywords; }
}

function splitEntry(entry: KnowledgeEntry): [HotFields, Buffer] {
  const { id, system, codes, names, title, article, origin } = entry;
  const cold = Object.fromEntries(COLD_FIELDS.map((field) => [field, entry[field]]));
  return [{ id, system, codes, names, title, article, origin }, Buffer.from(JSON.stringify(cold), 'utf8')];
}

export interface CachedKnowledge {
  kb: KnowledgeBase;
  issues: KnowledgeIssue[];
  index: IndexData;
}

interface CacheFile extends Omit<CachedKnowledge, 'kb'> {
  fingerprint: string;
  systems: KnowledgeBase['systems'];
  articles: Array<[string, Article]>;
  hot: HotFields[];
  /** Every entry's cold fields, one JSON text after the other; entry i's end at `coldEnds[i]`. */
  cold: Uint8Array;
  coldEnds: Uint32Array;
}

export function fingerprint(sources: Array<{ file: string; size: number; mtimeMs: number }>): string {
  const hash = crypto.createHash('sha256');
  hash.update(`v${FORMAT_VERSION}\n`);
  for (const { file, size, mtimeMs } of sources) hash.update(`${file}\t${size}\t${mtimeMs}\n`);
  return hash.digest('hex');
}

/** The cached knowledge (a file, or its bytes) when it was built from exactly these sources, else undefined. */
export function readCache(source: string | Uint8Array, expected: string): CachedKnowledge | undefined {
  let data: CacheFile;
  try {
    data = v8.deserialize(typeof source === 'string' ? fs.readFileSync(source) : source) as CacheFile;
  } catch {
    return undefined;
  }
  if (data?.fingerprint !== expected) return undefined;
  const cold = Buffer.from(data.cold.buffer, data.cold.byteOffset, data.cold.byteLength);
  const entries = data.hot.map((hot, i) =>
    new CachedEntry(hot, cold, i ? data.coldEnds[i - 1] : 0, data.coldEnds[i]) as unknown as KnowledgeEntry);
  return { kb: { systems: data.systems, articles: new Map(data.articles), entries }, issues: data.issues, index: data.index };
}

/** Writes the cache atomically: a crash mid-write leaves the previous file or none. */
export function writeCache(file: string, fingerprintValue: string, cached: CachedKnowledge): void {
  const split = cached.kb.entries.map(splitEntry);
  let coldEnd = 0;
  const data: CacheFile = {
    fingerprint: fingerprintValue,
    systems: cached.kb.systems,
    articles: [...cached.kb.articles],
    hot: split.map(([hot]) => hot),
    cold: Buffer.concat(split.map(([, cold]) => cold)),
    coldEnds: Uint32Array.from(split, ([, cold]) => (coldEnd += cold.length)),
    issues: cached.issues,
    index: cached.index,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, v8.serialize(data));
  fs.renameSync(temporary, file);
}

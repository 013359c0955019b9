import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { Article, KnowledgeBase, KnowledgeIssue } from '../knowledge/types';
import type { IndexData } from '../matching/searchIndex';

/**
 * The loaded knowledge and its built index, kept on disk so that a restart with an
 * unchanged knowledge base skips reading, parsing and indexing tens of thousands of
 * articles. Valid only for the exact same source files (path, size, modification
 * time) and the same format version.
 */

/** Bump when the parsed entries or the index change shape or meaning. */
const FORMAT_VERSION = 1;

export interface CachedKnowledge {
  kb: KnowledgeBase;
  issues: KnowledgeIssue[];
  index: IndexData;
}

interface CacheFile extends Omit<CachedKnowledge, 'kb'> {
  fingerprint: string;
  kb: Omit<KnowledgeBase, 'articles'> & { articles: Array<[string, Article]> };
}

export function fingerprint(sources: Array<{ file: string; size: number; mtimeMs: number }>): string {
  const hash = crypto.createHash('sha256');
  hash.update(`v${FORMAT_VERSION}\n`);
  for (const { file, size, mtimeMs } of sources) hash.update(`${file}\t${size}\t${mtimeMs}\n`);
  return hash.digest('hex');
}

/** The cached knowledge when it was built from exactly these sources, else undefined. */
export function readCache(file: string, expected: string): CachedKnowledge | undefined {
  let data: CacheFile;
  try {
    data = v8.deserialize(fs.readFileSync(file)) as CacheFile;
  } catch {
    return undefined;
  }
  if (data?.fingerprint !== expected) return undefined;
  return { kb: { ...data.kb, articles: new Map(data.kb.articles) }, issues: data.issues, index: data.index };
}

/** Writes the cache atomically: a crash mid-write leaves the previous file or none. */
export function writeCache(file: string, fingerprintValue: string, cached: CachedKnowledge): void {
  const data: CacheFile = {
    fingerprint: fingerprintValue,
    kb: { ...cached.kb, articles: [...cached.kb.articles] },
    issues: cached.issues,
    index: cached.index,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, v8.serialize(data));
  fs.renameSync(temporary, file);
}

import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../knowledge/load';
import { Matcher } from '../matching/matcher';
import type { KnowledgeSource } from '../knowledge/sources/knowledgeSource';
import { writeCache } from './cache/knowledgeCache';
import { log } from '../observability/log';
import { logProgress } from './knowledgeLog';

/**
 * Reads, parses and indexes the knowledge of `source` (or of local paths), and caches it
 * when told where, under the sources' key. A long read logs how far it is every `progressEveryMs`.
 */
export function buildKnowledge(source: string[] | KnowledgeSource, cache?: { file: string; key: string }, progressEveryMs = 2000) {
  const started = performance.now();
  let long = false;
  const { kb, issues, stats } = loadKnowledge(source, { progressEveryMs, progress: (state) => { long = true; logProgress(state); } });
  // A load long enough to report its progress also says when reading ends and indexing begins.
  if (long) log.info({ files: stats.files, articles: stats.articles, elapsedMs: Math.round(performance.now() - started) }, 'knowledge: read, indexing');
  const matcher = new Matcher(kb);
  if (long) log.info({ elapsedMs: Math.round(performance.now() - started) }, cache ? 'knowledge: indexed, writing the cache' : 'knowledge: indexed');
  try {
    if (cache) writeCache(cache.file, cache.key, { kb, issues, index: matcher.indexData() });
  } catch (error) {
    // Without a cache the next start is a cold one, not a failed one.
    log.warn({ err: error, file: cache!.file }, 'knowledge: the cache could not be written');
  }
  return { kb, issues, matcher };
}

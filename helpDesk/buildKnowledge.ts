import { loadKnowledge } from '../knowledge/load';
import { Matcher } from '../matching/matcher';
import { writeCache } from './knowledgeCache';

/** Reads, parses and indexes the knowledge of `paths`, and caches it when told where. */
export function buildKnowledge(paths: string[], cache?: { file: string; fingerprint: string }) {
  const { kb, issues } = loadKnowledge(paths);
  const matcher = new Matcher(kb);
  try {
    if (cache) writeCache(cache.file, cache.fingerprint, { kb, issues, index: matcher.indexData() });
  } catch (error) {
    // Without a cache the next start is a cold one, not a failed one.
    console.warn(`[knowledge] the cache could not be written to ${cache!.file}: ${(error as Error).message}`);
  }
  return { kb, issues, matcher };
}

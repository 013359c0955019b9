import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BotConfig } from './config';
import { defaultKnowledgeDir, formatIssue, listSourceFiles, loadKnowledge } from '../knowledge/load';
import type { KnowledgeBase, KnowledgeIssue } from '../knowledge/types';
import { Matcher } from '../matching/matcher';
import type { CardContext } from '../cards/cards';
import { fingerprint, readCache, writeCache } from './knowledgeCache';
import type { KnowledgePrefetch } from './knowledgePrefetch';

/** Knowledge, matcher and card settings, built together; no Bot Framework here. */
export interface HelpDesk {
  kb: KnowledgeBase;
  matcher: Matcher;
  cardContext: CardContext;
  issues: KnowledgeIssue[];
  stats: { loadMs: number; fromCache: boolean; warmUpMs: number; entries: number; articles: number; terms: number; indexBytes: number };
}

export interface HelpDeskOptions {
  /** Keep the loaded knowledge and its index here, reused while the sources are unchanged. */
  cacheFile?: string;
  /** Log knowledge issues to the console (off for tools that print them themselves). */
  logIssues?: boolean;
  /** Run the matcher once over its own knowledge before the first user (on by default). */
  warmUp?: boolean;
  /** The sources' fingerprint and the cache file, read beforehand (`prefetchKnowledge`). */
  prefetched?: KnowledgePrefetch;
  /**
   * Read, parse and index the sources here when the cache is not theirs (on by default).
   * Off for a reload, whose cache a worker rebuilt: missing, it fails the reload rather
   * than stop the bot for the seconds a build takes.
   */
  buildWhenStale?: boolean;
}

/** Where the bot's knowledge comes from, and where its cache is kept. */
export function knowledgeLocation(config: Pick<BotConfig, 'knowledgePath' | 'dataDir'>): { paths: string[]; cacheFile: string } {
  return { paths: [defaultKnowledgeDir(), ...config.knowledgePath], cacheFile: path.join(config.dataDir, 'knowledge-cache.bin') };
}

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

export function createHelpDesk(
  config: Pick<BotConfig, 'kbBaseUrl'> & Partial<Pick<BotConfig, 'publicUrl'>>,
  paths: string[] = [defaultKnowledgeDir()],
  options: HelpDeskOptions = {},
): HelpDesk {
  const started = performance.now();
  const { cacheFile, prefetched } = options;
  const sourcesFingerprint = prefetched?.fingerprint ?? (cacheFile ? fingerprint(listSourceFiles(paths)) : '');
  const cached = prefetched
    ? prefetched.cache && readCache(prefetched.cache, sourcesFingerprint)
    : cacheFile ? readCache(cacheFile, sourcesFingerprint) : undefined;
  let kb: KnowledgeBase;
  let issues: KnowledgeIssue[];
  let matcher: Matcher;
  if (cached) {
    ({ kb, issues } = cached);
    matcher = new Matcher(kb, {}, cached.index);
  } else if (options.buildWhenStale === false) {
    throw new Error('the rebuilt knowledge cache could not be read');
  } else {
    ({ kb, issues, matcher } = buildKnowledge(paths, cacheFile ? { file: cacheFile, fingerprint: sourcesFingerprint } : undefined));
  }
  const warmUpMs = options.warmUp ?? true ? Math.round(matcher.warmUp()) : 0;
  if (options.logIssues ?? true) {
    for (const issue of issues) console.warn(`[knowledge] ${issue.severity}: ${formatIssue(issue)}`);
  }
  return {
    kb,
    matcher,
    cardContext: { articles: kb.articles, kbBaseUrl: config.kbBaseUrl, articlePageBase: config.publicUrl },
    issues,
    stats: {
      loadMs: Math.round(performance.now() - started),
      fromCache: Boolean(cached),
      warmUpMs,
      articles: kb.articles.size,
      ...matcher.stats,
    },
  };
}

/*
 * helpDesk/: the knowledge as the bot serves it: loaded (or read back from its cache), indexed
 * by the matcher, with the card settings; rebuilt on a worker and swapped in when a
 * knowledge file changes.
 */
import { performance } from 'node:perf_hooks';
import { defaultKnowledgeDir, listSourceFiles } from '../knowledge/load';
import type { KnowledgeBase, KnowledgeIssue } from '../knowledge/types';
import { Matcher, MatchResult, RecentResults } from '../matching/matcher';
import { AdaptiveCard, CardContext, CardSettings, replyCards } from '../cards/cards';
import { fingerprint, readCache } from './knowledgeCache';
import { buildKnowledge } from './buildKnowledge';
import { logIssues } from './knowledgeLog';
import type { KnowledgePrefetch } from './knowledgePrefetch';

/** Knowledge, matcher and card settings, built together; no Bot Framework here. */
export interface HelpDesk {
  kb: KnowledgeBase;
  matcher: Matcher;
  /**
   * What users ask: `matcher.match` with the results of the last questions kept (see
   * RecentResults), so a question asked again skips the pipeline. A reload makes a new
   * help desk, with none kept. Benchmarks and evaluations time `matcher.match` itself.
   */
  match(text: string): MatchResult;
  cardContext: CardContext;
  issues: KnowledgeIssue[];
  stats: { loadMs: number; fromCache: boolean; warmUpMs: number; entries: number; articles: number; terms: number; indexBytes: number };
}

/**
 * The answer card of one entry, as if the user had picked it for `question` (an agent's
 * "Send", the answer an escalation came from); undefined when the entry is gone.
 */
export function entryAnswerCard(helpDesk: HelpDesk, entryId: string, question: string): AdaptiveCard | undefined {
  const entry = helpDesk.matcher.entryById(entryId);
  return entry && replyCards(helpDesk.matcher.picked(entry, entry.codes[0] ?? null, question), helpDesk.cardContext)[0];
}

export interface HelpDeskOptions {
  /** Keep the loaded knowledge and its index here, reused while the sources are unchanged. */
  cacheFile?: string;
  /** Log knowledge issues, one line per kind (off for tools that print them themselves). */
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
  /** Write nothing (a command beside the bot): a cache not the sources' is rebuilt in memory only. */
  readOnly?: boolean;
}

export function createHelpDesk(
  /** Where article links point, built once at start (server/config.ts cardSettings). */
  cards: CardSettings,
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
    ({ kb, issues, matcher } = buildKnowledge(paths, cacheFile && !options.readOnly ? { file: cacheFile, fingerprint: sourcesFingerprint } : undefined));
  }
  const warmUpMs = options.warmUp ?? true ? Math.round(matcher.warmUp()) : 0;
  if (options.logIssues ?? true) {
    logIssues(issues);
  }
  const recent = new RecentResults();
  return {
    kb,
    matcher,
    match: (text) => recent.get(text, (t) => matcher.match(t)),
    cardContext: {
      ...cards,
      articles: kb.articles,
      documented: new Set(kb.entries.filter((e) => e.origin !== 'imported' && e.article).map((e) => e.article!)),
      linkHosts: cards.linkHosts ?? [],
    },
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

/*
 * servedKnowledge/: the knowledge as the bot serves it: loaded from its source (or read
 * back from its cache), indexed by the matcher, entries' details read when shown; rebuilt
 * on a worker and swapped in when the source changes. Knows nothing of cards.
 */
import { performance } from 'node:perf_hooks';
import { defaultKnowledgeDir } from '../knowledge/load';
import { FileSource } from '../knowledge/sources/fileSource';
import type { KnowledgeSource } from '../knowledge/sources/knowledgeSource';
import type { DetailedEntry, KnowledgeBase, KnowledgeEntry, KnowledgeIssue } from '../knowledge/types';
import { Match, Matcher, MatchResult, RecentResults } from '../matching/matcher';
import { cacheKey, readCache } from './cache/knowledgeCache';
import { buildKnowledge } from './buildKnowledge';
import { logIssues } from './knowledgeLog';
import type { KnowledgePrefetch } from './knowledgePrefetch';

/** Knowledge and matcher, built together; no Bot Framework and no cards here. */
export interface ServedKnowledge {
  /** Its entries hold what matching reads; their details are read by `whole` and `withDetails`. */
  kb: KnowledgeBase;
  matcher: Matcher;
  /**
   * What users ask: `matcher.match` with the results of the last questions kept (see
   * RecentResults), so a question asked again skips the pipeline. A reload makes a new
   * served knowledge, with none kept. Benchmarks and evaluations time `matcher.match` itself.
   */
  match(text: string): MatchResult;
  /** An entry whole: its details read (from the cache file) without blocking. */
  whole(entry: KnowledgeEntry): Promise<DetailedEntry>;
  /** The result with its entries whole: what an answer shows, read once the match is decided. */
  withDetails(result: MatchResult): Promise<MatchResult<DetailedEntry>>;
  issues: KnowledgeIssue[];
  stats: { loadMs: number; fromCache: boolean; warmUpMs: number; entries: number; articles: number; terms: number; indexBytes: number };
}

export interface ServeOptions {
  /** Keep the loaded knowledge and its index here, reused while the sources are unchanged. */
  cacheFile?: string;
  /** Log knowledge issues, one line per kind (off for tools that print them themselves). */
  logIssues?: boolean;
  /** Run the matcher once over its own knowledge before the first user (on by default). */
  warmUp?: boolean;
  /** The sources' cache key and the cache file, read beforehand (`prefetchKnowledge`). */
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

/** `from`: a knowledge source, or the paths of local files and folders (the shipped knowledge by default). */
export function serveKnowledge(from: string[] | KnowledgeSource = [defaultKnowledgeDir()], options: ServeOptions = {}): ServedKnowledge {
  const started = performance.now();
  const source = Array.isArray(from) ? new FileSource(from) : from;
  const { cacheFile, prefetched } = options;
  const key = prefetched?.key ?? (cacheFile ? cacheKey(source.fingerprint()) : '');
  const cached = prefetched
    ? prefetched.cache && readCache(prefetched.cache, key)
    : cacheFile ? readCache(cacheFile, key) : undefined;
  let kb: KnowledgeBase;
  let issues: KnowledgeIssue[];
  let matcher: Matcher;
  let whole: (entry: KnowledgeEntry) => Promise<DetailedEntry>;
  if (cached) {
    ({ kb, issues, whole } = cached);
    matcher = new Matcher(kb, {}, cached.index);
  } else if (options.buildWhenStale === false) {
    throw new Error('the rebuilt knowledge cache could not be read');
  } else {
    ({ kb, issues, matcher } = buildKnowledge(source, cacheFile && !options.readOnly ? { file: cacheFile, key } : undefined));
    // Loaded entries are whole already.
    whole = async (entry) => entry as DetailedEntry;
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
    whole,
    withDetails: (result) => resultWithDetails(result, whole),
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

/** The same result with every entry it names whole, each read once. */
async function resultWithDetails(result: MatchResult, whole: (entry: KnowledgeEntry) => Promise<DetailedEntry>): Promise<MatchResult<DetailedEntry>> {
  const read = new Map<KnowledgeEntry, Promise<DetailedEntry>>();
  const wholeOnce = (entry: KnowledgeEntry) => {
    let reading = read.get(entry);
    if (!reading) read.set(entry, (reading = whole(entry)));
    return reading;
  };
  const withEntries = async (match: Match): Promise<Match<DetailedEntry>> =>
    ({ ...match, entry: await wholeOnce(match.entry), others: await Promise.all(match.others.map(wholeOnce)) });
  const { undecided, ...rest } = result;
  const matches = await Promise.all(result.matches.map(withEntries));
  if (!undecided) return { ...rest, matches };
  return { ...rest, matches, undecided: await Promise.all(undecided.map((choices) => Promise.all(choices.map(withEntries)))) };
}

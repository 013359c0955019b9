/*
 * bench/: benchmarks and the evaluation, run by hand, never by `npm test`: matching
 * latency (bench.ts), answer quality (eval/: real-shaped queries with their generators,
 * users' own words), retrieval against MiniSearch, restarts, ticket delivery and turns/s
 * of the real bot. They read the KB archive from ../shared at run time.
 */
import Fuse from 'fuse.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serveKnowledge, ServedKnowledge } from '../servedKnowledge/servedKnowledge';
import { cacheKey, writeCache } from '../servedKnowledge/cache/knowledgeCache';
import { FileSource } from '../knowledge/sources/fileSource';
import { defaultKnowledgeDir } from '../knowledge/load';
import type { DetailedEntry, KnowledgeBase, KnowledgeEntry } from '../knowledge/types';
import { KbArticle, NOISE_KINDS, readArchive, sample, sampleMessages, seededRandom, serviceLog, spreadLog } from './eval/corpus';
import { percentile } from './figures';
import { PASTE_KINDS, pasted } from './eval/pastes';
import { evaluate, evaluationQueries, formatReport, matcherSearch, percent, readOptions, Search } from './eval/evaluate';

/**
 * Per-message matching latency by kind of message, next to a fuse.js-only baseline:
 * `npm run bench` on the shipped knowledge, `npm run bench -- --kb DIR [--n 200] [--seed 1]`
 * on the shipped knowledge plus a KB archive, followed by the evaluation on it.
 * Queries are made from the loaded knowledge and the archive at run time.
 */

/** fuse.js reads at most 32 characters of a pattern. */
const FUSE_PATTERN_LIMIT = 32;
/** Time fuse.js gets before it is cut to the first queries: seconds a query on a whole archive. */
const FUSE_BUDGET_MS = { perKind: 10_000, evaluation: 60_000 };
/** Queries of each kind run untimed before the timed ones. */
const WARM_UP_QUERIES = 10;
/** Queries per kind on an archive: a p99 that one pause of the machine does not move (the 5th slowest), in seconds. */
const ARCHIVE_QUERIES = 500;
/** 1 MB logs with errors spread through them: a p99 from the slowest of 20 (times the rounds). */
const SPREAD_LOGS = 20;

export interface Timing {
  /** Queries timed, and queries there were: fewer when the time budget ran out. */
  count: number;
  of: number;
  p50: number;
  p99: number;
  max: number;
}

export function measure(search: (query: string) => unknown, queries: string[], rounds: number, budgetMs = Infinity, warmUp = WARM_UP_QUERIES): Timing {
  // Each measurement starts from a collected heap: the garbage of the one before (the
  // fuse.js baseline's above all) is not its cost.
  globalThis.gc?.();
  // A few queries untimed first: what the first ones of a kind would pay for is compiling.
  for (const query of queries.slice(0, warmUp)) search(query);
  const times: number[] = [];
  const started = performance.now();
  timing: for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const before = performance.now();
      search(query);
      times.push(performance.now() - before);
      if (before - started > budgetMs) break timing;
    }
  }
  times.sort((a, b) => a - b);
  return { count: times.length, of: queries.length * rounds, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] };
}

/** Codes in the forms people type them. */
export function codeQuestions(entries: KnowledgeEntry[]): string[] {
  const questions: string[] = [];
  for (const entry of entries) {
    for (const code of entry.codes) {
      questions.push(`what is ${code}`, `${entry.system.toLowerCase()} returned ${code}`);
      const n = Number(code);
      if (Number.isInteger(n) && n >= 0x80000000) questions.push(`error 0x${n.toString(16)}`, `hr=${n - 0x1_0000_0000}`);
    }
  }
  return questions;
}

/** A symptom as users type it: lower case, with one long word's letters swapped. */
export function withTypo(text: string, random: () => number): string {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const long = words.flatMap((word, i) => (/^[a-z]{6,}$/.test(word) ? [i] : []));
  if (long.length) {
    const i = long[Math.floor(random() * long.length)];
    const w = words[i];
    const at = 1 + Math.floor(random() * (w.length - 3));
    words[i] = w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2);
  }
  return words.join(' ');
}

/** The baseline: one fuse.js search over all entries, as a bot without an index would do. */
export function fuseSearch(entries: KnowledgeEntry[]): Search {
  const fuse = new Fuse(entries, { keys: ['title', 'symptoms', 'messages', 'cause'], ignoreLocation: true, includeScore: true, threshold: 0.4 });
  return (query) => ({ entries: fuse.search(query.slice(0, FUSE_PATTERN_LIMIT), { limit: 3 }).map((r) => r.item) });
}

interface Kind {
  name: string;
  queries: string[];
  rounds: number;
}

/** Queries by kind: from the shipped entries alone, or from an archive's articles and messages. */
function kindsOfMessage(entries: KnowledgeEntry[], archive: KbArticle[] | undefined, seed: number): Kind[] {
  const random = seededRandom(seed);
  // The shipped knowledge is tiny: repeating it gives stable percentiles in well under a second.
  const rounds = archive ? 1 : 5;
  const codeEntries = archive ? sample(entries.filter((e) => e.codes.length), ARCHIVE_QUERIES / 2, random) : entries;
  const symptoms = archive
    ? sample(archive.filter((a) => a.title), ARCHIVE_QUERIES, random).map((a) => a.title)
    : entries.flatMap((e) => e.symptoms);
  const messages = archive
    ? sampleMessages(archive, ARCHIVE_QUERIES, random).map((s) => s.message)
    : [...new Set(entries.flatMap((e) => e.messages))];
  return [
    { name: 'codes', queries: codeQuestions(codeEntries), rounds },
    { name: 'short symptoms', queries: symptoms.map((s) => withTypo(s, random)), rounds },
    { name: 'pasted messages', queries: messages, rounds },
    // Log lines, fragments in questions, filled-in placeholders, chat wrapping, Unicode: one of each in turn.
    { name: 'real pastes', queries: messages.map((m, i) => pasted(PASTE_KINDS[i % PASTE_KINDS.length], m, random)), rounds },
    { name: '200-line logs', queries: messages.map((m) => serviceLog(m, { lines: 200 }, random)), rounds },
    { name: '1 MB log', queries: messages.slice(0, 5).map((m) => serviceLog(m, { bytes: 1024 * 1024 }, random)), rounds: archive ? 1 : 2 },
    // 24 error lines through the whole log: messages, and codes of the knowledge in their log form.
    // Five rounds: a p99 of 100 timings, not the slowest of 20.
    { name: '1 MB, 24 errors', queries: spreadLogs(messages, codeQuestions(codeEntries).filter((q) => !q.startsWith('what is')), random), rounds: 5 },
  ];
}

/** Errors spread through a 1 MB log: 24 lines each, half messages, half codes, different for each log. */
function spreadLogs(messages: string[], codes: string[], random: () => number): string[] {
  return Array.from({ length: SPREAD_LOGS }, (_, i) => spreadLog(Array.from({ length: 24 },
    (_, k) => (k % 2 ? codes[(i * 12 + k) % codes.length] : messages[(i * 12 + k) % messages.length])), 1024 * 1024, random));
}

/** Queries by kind and the evaluation's, made from the knowledge and the archive, which is then let go. */
function queriesFor(entries: KnowledgeEntry[], kb: string | undefined, n: number, seed: number) {
  const archive = kb ? readArchive(kb) : undefined;
  return {
    kinds: kindsOfMessage(entries, archive, seed).filter((kind) => kind.queries.length),
    queries: archive ? evaluationQueries(archive, n, seed) : undefined,
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number) => value.toFixed(2).padStart(9);

/**
 * The same knowledge as a restart reads it back from the cache (texts read from the file
 * when first shown), written to a temporary folder that is removed before returning.
 */
function fromCache(helpDesk: ServedKnowledge, paths: string[]): { restarted: ServedKnowledge; loadMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  try {
    const cacheFile = path.join(dir, 'knowledge-cache.bin');
    writeCache(cacheFile, cacheKey(new FileSource(paths).fingerprint()), { kb: helpDesk.kb as KnowledgeBase<DetailedEntry>, issues: helpDesk.issues, index: helpDesk.matcher.indexData() });
    const started = performance.now();
    const restarted = serveKnowledge(paths, { cacheFile, logIssues: false });
    if (!restarted.stats.fromCache) throw new Error('the cache just written was not used');
    return { restarted, loadMs: performance.now() - started };
  } finally {
    // The open cache file stays readable once its name is gone.
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const { kb, n, seed } = readOptions(process.argv.slice(2), { n: 200 });
  const paths = kb ? [defaultKnowledgeDir(), kb] : [defaultKnowledgeDir()];
  let started = performance.now();
  const helpDesk = serveKnowledge(paths, { logIssues: false });
  const loadMs = performance.now() - started;
  // Garbage of parsing is not what the bot keeps: collect it when node runs with --expose-gc.
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const { entries } = helpDesk.kb;
  const { stats } = helpDesk;
  console.log(`knowledge: ${entries.length} entries (${entries.filter((e) => e.origin === 'imported').length} imported) from ${stats.articles} articles, `
    + `${helpDesk.issues.length} issues; loaded cold in ${seconds(loadMs)}, of which warm-up ${seconds(stats.warmUpMs)}`);
  console.log(`index: ${stats.terms} terms, ${megabytes(stats.indexBytes)}`);
  console.log(`after load: RSS ${megabytes(memory.rss)}, heap used ${megabytes(memory.heapUsed)}`);

  // Queries are made first and the archive let go, so that the bot is timed in a process
  // that holds what the bot holds; fuse.js's baseline (and its index) comes after.
  const { kinds, queries } = queriesFor(entries, kb, n, seed);
  const match = (query: string) => helpDesk.matcher.match(query);
  const timings = kinds.map(({ queries: kindQueries, rounds }) => measure(match, kindQueries, rounds));
  const { restarted, loadMs: restartMs } = fromCache(helpDesk, paths);
  console.log(`from the cache, as after a restart: loaded in ${seconds(restartMs)}, of which warm-up ${seconds(restarted.stats.warmUpMs)}`);
  const matchRestarted = (query: string) => restarted.matcher.match(query);
  const restartedTimings = kinds.map(({ queries: kindQueries, rounds }) => measure(matchRestarted, kindQueries, rounds));

  started = performance.now();
  const baseline = fuseSearch(entries);
  console.log(`fuse.js baseline: built over all entries in ${seconds(performance.now() - started)}, queries cut to ${FUSE_PATTERN_LIMIT} characters`);
  console.log('\n                         freshly built           │ from the cache (restart) │ fuse.js alone');
  console.log('kind of message    count   p50 ms   p99 ms   max ms │   p50 ms   p99 ms   max ms │ count   p50 ms   p99 ms');
  const subsets: string[] = [];
  kinds.forEach(({ name, queries: kindQueries }, i) => {
    const [bot, again] = [timings[i], restartedTimings[i]];
    // Once over the queries is enough for fuse.js: it is slower by orders of magnitude.
    const base = measure(baseline, kindQueries, 1, FUSE_BUDGET_MS.perKind, 0);
    if (base.count < base.of) subsets.push(`${name}: ${base.count} of ${base.of}`);
    console.log(`${name.padEnd(16)} ${String(bot.count).padStart(7)}${ms(bot.p50)}${ms(bot.p99)}${ms(bot.max)} │${ms(again.p50)}${ms(again.p99)}${ms(again.max)} │ ${String(base.count).padStart(5)}${ms(base.p50)}${ms(base.p99)}`);
  });
  if (subsets.length) console.log(`fuse.js is slow here: measured on the first queries only (${subsets.join('; ')})`);
  if (!queries) return;

  console.log(`\nevaluation: ${n} sampled messages (seed ${seed}), ${NOISE_KINDS.length} kinds of noise`);
  console.log(formatReport(evaluate(queries, matcherSearch(helpDesk.matcher)), 0));
  const { overall: base } = evaluate(queries, baseline, FUSE_BUDGET_MS.evaluation);
  const { overall: bot } = evaluate(queries.slice(0, base.queries), matcherSearch(helpDesk.matcher));
  console.log(`fuse.js baseline on the first ${base.queries} queries: top-1 ${percent(base.top1, base.queries)}, top-3 ${percent(base.top3, base.queries)}`
    + `; the bot on the same: top-1 ${percent(bot.top1, bot.queries)}, top-3 ${percent(bot.top3, bot.queries)}`);
}

if (require.main === module) main();

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { createHelpDesk } from '../helpDesk/helpDesk';
import { defaultKnowledgeDir } from '../knowledge/load';
import type { KnowledgeEntry } from '../knowledge/types';
import type { Decision, Matcher } from '../matching/matcher';
import {
  articlesQuoting, KbArticle, NOISE_KINDS, NoiseKind, noisyQuery, normalise, readArchive, sampleMessages, seededRandom,
} from './corpus';

/**
 * Answer quality on real KB articles: `npm run eval -- --kb DIR [--n 300] [--seed 1]`.
 * Error messages quoted in the SYMPTOMS of n sampled articles are asked as users paste
 * them; a query is answered right when the bot's first (or one of its first three)
 * entries comes from an article that quotes the message.
 */

export interface EvalQuery {
  kind: NoiseKind;
  text: string;
  message: string;
  article: KbArticle;
  /** Numbers of the articles whose SYMPTOMS quote what the query holds of the message. */
  expected: Set<string>;
}

/** Four queries (one per kind of noise) for each of n sampled messages. */
export function evaluationQueries(archive: KbArticle[], n: number, seed: number): EvalQuery[] {
  const random = seededRandom(seed);
  const queries = sampleMessages(archive, n, random).flatMap(({ article, message }) => NOISE_KINDS.map((kind) => ({
    kind,
    text: noisyQuery(kind, message, random),
    message,
    article,
  })));
  // The first words alone cannot tell apart articles that quote them with different endings: any of them is right.
  const quoted = (q: (typeof queries)[number]) => normalise(q.kind === 'first words' ? q.text : q.message);
  const quoting = articlesQuoting(archive, queries.map(quoted));
  return queries.map((q) => ({ ...q, expected: quoting.get(quoted(q))! }));
}

/** The entries a search answers with, best first. */
export interface SearchResult {
  decision?: Decision;
  entries: KnowledgeEntry[];
}
export type Search = (query: string) => SearchResult;

/** What the bot answers: the answer entries, or the candidates of a clarify card. */
export function matcherSearch(matcher: Matcher): Search {
  return (query) => {
    const result = matcher.match(query);
    return { decision: result.decision, entries: result.matches.map((m) => m.entry) };
  };
}

export interface Tally {
  queries: number;
  top1: number;
  top3: number;
}

export interface Miss {
  query: EvalQuery;
  result: SearchResult;
}

export interface EvalReport {
  byKind: Map<NoiseKind, Tally>;
  overall: Tally;
  decisions: Map<Decision, number>;
  /** Queries whose first entry is not from an expected article, in query order. */
  misses: Miss[];
  msPerQuery: number;
}

/** Queries are asked in order; past `budgetMs`, the rest are left out of the report. */
export function evaluate(queries: EvalQuery[], search: Search, budgetMs = Infinity): EvalReport {
  const byKind = new Map<NoiseKind, Tally>();
  const overall: Tally = { queries: 0, top1: 0, top3: 0 };
  const decisions = new Map<Decision, number>();
  const misses: Miss[] = [];
  const started = performance.now();
  for (const query of queries) {
    if (performance.now() - started > budgetMs) break;
    const result = search(query.text);
    const ranks = result.entries.map((e) => e.article !== undefined && query.expected.has(e.article));
    const top1 = ranks[0] === true;
    const top3 = ranks.slice(0, 3).includes(true);
    if (!byKind.has(query.kind)) byKind.set(query.kind, { queries: 0, top1: 0, top3: 0 });
    for (const tally of [byKind.get(query.kind)!, overall]) {
      tally.queries++;
      tally.top1 += Number(top1);
      tally.top3 += Number(top3);
    }
    if (result.decision) decisions.set(result.decision, (decisions.get(result.decision) ?? 0) + 1);
    if (!top1) misses.push({ query, result });
  }
  return { byKind, overall, decisions, misses, msPerQuery: (performance.now() - started) / Math.max(1, queries.length) };
}

export function percent(part: number, whole: number): string {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function describeEntry(entry: KnowledgeEntry): string {
  return `${entry.article ?? entry.id} "${clip(entry.title, 50)}"`;
}

export function formatReport(report: EvalReport, shownMisses = 10): string {
  const row = (name: string, t: Tally) =>
    `${name.padEnd(14)} ${String(t.queries).padStart(7)} ${percent(t.top1, t.queries).padStart(7)} ${percent(t.top3, t.queries).padStart(7)}`;
  const lines = [`${'noise'.padEnd(14)} ${'queries'.padStart(7)} ${'top-1'.padStart(7)} ${'top-3'.padStart(7)}`];
  for (const [kind, tally] of report.byKind) lines.push(row(kind, tally));
  lines.push(row('overall', report.overall));
  if (report.decisions.size) {
    lines.push(`decisions: ${[...report.decisions].map(([d, count]) => `${d} ${count}`).join(', ')}`);
  }
  lines.push(`${report.msPerQuery.toFixed(1)} ms per query`);
  // A message missed in one form is often missed in all: one block per message shows more of them.
  const byMessage = new Map<string, Miss[]>();
  for (const miss of report.misses) byMessage.set(miss.query.message, [...(byMessage.get(miss.query.message) ?? []), miss]);
  const shown = [...byMessage.values()].slice(0, shownMisses);
  if (shown.length) lines.push('', `first top-1 misses (${shown.length} of ${byMessage.size} messages missed in some form):`);
  for (const misses of shown) {
    const [{ query, result }] = misses;
    const others = query.expected.size > 1 ? ` (+${query.expected.size - 1} quoting it)` : '';
    lines.push(
      `- ${JSON.stringify(clip(query.message, 140))}  [missed as: ${misses.map((m) => m.query.kind).join(', ')}]`,
      `    expected ${query.article.number}${others} "${clip(query.article.title, 60)}"`,
      `    got ${result.decision ?? ''} ${result.entries.slice(0, 3).map(describeEntry).join(', ') || 'nothing'}`,
    );
  }
  return lines.join('\n');
}

/** `--kb DIR --n 300 --seed 1`, shared by the evaluation and the benchmark. */
export function readOptions(args: string[], defaults: { n: number }) {
  const { values } = parseArgs({
    args,
    options: { kb: { type: 'string' }, n: { type: 'string' }, seed: { type: 'string' } },
  });
  const n = Number(values.n ?? defaults.n);
  const seed = Number(values.seed ?? 1);
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) throw new Error('--n and --seed take whole numbers');
  return { kb: values.kb, n, seed };
}

function main() {
  const { kb, n, seed } = readOptions(process.argv.slice(2), { n: 300 });
  if (!kb) {
    console.error('usage: npm run eval -- --kb DIR [--n 300] [--seed 1]');
    process.exit(2);
  }
  let started = performance.now();
  const helpDesk = createHelpDesk(readConfig(), [defaultKnowledgeDir(), kb], { logIssues: false });
  const { entries } = helpDesk.kb;
  console.log(`knowledge: ${entries.length} entries (${entries.filter((e) => e.origin === 'imported').length} imported), `
    + `${helpDesk.issues.length} issues; loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const archive = readArchive(kb);
  const queries = evaluationQueries(archive, n, seed);
  console.log(`archive: ${archive.length} articles, ${archive.filter((a) => a.messages.length).length} quote a message; `
    + `${queries.length / NOISE_KINDS.length} sampled (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(formatReport(evaluate(queries, matcherSearch(helpDesk.matcher))));
}

if (require.main === module) main();

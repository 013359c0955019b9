import MiniSearch, { Options } from 'minisearch';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import { defaultKnowledgeDir, loadKnowledge } from '../knowledge/load';
import type { DetailedEntry } from '../knowledge/types';
import { isTypedQuestion } from '../matching/matcher';
import { entryFields, MIN_COVERAGE, RECALL } from '../matching/textScorer';
import { ScoredDoc, SearchIndex } from '../matching/search/searchIndex';
import { tokenize } from '../matching/search/text';
import { segments } from '../matching/pastes/pasteLines';
import { measure, withTypo } from './bench';
import { KbArticle, readArchive, sample, sampleMessages, seededRandom, serviceLog } from './eval/corpus';
import { evaluationQueries, percent, readOptions } from './eval/evaluate';

/**
 * Candidate retrieval alone, our SearchIndex against MiniSearch, on the same entries,
 * fields, weights, terms and queries: `npm run bench:retrieval -- --kb DIR [--n 200] [--seed 1]`.
 * Only the first stage of text matching is compared (no fuse.js phrasing, no codes):
 * build, memory, serialised size, load, latency of the top 20, and whether the
 * candidates (each segment's top 20) hold an article that quotes the message, and
 * whether the first of them is one.
 */

/** The best documents for one segment, in the index's own order. */
type Retrieve = (segment: string, typed: boolean) => ScoredDoc[];

/** Queries per kind: enough for a p99, as in `npm run bench`. */
const QUERIES = 200;

/** A MiniSearch document: the entry's position (its number in SearchIndex too) and its fields' text. */
interface Doc {
  id: number;
  fields: string[];
}

/** Heap and array buffers (the postings are typed arrays) still referenced after a full collection. */
function heapBytes(): number {
  globalThis.gc!();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

/** What building costs in time and in memory that stays. */
function built<T>(build: () => T): { value: T; ms: number; bytes: number } {
  const before = heapBytes();
  const { value, ms } = timed(build);
  return { value, ms, bytes: heapBytes() - before };
}

/** Our index as the matcher builds it, with the typo lists typed questions need (the bot's warm-up builds them too). */
function buildOurs(entries: DetailedEntry[]): SearchIndex {
  const index = new SearchIndex();
  for (const entry of entries) index.add(entryFields(entry));
  index.prepareCorrections();
  return index;
}

/** MiniSearch over the same fields with the same weights as boosts, and our terms, so that only the engines differ. */
function miniSearchOptions(weights: number[]): Options<Doc> {
  const fields = weights.map((_, i) => String(i));
  return {
    fields,
    extractField: (doc, field) => (field === 'id' ? doc.id : doc.fields[Number(field)]),
    tokenize,
    processTerm: (term) => term,
    // BM25 saturation and length normalisation as in SearchIndex; d (BM25+) left at its default.
    searchOptions: { boost: Object.fromEntries(fields.map((f, i) => [f, weights[i]])), prefix: false, bm25: { k: 1.2, b: 0.5, d: 0.5 } },
  };
}

function buildMiniSearch(entries: DetailedEntry[], options: Options<Doc>): MiniSearch<Doc> {
  const miniSearch = new MiniSearch(options);
  miniSearch.addAll(entries.map((entry, id) => ({ id, fields: entryFields(entry).map((f) => f.texts.join('\n')) })));
  return miniSearch;
}

/** As the matcher retrieves: coverage pruning, typo correction for typed questions only. */
function retrieveOurs(index: SearchIndex): Retrieve {
  return (segment, typed) => {
    const terms = index.analyze(segment, { typos: typed });
    return terms.length ? index.search(terms, RECALL, MIN_COVERAGE) : [];
  };
}

/** MiniSearch returns every document with any query term, sorted: the top 20 are cut from that. */
function retrieveMiniSearch(miniSearch: MiniSearch<Doc>): Retrieve {
  return (segment, typed) => miniSearch.search(segment, { fuzzy: typed ? 0.2 : false })
    .slice(0, RECALL)
    // MiniSearch has no coverage: it ranks by score alone.
    .map((r) => ({ doc: r.id as number, score: r.score, coverage: 0 }));
}

/** SearchIndex's order (coverage, then BM25), which is MiniSearch's (score) when coverage is 0. */
const bestFirst = (x: ScoredDoc, y: ScoredDoc) => y.coverage - x.coverage || y.score - x.score;

/**
 * The candidates of a message as the matcher's ranker gets them: the message segmented
 * as the matcher does, each segment's top 20 (one list for a question or a pasted
 * message), each document at its best segment, best first by the index's own order.
 */
function candidates(retrieve: Retrieve, query: string): ScoredDoc[] {
  const pieces = segments(query);
  const typed = isTypedQuestion(query);
  const best = new Map<number, ScoredDoc>();
  for (const piece of pieces) {
    for (const hit of retrieve(piece, typed)) {
      const known = best.get(hit.doc);
      if (!known || bestFirst(hit, known) < 0) best.set(hit.doc, hit);
    }
  }
  return [...best.values()].sort(bestFirst);
}

/** Codes-free kinds of message, made from the archive with a seed. */
function kindsOfQuery(archive: KbArticle[], seed: number) {
  const random = seededRandom(seed);
  const symptoms = sample(archive.filter((a) => a.title), QUERIES, random).map((a) => withTypo(a.title, random));
  const messages = sampleMessages(archive, QUERIES, random).map((s) => s.message);
  return [
    { name: 'short symptoms', queries: symptoms },
    { name: 'pasted messages', queries: messages },
    { name: '200-line logs', queries: messages.map((m) => serviceLog(m, { lines: 200 }, random)) },
  ];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const cell = (text: string, width: number) => text.padStart(width);

function main() {
  const { kb, n, seed } = readOptions(process.argv.slice(2), { n: 200 });
  if (!kb || !globalThis.gc) {
    console.error('usage: npm run bench:retrieval -- --kb DIR [--n 200] [--seed 1]  (node --expose-gc)');
    process.exit(2);
  }
  const { entries } = loadKnowledge([defaultKnowledgeDir(), kb]).kb;
  const archive = readArchive(kb);
  console.log(`knowledge: ${entries.length} entries; archive: ${archive.length} articles`);

  const weights = entryFields(entries[0]).map((f) => f.weight);
  const options = miniSearchOptions(weights);
  const ours = built(() => buildOurs(entries));
  const mini = built(() => buildMiniSearch(entries, options));
  const ourData = v8.serialize(ours.value.toData());
  const miniJson = JSON.stringify(mini.value);
  // Loading is what a restart pays: from the bytes on disk to an index ready for typed questions.
  const ourLoad = timed(() => SearchIndex.fromData(v8.deserialize(ourData)).prepareCorrections());
  const miniLoad = timed(() => MiniSearch.loadJSON(miniJson, options));

  console.log(`\n${'index'.padEnd(12)}${cell('build', 9)}${cell('heap', 8)}${cell('serialised', 12)}${cell('load', 9)}`);
  const row = (name: string, b: { ms: number; bytes: number }, size: number, loadMs: number) =>
    console.log(`${name.padEnd(12)}${cell(seconds(b.ms), 9)}${cell(megabytes(b.bytes), 8)}${cell(megabytes(size), 12)}${cell(seconds(loadMs), 9)}`);
  row('SearchIndex', ours, ourData.byteLength, ourLoad.ms);
  row('MiniSearch', mini, Buffer.byteLength(miniJson), miniLoad.ms);

  const contenders = [
    { name: 'SearchIndex', retrieve: retrieveOurs(ours.value) },
    { name: 'MiniSearch', retrieve: retrieveMiniSearch(mini.value) },
  ];
  console.log(`\n${`top ${RECALL}, ms`.padEnd(16)}${cell('queries', 8)} │${contenders.map(({ name }) => `${cell(`${name} p50`, 16)}${cell('p99', 9)} │`).join('')}`);
  for (const { name, queries } of kindsOfQuery(archive, seed)) {
    const timings = contenders.map(({ retrieve }) => {
      return measure((query) => candidates(retrieve, query), queries, 1);
    });
    console.log(`${name.padEnd(16)}${cell(String(queries.length), 8)} │${timings.map((t) => `${cell(t.p50.toFixed(1), 16)}${cell(t.p99.toFixed(1), 9)} │`).join('')}`);
  }

  // Recall: an article that quotes the message among the candidates the ranker gets; top-1: the first of them.
  const queries = evaluationQueries(archive, n, seed);
  const kinds = [...new Set<string>(queries.map((q) => q.kind)), 'overall'];
  const quotes = (doc: number, expected: Set<string>) => expected.has(entries[doc].article ?? '');
  const tallies = contenders.map(({ retrieve }) => {
    const tally = new Map(kinds.map((kind) => [kind, { queries: 0, top1: 0, top20: 0 }]));
    for (const query of queries) {
      const found = candidates(retrieve, query.text).map(({ doc }) => quotes(doc, query.expected));
      for (const t of [tally.get(query.kind)!, tally.get('overall')!]) {
        t.queries++;
        t.top1 += Number(found[0] === true);
        t.top20 += Number(found.includes(true));
      }
    }
    return tally;
  });
  const title = `evaluation (${n} messages, seed ${seed})`;
  console.log(`\n${title.padEnd(33)} │${contenders.map(({ name }) => `${cell(`${name} top-1`, 18)}${cell(`top-${RECALL}`, 7)} │`).join('')}`);
  for (const kind of kinds) {
    const cells = tallies.map((tally) => {
      const t = tally.get(kind)!;
      return `${cell(percent(t.top1, t.queries), 18)}${cell(percent(t.top20, t.queries), 7)} │`;
    });
    console.log(`${`${kind} (${tallies[0].get(kind)!.queries})`.padEnd(33)} │${cells.join('')}`);
  }
}

if (require.main === module) main();

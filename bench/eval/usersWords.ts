import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serveKnowledge } from '../../servedKnowledge/servedKnowledge';
import { defaultKnowledgeDir } from '../../knowledge/load';
import { answersBy, EvalQuery, evaluate, formatReport, isHeldOut, matcherSearch, percent, Search } from './evaluate';
import { configuredMiniSearch, installedMiniSearch } from './anchors';
import { WRITING_STYLES } from './writingStyles';
import type { DetailedEntry } from '../../knowledge/types';

/**
 * Problems told in users' own words: `npm run eval:words -- [--kb DIR] [--cache FILE] [--misses 10] [--bot-only]`
 * (`--cache`: keep the archive's knowledge cache there, so that a second run starts in seconds).
 * The questions in bench/eval/questions were written by people who read one article (or one
 * shipped entry) and never saw the bot's answers, in five styles, sharing no run of four
 * words with their source. Each is right when the bot's first (or one of its first three)
 * entries is that article's (or that entry). A quarter, by a hash of the article number or
 * entry id, is held out: its misses are never read for tuning. Beside the bot, two anchors
 * on the same entries: MiniSearch as installed, and MiniSearch configured the way search
 * engine users configure one (bench/eval/anchors.ts).
 */


interface WrittenQuestion {
  /** The archive article it is about ("Q177042"), or the shipped entry's id. */
  article?: string;
  entry?: string;
  style: string;
  question: string;
}

const QUESTIONS_DIR = path.join(__dirname, '..', '..', '..', 'bench', 'eval', 'questions');

/** The questions of one file, checked: a line that is not a question is named, never skipped. */
export function readQuestions(file: string): WrittenQuestion[] {
  return fs.readFileSync(file, 'utf8').split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    const q = JSON.parse(line) as WrittenQuestion;
    if (typeof q.question !== 'string' || !(WRITING_STYLES as readonly string[]).includes(q.style) || !(q.article ?? q.entry)) {
      throw new Error(`${file}:${i + 1}: needs "question", a "style" of ${WRITING_STYLES.join(', ')}, and "article" or "entry"`);
    }
    return [q];
  });
}

/** The first run of four words the question shares with its source, if any: such a question quotes, it does not describe. */
export function sharedRun(question: string, source: string): string | undefined {
  const runs = (text: string) => {
    // Words as the writers' check reads them: "kid's" is one word.
    const words = text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
    return words.slice(3).map((_, i) => words.slice(i, i + 4).join(' '));
  };
  const sourceRuns = new Set(runs(source));
  return runs(question).find((run) => sourceRuns.has(run));
}

/** The article's whole text (txt/NNN/QNNNNNN.TXT), or the entry's fields. */
function sourceText(q: WrittenQuestion, kb: string | undefined, entries: Map<string, DetailedEntry>): string {
  if (q.entry) {
    const entry = entries.get(q.entry);
    if (!entry) throw new Error(`no shipped entry "${q.entry}" for the question ${JSON.stringify(q.question)}`);
    return [entry.title, ...entry.symptoms, ...entry.messages, entry.cause, ...entry.resolution, ...entry.keywords].join('\n');
  }
  const number = q.article!.slice(1);
  return fs.readFileSync(path.join(kb!, number.padStart(6, '0').slice(0, 3), `Q${number}.TXT`), 'latin1');
}

/** Questions that quote their source are named, and the run stops: they would measure quoting. */
function checkOwnWords(questions: WrittenQuestion[], kb: string | undefined, entries: DetailedEntry[]): void {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const quoting = questions.flatMap((q) => {
    const run = sharedRun(q.question, sourceText(q, kb, byId));
    return run ? [`${q.article ?? q.entry}: "${run}" in ${JSON.stringify(q.question)}`] : [];
  });
  if (quoting.length) throw new Error(`${quoting.length} questions share a run of four words with their source:\n${quoting.join('\n')}`);
}

/** As the evaluation counts them: the style is the kind, the source decides the held-out part. */
function asEvalQueries(questions: WrittenQuestion[]): EvalQuery[] {
  return questions.map((q) => {
    const source = q.article ?? q.entry!;
    return {
      kind: q.style as EvalQuery['kind'],
      text: q.question,
      message: `${source}: ${q.question}`,
      expected: new Set(q.article ? [q.article] : []),
      expectedIds: new Set(q.entry ? [q.entry] : []),
      heldOut: isHeldOut(source),
    };
  });
}

/** Per part, each search's report; then one line per part and search, to read them side by side. */
function reportSet(title: string, queries: EvalQuery[], searches: Array<[string, Search]>, misses: number): string[] {
  const summary: string[] = [];
  for (const heldOut of [false, true]) {
    const part = queries.filter((q) => q.heldOut === heldOut);
    const partName = heldOut ? 'held-out part (never tuned on)' : 'tuned part';
    for (const [name, search] of searches) {
      const report = evaluate(part, search);
      // Only the bot's tuned misses are shown: the held-out ones are never read.
      const shown = heldOut || name !== 'bot' ? 0 : misses;
      console.log(`\n== ${title}, ${partName}: ${part.length} questions, ${name}`);
      console.log(formatReport(report, shown));
      const { top1, top3, answered, wrong, queries: n } = report.overall;
      const decided = name === 'bot' ? `, answered ${percent(answered, n)}, ${percent(wrong, answered)} of them wrong: by ${answersBy(report)}` : '';
      summary.push(`${title}, ${heldOut ? 'held out' : 'tuned'} (${n}): ${name.padEnd(24)} top-1 ${percent(top1, n).padStart(6)}  top-3 ${percent(top3, n).padStart(6)}${decided}`);
    }
  }
  return summary;
}

async function main() {
  const { values } = parseArgs({ options: { kb: { type: 'string' }, cache: { type: 'string' }, misses: { type: 'string' }, 'bot-only': { type: 'boolean' } } });
  const misses = Number(values.misses ?? 10);
  const sets: Array<{ title: string; files: string[]; dirs: string[]; cacheFile?: string }> = [
    { title: 'shipped knowledge, default install', files: ['shipped.jsonl', 'shipped-more.jsonl'], dirs: [defaultKnowledgeDir()] },
  ];
  if (values.kb) sets.push({ title: `the archive (${values.kb})`, files: ['archive.jsonl', 'archive-more.jsonl', 'archive-third.jsonl', 'archive-fourth.jsonl', 'archive-fifth.jsonl', 'archive-sixth.jsonl', 'archive-seventh.jsonl', 'archive-eighth.jsonl', 'archive-ninth.jsonl', 'archive-tenth.jsonl', 'archive-eleventh.jsonl', 'archive-twelfth.jsonl'], dirs: [defaultKnowledgeDir(), values.kb], cacheFile: values.cache });
  else console.log('(the archive questions need --kb DIR: the unpacked KB archive)');
  const summary: string[] = [];
  for (const { title, files, dirs, cacheFile } of sets) {
    const started = performance.now();
    const helpDesk = serveKnowledge(dirs, { logIssues: false, cacheFile });
    const entries = await Promise.all(helpDesk.kb.entries.map(helpDesk.whole));
    const searches: Array<[string, Search]> = [['bot', matcherSearch(helpDesk.matcher)]];
    // The anchors take minutes to index the archive: left out while tuning.
    if (!values['bot-only']) searches.push(['MiniSearch as installed', installedMiniSearch(entries)], ['MiniSearch configured', configuredMiniSearch(entries)]);
    console.log(`\n${title}: ${entries.length} entries, ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const questions = files.flatMap((file) => readQuestions(path.join(QUESTIONS_DIR, file)));
    checkOwnWords(questions, values.kb, entries);
    summary.push(...reportSet(title, asEvalQueries(questions), searches, misses));
  }
  console.log(`\n== summary\n${summary.join('\n')}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}

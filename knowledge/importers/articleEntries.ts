import type { Article, DetailedEntry, System } from '../types';
import { firstClause } from './codeTables';
import { cut, paragraphs, unique } from './lines';
import { LIMITS, type ParsedArticle } from './parsedArticle';
import { section, symptomsOf } from './sections';

/** Whole-word, case-insensitive: "iissync" in "Iissync.exe Fails", not "sync" in "iissync". */
function containsPhrase(text: string, phrase: string): boolean {
  const isWord = (c: string | undefined) => c !== undefined && /[a-z0-9]/i.test(c);
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    if (!isWord(text[at - 1]) && !isWord(text[at + phrase.length])) return true;
  }
  return false;
}

function fits(code: string, system: System): boolean {
  if (system.codeFormat === 'decimal') return /^\d+$/.test(code);
  return code.startsWith(`${system.codePrefix}_`);
}

/**
 * The system an entry belongs to: the symbolic system whose codes it has (MIS_3 is Server
 * ActiveSync), else the first system named in the title that can hold its codes, else
 * the fallback. A symbolic system is only ever chosen by its codes: its keywords name a
 * product ("exchange") that thousands of articles are about without being about its codes.
 */
function chooseSystem(title: string, codes: string[], systems: System[], fallback: string): string {
  const symbolic = systems.find((s) => s.codeFormat === 'symbolic' && codes.length > 0 && codes.every((c) => fits(c, s)));
  if (symbolic) return symbolic.name;
  const lower = title.toLowerCase();
  // Only the system's own name: keywords such as "exchange" or "cluster" also fit
  // thousands of articles about other things, and would hand them that system's codes.
  const named = systems.find((s) => s.codeFormat === 'decimal' && codes.every((c) => fits(c, s)) &&
    containsPhrase(lower, s.name.toLowerCase()));
  return named?.name ?? fallback;
}


/**
 * Knowledge from one parsed article: an entry for the article itself (id = its number),
 * unless it is a fragment without one, and one entry per code of its code tables and
 * code lists (id = number-code). Texts are cut to bounds: the full article is read
 * from its file when someone opens it.
 */
export function articleEntries(article: ParsedArticle, systems: System[]): { article?: Article; entries: DetailedEntry[] } {
  const { number, sections } = article;
  const title = cut(article.title ?? '', LIMITS.title);
  const fallbackSystem = article.product ? cut(article.product, LIMITS.product) : 'KB article';
  const keywords = unique([article.product ?? '', ...article.keywords].filter(Boolean)).slice(0, LIMITS.keywords)
    .map((k) => cut(k, LIMITS.keyword));
  const seeArticle = number ? `See ${number}.` : undefined;
  const imported = (fields: Omit<DetailedEntry, 'article' | 'keywords' | 'origin' | 'versions'>) => importedEntry(fields, number, keywords, article.appliesTo);

  const entries: DetailedEntry[] = [];
  if (number) {
    const symptoms = symptomsOf(sections) ?? sections[0];
    const steps = ['RESOLUTION', 'WORKAROUND', 'STATUS'].flatMap((name) => paragraphs(section(sections, name)?.text));
    entries.push(imported({
      id: number,
      system: chooseSystem(title, article.codes, systems, fallbackSystem),
      codes: article.codes,
      names: [],
      title,
      symptoms: symptoms?.text ? [cut(symptoms.text, LIMITS.symptoms)] : [],
      messages: article.messages.map((m) => cut(m, LIMITS.message)),
      cause: cut(section(sections, 'CAUSE')?.text || 'See the article.', LIMITS.cause),
      resolution: (steps.length ? steps : ['See the article.']).slice(0, LIMITS.steps).map((step) => cut(step, LIMITS.step)),
      related: article.references,
    }));
  }
  const stem = number ?? fileStem(article.file);
  for (const row of article.codeRows) {
    const advice = row.resolution.slice(0, LIMITS.steps).map((step) => cut(step, LIMITS.step));
    const codes = row.numbered ? [] : [row.code];
    entries.push(imported({
      id: `${stem}-${row.code}`,
      system: chooseSystem(title, codes, systems, fallbackSystem),
      codes,
      names: row.names.map((name) => cut(name, LIMITS.keyword)),
      title: cut(row.meaning ? firstClause(row.meaning) : `${row.code} ${row.names.join(' ')}`, LIMITS.title),
      symptoms: [],
      messages: row.messages.map((m) => cut(m, LIMITS.message)),
      cause: cut(row.explanation ?? row.meaning ?? (seeArticle || 'The source gives no explanation.'), LIMITS.cause),
      resolution: advice.length || !seeArticle ? advice : [seeArticle],
      related: row.references,
    }));
  }
  const record: Article | undefined = number ? { number, title, file: article.file } : undefined;
  if (record && article.product) record.product = cut(article.product, LIMITS.product);
  if (record && article.date) record.date = article.date;
  return { article: record, entries };
}

/**
 * One literal with every field in one order: tens of thousands of entries then share one
 * object shape, which keeps them small and fast to build (a spread literal is neither).
 */
function importedEntry(fields: Omit<DetailedEntry, 'article' | 'keywords' | 'origin' | 'versions'>, article: string | undefined,
  keywords: string[], versions: string[]): DetailedEntry {
  return {
    id: fields.id,
    system: fields.system,
    codes: fields.codes,
    names: fields.names,
    title: fields.title,
    symptoms: fields.symptoms,
    messages: fields.messages,
    cause: fields.cause,
    resolution: fields.resolution,
    article,
    related: fields.related,
    keywords,
    versions,
    origin: 'imported',
  };
}

/** An id-safe name for a fragment without a KB number: its file name without the extension. */
function fileStem(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'fragment';
}

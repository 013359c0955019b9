/*
 * knowledge/: what the bot knows, as data: the entry model (types.ts), the sources (knowledge
 * files and article folders), loading and validation, and the importers of KB articles
 * (importers/). Depends on nothing else of the bot.
 */
import { performance } from 'node:perf_hooks';
import { articleEntries } from './importers/articleEntries';
import { decodeArticle } from './importers/decodeArticle';
import { parseArticle } from './importers/parseArticle';
import type { Article, KnowledgeBase, DetailedEntry, KnowledgeIssue, System } from './types';
import { displayPath } from './sources/files';
import { FileSource } from './sources/fileSource';
import { fromTickets, isArticleFile, isKnowledgeFile, type KnowledgeSource } from './sources/knowledgeSource';
import { type Place, error, warning } from './fieldChecks';
import { type FileContent, UINT32_MAX, readContent, readFile } from './knowledgeFile';
import { addPhrasings } from './phrasings';

export { defaultKnowledgeDir, listSourceFiles } from './sources/files';

/**
 * Loads knowledge files: parse each file, validate each item on its own, then merge and
 * check what refers across files (an entry's system, its articles, ids). Bad data
 * never throws: it is reported as an issue and the item (or file) is skipped, so one
 * broken entry cannot take the bot down.
 *
 * KB articles (.txt, .md) are imported after the knowledge files, whose systems they
 * are filed under, one file at a time: only their entries stay in memory.
 */
export interface LoadResult {
  kb: KnowledgeBase<DetailedEntry>;
  issues: KnowledgeIssue[];
  stats: LoadStats;
}

interface LoadStats {
  /** Files read: knowledge files and article files. */
  files: number;
  /** Article files skipped (unreadable, binary, not an article, already imported). */
  skipped: number;
  /** Articles imported. */
  articles: number;
  entries: number;
  /** Imported entries of one code each, from code tables and code lists. */
  codeEntries: number;
  /** Distinct codes, counted per system (3 in IISSYNC and 3 in Win32 are two). */
  codes: number;
}

/** How far a load is: files read of all listed, articles imported, time since the load began. */
export interface LoadProgress {
  files: number;
  total: number;
  articles: number;
  elapsedMs: number;
}

export interface LoadOptions {
  /** Told how far the load is while it reads article files, at most every `progressEveryMs`. */
  progress?: (state: LoadProgress) => void;
  /** Default 2000. */
  progressEveryMs?: number;
}

/**
 * Items of one file, each validated on its own; cross-file references are checked later.
 * `from`: a knowledge source, or the paths of local files and folders.
 */
export function loadKnowledge(from: string[] | KnowledgeSource, options: LoadOptions = {}): LoadResult {
  const started = performance.now();
  const source = Array.isArray(from) ? new FileSource(from) : from;
  const issues: KnowledgeIssue[] = [];
  const contents: FileContent[] = [];
  const files = source.list(issues);
  for (const file of files.filter(isKnowledgeFile)) {
    const data = readFile(file, source, issues);
    if (data === undefined) continue;
    const content = readContent(data, displayPath(file), issues);
    if (fromTickets(file)) for (const entry of content.entries) entry.origin = 'ticket';
    contents.push(content);
  }
  const { systems, articles } = mergeDeclarations(contents, issues);
  const articleFiles = files.filter(isArticleFile);
  const report = options.progress && progressReport(options.progress, options.progressEveryMs ?? 2000, started, files.length, files.length - articleFiles.length);
  const imports = importArticles(source, articleFiles, [...systems.values()], articles, issues, report);
  const entries = mergeEntries(contents, imports.entries, systems, articles, issues);
  addPhrasings(contents, entries, issues);
  const kb: KnowledgeBase<DetailedEntry> = { systems: [...systems.values()], articles, entries };
  const codeEntries = entries.filter((e) => e.origin === 'imported' && e.id !== e.article).length;
  const codes = new Set(entries.flatMap((e) => e.codes.map((code) => `${e.system}\u0000${code}`))).size;
  return {
    kb,
    issues,
    stats: { files: files.length, skipped: imports.skipped, articles: imports.articles, entries: entries.length, codeEntries, codes },
  };
}

/** Calls `progress` when `everyMs` have passed since it last did: a clock read per file, no more. */
function progressReport(progress: (state: LoadProgress) => void, everyMs: number, started: number, total: number, before: number) {
  let next = started + everyMs;
  return (filesDone: number, articles: number) => {
    const now = performance.now();
    if (now < next) return;
    next = now + everyMs;
    progress({ files: before + filesDone, total, articles, elapsedMs: Math.round(now - started) });
  };
}

/** "12000 of 56689 files (21%), 11950 articles, 4.1 s" */
export function formatProgress({ files, total, articles, elapsedMs }: LoadProgress): string {
  return `${files} of ${total} files (${Math.floor((100 * files) / Math.max(total, 1))}%), ${articles} articles, ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** "knowledge/data/x.yaml: entry mis-3: field resolution: must be a list of strings" */
export function formatIssue(issue: KnowledgeIssue): string {
  return [issue.file, issue.entry && `entry ${issue.entry}`, issue.field && `field ${issue.field}`, issue.message]
    .filter(Boolean)
    .join(': ');
}

function mergeDeclarations(contents: FileContent[], issues: KnowledgeIssue[]) {
  const systems = new Map<string, System>();
  const articles = new Map<string, Article>();
  for (const { file, systems: fileSystems, articles: fileArticles } of contents) {
    for (const system of fileSystems) mergeSystem(systems, system, file, issues);
    for (const article of fileArticles) mergeArticle(articles, article, file, issues);
  }
  return { systems, articles };
}

/**
 * Hand-written entries first, checked against systems and articles; then imported ones,
 * which the importer built valid and filed under a product when no system fits, so only
 * their ids are checked. On the same id the first stands.
 */
function mergeEntries(contents: FileContent[], imported: Array<{ file: string; entry: DetailedEntry }>,
  systems: Map<string, System>, articles: Map<string, Article>, issues: KnowledgeIssue[]): DetailedEntry[] {
  const entries: DetailedEntry[] = [];
  const ids = new Map<string, string>();
  for (const { file, entries: fileEntries } of contents) {
    for (const entry of fileEntries) {
      const place = { file, entry: entry.id };
      const problems = checkReferences(entry, place, systems, articles);
      const firstFile = ids.get(entry.id);
      if (firstFile !== undefined) problems.push(error(place, 'id', `duplicate id, already used in ${firstFile}`));
      issues.push(...problems);
      if (problems.some((p) => p.severity === 'error')) continue;
      ids.set(entry.id, file);
      entries.push(entry);
    }
  }
  for (const { file, entry } of imported) {
    const firstFile = ids.get(entry.id);
    if (firstFile !== undefined) {
      issues.push(warning({ file, entry: entry.id }, 'id', `duplicate id, already used in ${firstFile}; the first is kept`));
      continue;
    }
    ids.set(entry.id, file);
    entries.push(entry);
  }
  return entries;
}

/**
 * Reads, parses and converts one article file at a time, so only entries are kept. A file
 * that cannot be read or is not an article is skipped with a warning: an archive of
 * thousands of files always holds a few odd ones.
 */
function importArticles(source: KnowledgeSource, files: string[], systems: System[], articles: Map<string, Article>, issues: KnowledgeIssue[],
  report?: (filesDone: number, articles: number) => void) {
  const entries: Array<{ file: string; entry: DetailedEntry }> = [];
  const importedFrom = new Map<string, string>();
  let skipped = 0;
  for (const [done, absolute] of files.entries()) {
    report?.(done, importedFrom.size);
    const file = displayPath(absolute);
    const imported = importArticle(source, absolute, systems);
    if (typeof imported === 'string') {
      issues.push(warning({ file }, undefined, `skipped: ${imported}`));
      skipped++;
      continue;
    }
    const { article } = imported;
    const first = article && importedFrom.get(article.number);
    if (article && first !== undefined) {
      issues.push(warning({ file }, undefined, `skipped: article ${article.number} is already imported from ${first}`));
      skipped++;
      continue;
    }
    if (article) {
      importedFrom.set(article.number, file);
      articles.set(article.number, withImport(articles.get(article.number), article));
    }
    for (const entry of imported.entries) entries.push({ file, entry });
  }
  return { entries, skipped, articles: importedFrom.size };
}

/** The entries of one article file, or why it was skipped. */
function importArticle(source: KnowledgeSource, file: string, systems: System[]): ReturnType<typeof articleEntries> | string {
  let bytes: Uint8Array;
  try {
    bytes = source.read(file);
  } catch (err) {
    return `cannot read the file: ${(err as Error).message}`;
  }
  try {
    return articleEntries(parseArticle(decodeArticle(bytes), file), systems);
  } catch (err) {
    return (err as Error).message;
  }
}

/** A hand-written article record keeps its title (written for the bot); the import adds where the article is. */
function withImport(handwritten: Article | undefined, imported: Article): Article {
  if (!handwritten) return imported;
  const merged: Article = { ...handwritten, file: imported.file };
  if (imported.product) merged.product = imported.product;
  if (imported.date) merged.date = imported.date;
  return merged;
}

/**
 * A system may be declared again in another file to add keywords; the first
 * declaration's description stands. A different code format is a contradiction.
 */
function mergeSystem(systems: Map<string, System>, system: System, file: string, issues: KnowledgeIssue[]) {
  const known = systems.get(system.name);
  if (!known) {
    systems.set(system.name, { ...system, keywords: [...system.keywords] });
    return;
  }
  if (known.codeFormat !== system.codeFormat || known.codePrefix !== system.codePrefix) {
    issues.push(error({ file }, 'systems', `system "${system.name}" is declared elsewhere with another code format or prefix; this declaration is ignored`));
    return;
  }
  for (const keyword of system.keywords) if (!known.keywords.includes(keyword)) known.keywords.push(keyword);
}

function mergeArticle(articles: Map<string, Article>, article: Article, file: string, issues: KnowledgeIssue[]) {
  const known = articles.get(article.number);
  if (!known) articles.set(article.number, article);
  else if (known.title !== article.title || known.url !== article.url) {
    issues.push(warning({ file }, 'articles', `article ${article.number} is declared elsewhere differently; the first declaration is kept`));
  }
}

/** What an entry refers to outside itself: its system (and so its code format) and its articles. */
function checkReferences(entry: DetailedEntry, place: Place, systems: Map<string, System>,
  articles: Map<string, Article>): KnowledgeIssue[] {
  const problems: KnowledgeIssue[] = [];
  const system = systems.get(entry.system);
  if (!system) {
    const names = [...systems.keys()].map((n) => `"${n}"`).join(', ') || 'none';
    problems.push(error(place, 'system', `unknown system "${entry.system}" (known: ${names})`));
  } else {
    for (const code of entry.codes) {
      const problem = codeProblem(code, system);
      if (problem) problems.push(error(place, 'codes', problem));
    }
  }
  // A missing article still links by number (KB base URL), only without its title.
  for (const [field, number] of [['article', entry.article], ...entry.related.map((n) => ['related', n])]) {
    if (number && !articles.has(number)) problems.push(warning(place, field, `article ${number} is not declared in any articles list`));
  }
  return problems;
}

/** Why `code` cannot be one of `system`'s codes, or undefined when it can. */
export function codeProblem(code: string, system: System): string | undefined {
  if (system.codeFormat === 'symbolic') {
    const prefix = system.codePrefix!;
    return new RegExp(`^${prefix}_\\d+$`).test(code)
      ? undefined
      : `"${code}" is not a code of ${system.name}: its codes are written ${prefix}_n (${prefix}_3)`;
  }
  return /^\d{1,10}$/.test(code) && Number(code) <= UINT32_MAX
    ? undefined
    : `"${code}" is not a code of ${system.name}: its codes are decimal numbers from 0 to ${UINT32_MAX}`;
}

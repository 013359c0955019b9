import * as fs from 'node:fs';
import * as path from 'node:path';
import { articleEntries } from './importers/articleEntries';
import { decodeArticle } from './importers/decodeArticle';
import { parseArticle } from './importers/parseArticle';
import type { Article, KnowledgeBase, KnowledgeEntry, KnowledgeIssue, System } from './types';
import { displayPath, isArticleFile, isKnowledgeFile, listFiles } from './sources';

export { defaultKnowledgeDir, knowledgePaths, listSourceFiles } from './sources';
export type { SourceFile } from './sources';

/**
 * Loads knowledge files: parse each file, validate each item on its own, then merge and
 * check what refers across files (an entry's system, its articles, ids). Bad data
 * never throws: it is reported as an issue and the item (or file) is skipped, so one
 * broken entry cannot take the bot down.
 *
 * KB articles (.txt, .md) are imported after the knowledge files, whose systems they
 * are filed under, one file at a time: only their entries stay in memory.
 */

/** KB numbers: Q and six digits, or five for older articles (Q60781 in the KB archive). */
const ARTICLE_NUMBER = /^Q\d{5,6}$/;
/** Ids travel in card actions and URLs: no spaces, nothing to escape. */
const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Letters only, so "MIS3" and "mis 3" can be read back as MIS_3. */
const CODE_PREFIX = /^[A-Za-z]+$/;
const UINT32_MAX = 0xffffffff;

const TOP_LEVEL = ['systems', 'articles', 'entries'];
const SYSTEM_FIELDS = ['name', 'description', 'keywords', 'codeFormat', 'codePrefix'];
const ARTICLE_FIELDS = ['number', 'title', 'url'];
const ENTRY_LISTS = ['codes', 'names', 'symptoms', 'messages', 'resolution', 'related', 'keywords'] as const;
const ENTRY_FIELDS = ['id', 'system', 'title', 'cause', 'article', ...ENTRY_LISTS];

export interface LoadResult {
  kb: KnowledgeBase;
  issues: KnowledgeIssue[];
  stats: LoadStats;
}

export interface LoadStats {
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

/** Items of one file, each validated on its own; cross-file references are checked later. */
interface FileContent {
  file: string;
  systems: System[];
  articles: Article[];
  entries: KnowledgeEntry[];
}

type Raw = Record<string, unknown>;

/** Where a problem is: the issue fields other than field, message and severity. */
interface Place {
  file: string;
  entry?: string;
}

export function loadKnowledge(paths: string[]): LoadResult {
  const issues: KnowledgeIssue[] = [];
  const contents: FileContent[] = [];
  const files = paths.flatMap((p) => listFiles(p, issues));
  for (const file of files.filter(isKnowledgeFile)) {
    const data = readFile(file, issues);
    if (data !== undefined) contents.push(readContent(data, displayPath(file), issues));
  }
  const { systems, articles } = mergeDeclarations(contents, issues);
  const imports = importArticles(files.filter(isArticleFile), [...systems.values()], articles, issues);
  const entries = mergeEntries(contents, imports.entries, systems, articles, issues);
  const kb: KnowledgeBase = { systems: [...systems.values()], articles, entries };
  const codeEntries = entries.filter((e) => e.origin === 'imported' && e.id !== e.article).length;
  const codes = new Set(entries.flatMap((e) => e.codes.map((code) => `${e.system}\u0000${code}`))).size;
  return {
    kb,
    issues,
    stats: { files: files.length, skipped: imports.skipped, articles: imports.articles, entries: entries.length, codeEntries, codes },
  };
}

/** "knowledge/data/x.yaml: entry mis-3: field resolution: must be a list of strings" */
export function formatIssue(issue: KnowledgeIssue): string {
  return [issue.file, issue.entry && `entry ${issue.entry}`, issue.field && `field ${issue.field}`, issue.message]
    .filter(Boolean)
    .join(': ');
}

function readFile(file: string, issues: KnowledgeIssue[]): unknown {
  const place = { file: displayPath(file) };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    issues.push(error(place, undefined, `cannot read the file: ${(err as Error).message}`));
    return undefined;
  }
  const parsed = path.extname(file).toLowerCase() === '.json' ? parseJson(text) : parseYaml(text);
  issues.push(...parsed.warnings.map((message) => warning(place, undefined, message)));
  if (parsed.error) {
    issues.push(error(place, undefined, parsed.error));
    return undefined;
  }
  return parsed.data ?? {};
}

interface Parsed {
  data?: unknown;
  error?: string;
  warnings: string[];
}

function parseYaml(text: string): Parsed {
  // Required here: a restart from the cache reads no knowledge file and spares loading it.
  const { LineCounter, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  // prettyErrors off: the position is given as "line L, column C" here, not as a
  // multi-line excerpt that would break one-line log output.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  const warnings = doc.warnings.map((w) => `YAML ${at(w.pos[0])}: ${w.message}`);
  const [first] = doc.errors;
  if (first) return { error: `invalid YAML at ${at(first.pos[0])}: ${first.message}`, warnings };
  try {
    return { data: doc.toJS(), warnings };
  } catch (err) {
    // toJS throws on alias bombs (maxAliasCount) and similar: still bad data, not a crash.
    return { error: `invalid YAML: ${(err as Error).message}`, warnings };
  }
}

function parseJson(text: string): Parsed {
  try {
    return { data: JSON.parse(text), warnings: [] };
  } catch (err) {
    // Some V8 messages quote the text over several lines: keep the issue one line long.
    const message = (err as Error).message.replace(/\s+/g, ' ');
    const position = /at position (\d+)/.exec(message);
    if (!position) return { error: `invalid JSON: ${message}`, warnings: [] };
    const before = text.slice(0, Number(position[1])).split('\n');
    return { error: `invalid JSON at line ${before.length}, column ${before[before.length - 1].length + 1}: ${message}`, warnings: [] };
  }
}

// --- one file --------------------------------------------------------------------------

/** Where an item's problems go: its place, the prefix of its field names, and its own issue list. */
interface Item {
  place: Place;
  prefix: string;
  issues: KnowledgeIssue[];
}

/** How to read the items of one top-level list. */
interface Section<T> {
  key: string;
  fields: readonly string[];
  /** Systems and articles are named by list index in the field; entries by id, as the issue's entry. */
  locate(raw: unknown, index: number, file: string): Pick<Item, 'place' | 'prefix'>;
  read(raw: Raw, item: Item): T | undefined;
}

const byIndex = (key: string) => (_raw: unknown, index: number, file: string) => ({ place: { file }, prefix: `${key}[${index}].` });

const SYSTEMS: Section<System> = { key: 'systems', fields: SYSTEM_FIELDS, locate: byIndex('systems'), read: readSystem };
const ARTICLES: Section<Article> = { key: 'articles', fields: ARTICLE_FIELDS, locate: byIndex('articles'), read: readArticle };
const ENTRIES: Section<KnowledgeEntry> = {
  key: 'entries',
  fields: ENTRY_FIELDS,
  locate: (raw, index, file) => {
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id.trim() : '';
    return { place: { file, entry: id || `entries[${index}]` }, prefix: '' };
  },
  read: readEntry,
};

function readContent(data: unknown, file: string, issues: KnowledgeIssue[]): FileContent {
  if (!isObject(data)) {
    issues.push(error({ file }, undefined, 'the file must be a mapping with systems, articles and/or entries lists'));
    return { file, systems: [], articles: [], entries: [] };
  }
  warnUnknownFields(data, TOP_LEVEL, { place: { file }, prefix: '', issues });
  return {
    file,
    systems: readList(data, SYSTEMS, file, issues),
    articles: readList(data, ARTICLES, file, issues),
    entries: readList(data, ENTRIES, file, issues),
  };
}

/** The valid items of one top-level list; an item with an error is reported and left out. */
function readList<T>(data: Raw, section: Section<T>, file: string, issues: KnowledgeIssue[]): T[] {
  const list = data[section.key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    issues.push(error({ file }, undefined, `${section.key} must be a list`));
    return [];
  }
  const items: T[] = [];
  list.forEach((raw, index) => {
    const item: Item = { ...section.locate(raw, index, file), issues: [] };
    if (!isObject(raw)) {
      issues.push(error(item.place, item.prefix.replace(/\.$/, '') || undefined, 'must be a mapping'));
      return;
    }
    warnUnknownFields(raw, section.fields, item);
    const value = section.read(raw, item);
    issues.push(...item.issues);
    if (value && !item.issues.some((i) => i.severity === 'error')) items.push(value);
  });
  return items;
}

function readSystem(raw: Raw, item: Item): System | undefined {
  const name = requiredText(raw, 'name', item);
  const description = requiredText(raw, 'description', item);
  const keywords = textList(raw, 'keywords', item) ?? [];
  const codeFormat = raw.codeFormat;
  if (codeFormat !== 'decimal' && codeFormat !== 'symbolic') report(item, 'codeFormat', 'must be "decimal" or "symbolic"');
  const codePrefix = optionalText(raw, 'codePrefix', item);
  if (codeFormat === 'symbolic' && !codePrefix) {
    report(item, 'codePrefix', 'a symbolic system needs the prefix of its codes (MIS for MIS_3)');
  } else if (codePrefix !== undefined && !CODE_PREFIX.test(codePrefix)) {
    report(item, 'codePrefix', `"${codePrefix}" must be letters only`);
  } else if (codeFormat === 'decimal' && codePrefix !== undefined) {
    report(item, 'codePrefix', 'ignored: decimal codes have no prefix', 'warning');
  }
  // The matcher compares keywords with lower-cased text.
  if (keywords.some((k) => k !== k.toLowerCase())) {
    report(item, 'keywords', 'keywords should be lower case; they were lower-cased', 'warning');
  }
  if (name === undefined || description === undefined || (codeFormat !== 'decimal' && codeFormat !== 'symbolic')) return undefined;
  const system: System = { name, description, keywords: keywords.map((k) => k.toLowerCase()), codeFormat };
  if (codeFormat === 'symbolic' && codePrefix) system.codePrefix = codePrefix;
  return system;
}

function readArticle(raw: Raw, item: Item): Article | undefined {
  const number = requiredText(raw, 'number', item);
  if (number !== undefined) checkArticleNumber(number, 'number', item);
  const title = requiredText(raw, 'title', item);
  const url = optionalText(raw, 'url', item);
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) report(item, 'url', `"${url}" must be an http(s) URL`);
  if (number === undefined || title === undefined) return undefined;
  return url === undefined ? { number, title } : { number, title, url };
}

function readEntry(raw: Raw, item: Item): KnowledgeEntry | undefined {
  const id = requiredText(raw, 'id', item);
  if (id !== undefined && !ENTRY_ID.test(id)) {
    report(item, 'id', `"${id}" must be letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  const system = requiredText(raw, 'system', item);
  const title = requiredText(raw, 'title', item);
  const cause = requiredText(raw, 'cause', item);
  const article = raw.article === null ? undefined : optionalText(raw, 'article', item);
  if (article !== undefined) checkArticleNumber(article, 'article', item);
  const lists = Object.fromEntries(ENTRY_LISTS.map((key) => [key, entryList(raw, key, item)]));
  for (const number of lists.related ?? []) checkArticleNumber(number, 'related', item);

  if (id === undefined || system === undefined || title === undefined || cause === undefined) return undefined;
  if (ENTRY_LISTS.some((key) => lists[key] === undefined)) return undefined;
  const entry: KnowledgeEntry = {
    id,
    system,
    codes: lists.codes!,
    names: lists.names!,
    title,
    symptoms: lists.symptoms!,
    messages: lists.messages!,
    cause,
    resolution: lists.resolution!,
    related: lists.related!,
    keywords: lists.keywords!,
    origin: 'handwritten',
  };
  if (article !== undefined) entry.article = article;
  return entry;
}

/** An entry's list field; codes may be written as YAML numbers, which are accepted as their decimal text. */
function entryList(raw: Raw, key: (typeof ENTRY_LISTS)[number], item: Item): string[] | undefined {
  const value = raw[key];
  if (key === 'codes' && Array.isArray(value) && value.some((v) => typeof v === 'number')) {
    // An unquoted 0x80080005 or 3 reaches us as a number; its value is still the code.
    const converted = value.map((v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? String(v) : v));
    if (converted.every((v) => typeof v === 'string')) {
      report(item, key, 'codes written as numbers were read as decimal text; quote them ("3")', 'warning');
      return textList({ codes: converted }, key, item);
    }
  }
  return textList(raw, key, item);
}

// --- merge -------------------------------------------------------------------------------

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
function mergeEntries(contents: FileContent[], imported: Array<{ file: string; entry: KnowledgeEntry }>,
  systems: Map<string, System>, articles: Map<string, Article>, issues: KnowledgeIssue[]): KnowledgeEntry[] {
  const entries: KnowledgeEntry[] = [];
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

// --- articles ------------------------------------------------------------------------------

/**
 * Reads, parses and converts one article file at a time, so only entries are kept. A file
 * that cannot be read or is not an article is skipped with a warning: an archive of
 * thousands of files always holds a few odd ones.
 */
function importArticles(files: string[], systems: System[], articles: Map<string, Article>, issues: KnowledgeIssue[]) {
  const entries: Array<{ file: string; entry: KnowledgeEntry }> = [];
  const importedFrom = new Map<string, string>();
  let skipped = 0;
  for (const absolute of files) {
    const file = displayPath(absolute);
    const imported = importArticle(absolute, systems);
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
function importArticle(file: string, systems: System[]): ReturnType<typeof articleEntries> | string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
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
function checkReferences(entry: KnowledgeEntry, place: Place, systems: Map<string, System>,
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

function codeProblem(code: string, system: System): string | undefined {
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

// --- field helpers ------------------------------------------------------------------------

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredText(raw: Raw, key: string, item: Item): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    report(item, key, 'missing');
    return undefined;
  }
  if (typeof value !== 'string' || !value.trim()) {
    report(item, key, 'must be a non-empty string');
    return undefined;
  }
  return value.trim();
}

function optionalText(raw: Raw, key: string, item: Item): string | undefined {
  return raw[key] === undefined ? undefined : requiredText(raw, key, item);
}

/** A required list of non-empty strings, trimmed (a YAML block scalar brings a trailing newline). */
function textList(raw: Raw, key: string, item: Item): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    report(item, key, 'missing (write [] when there is nothing)');
    return undefined;
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !v.trim())) {
    report(item, key, 'must be a list of non-empty strings');
    return undefined;
  }
  return value.map((v: string) => v.trim());
}

function warnUnknownFields(raw: Raw, known: readonly string[], item: Item) {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) report(item, key, `unknown field, ignored (known: ${known.join(', ')})`, 'warning');
  }
}

function checkArticleNumber(number: string, field: string, item: Item) {
  if (!ARTICLE_NUMBER.test(number)) report(item, field, `"${number}" is not a KB article number (Q and 5 or 6 digits, as in Q224801)`);
}

/** A problem with one field of an item. */
function report(item: Item, key: string, message: string, severity: KnowledgeIssue['severity'] = 'error') {
  item.issues.push(issue(item.place, `${item.prefix}${key}`, message, severity));
}

function error(place: Place, field: string | undefined, message: string): KnowledgeIssue {
  return issue(place, field, message, 'error');
}

function warning(place: Place, field: string | undefined, message: string): KnowledgeIssue {
  return issue(place, field, message, 'warning');
}

function issue(place: Place, field: string | undefined, message: string, severity: KnowledgeIssue['severity']): KnowledgeIssue {
  const result: KnowledgeIssue = { file: place.file, message, severity };
  if (place.entry !== undefined) result.entry = place.entry;
  if (field !== undefined) result.field = field;
  return result;
}

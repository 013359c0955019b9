import * as path from 'node:path';
import type { Article, DetailedEntry, KnowledgeIssue, Phrasings, System } from './types';
import { displayPath } from './sources/files';
import type { KnowledgeSource } from './sources/knowledgeSource';
import { PHRASINGS_FIELDS, readPhrasings } from './phrasings';
import { type Item, type Raw, checkArticleNumber, error, isObject, optionalText, report, requiredText, textList, warnUnknownFields, warning } from './fieldChecks';

/**
 * One knowledge file (YAML or JSON) read and validated item by item: systems, articles,
 * entries. A bad item is an issue naming the file, the entry and the field, and is skipped.
 */
/** Ids travel in card actions and URLs: no spaces, nothing to escape. */
const ENTRY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Letters only, so "MIS3" and "mis 3" can be read back as MIS_3. */
const CODE_PREFIX = /^[A-Za-z]+$/;
export const UINT32_MAX = 0xffffffff;

const TOP_LEVEL = ['systems', 'articles', 'entries', 'phrasings'];
const SYSTEM_FIELDS = ['name', 'description', 'keywords', 'codeFormat', 'codePrefix'];
const ARTICLE_FIELDS = ['number', 'title', 'url'];
const ENTRY_LISTS = ['codes', 'names', 'symptoms', 'messages', 'resolution', 'related', 'keywords'] as const;
const ENTRY_FIELDS = ['id', 'system', 'title', 'cause', 'article', ...ENTRY_LISTS];

export interface FileContent {
  file: string;
  systems: System[];
  articles: Article[];
  entries: DetailedEntry[];
  phrasings: Phrasings[];
}

export function readFile(file: string, source: Pick<KnowledgeSource, 'read'>, issues: KnowledgeIssue[]): unknown {
  const place = { file: displayPath(file) };
  let text: string;
  try {
    text = Buffer.from(source.read(file)).toString('utf8');
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

/** Where an item's problems go: its place, the prefix of its field names, and its own issue list. */
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
const PHRASINGS: Section<Phrasings> = { key: 'phrasings', fields: PHRASINGS_FIELDS, locate: byIndex('phrasings'), read: readPhrasings };
const ENTRIES: Section<DetailedEntry> = {
  key: 'entries',
  fields: ENTRY_FIELDS,
  locate: (raw, index, file) => {
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id.trim() : '';
    return { place: { file, entry: id || `entries[${index}]` }, prefix: '' };
  },
  read: readEntry,
};

export function readContent(data: unknown, file: string, issues: KnowledgeIssue[]): FileContent {
  if (!isObject(data)) {
    issues.push(error({ file }, undefined, 'the file must be a mapping with systems, articles, entries and/or phrasings lists'));
    return { file, systems: [], articles: [], entries: [], phrasings: [] };
  }
  warnUnknownFields(data, TOP_LEVEL, { place: { file }, prefix: '', issues });
  return {
    file,
    systems: readList(data, SYSTEMS, file, issues),
    articles: readList(data, ARTICLES, file, issues),
    entries: readList(data, ENTRIES, file, issues),
    phrasings: readList(data, PHRASINGS, file, issues),
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

function readEntry(raw: Raw, item: Item): DetailedEntry | undefined {
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
  const entry: DetailedEntry = {
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

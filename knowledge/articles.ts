import type { Article, KnowledgeEntry, System } from './types';

/**
 * KB articles read into plain data (parseArticle) and turned into knowledge entries
 * (articleEntries). Pure: the caller reads the file. Every step is one pass over the
 * lines with regular expressions that cannot backtrack, so no odd file among the
 * 57,000 of the archive can stall a load.
 *
 * Three formats are recognised:
 *   plain     the archive's text files: a DOCUMENT:/TITLE   :/PRODUCT : header, then
 *             sections underlined with "====" (SYMPTOMS, CAUSE, RESOLUTION, ...)
 *   web       a web page export: front matter (title: "Qnnnnnn: Title"), then the same
 *             article indented by a tab, with Article:/Product(s):/... header lines
 *   codelist  a fragment listing codes as PREFIX_n (SYMBOLIC_NAME): message, each
 *             followed by Explanation: and Resolution: paragraphs
 */

export type ArticleFormat = 'plain' | 'web' | 'codelist';

export interface ArticleSection {
  /** As the article writes it: "SYMPTOMS", "MORE INFORMATION". */
  name: string;
  /** Paragraphs separated by a blank line, each on one line with single spaces. */
  text: string;
}

/** One code of a code table row or a code list. */
export interface CodeRow {
  /** Decimal ("2148007941") or symbolic ("MIS_3"), as the knowledge base writes codes. */
  code: string;
  /** Symbolic names ("SYNC_STATUS_CODE_SYNCKEY"). */
  names: string[];
  /** A table row's meaning; a code list's message. */
  meaning?: string;
  /** Literal messages shown with the code (a code list's message). */
  messages: string[];
  explanation?: string;
  resolution: string[];
  references: string[];
}

export interface ParsedArticle {
  format: ArticleFormat;
  /** The path the caller gave. */
  file: string;
  /** "Q214783"; a code list fragment may have none. */
  number?: string;
  title?: string;
  product?: string;
  versions: string[];
  /** ISO date (2000-10-21). */
  date?: string;
  /** Header keywords, then the "Additional query words". */
  keywords: string[];
  sections: ArticleSection[];
  /** Messages quoted in SYMPTOMS, wrapped lines joined by single spaces. */
  messages: string[];
  /** Codes named in the title or the symptoms, as decimal text. */
  codes: string[];
  /** Other articles referred to, in order of first mention. */
  references: string[];
  codeRows: CodeRow[];
}

/** Bounds that keep 57,000 articles small in memory: the full text stays in the file. */
const LIMITS = {
  title: 200,
  product: 120,
  keyword: 60,
  keywords: 30,
  symptoms: 1500,
  cause: 1500,
  step: 600,
  steps: 8,
  message: 600,
  messages: 5,
  codes: 20,
  references: 30,
};

const UINT32 = 2 ** 32;

// --- lines and paragraphs -------------------------------------------------------------

/** Lines without their CR; a file of old Mac line ends (CR only) too. */
function toLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Splitting on a string is much faster than on /\r\n|\r|\n/ over 225 MB of archive.
  const lines = body.split(body.includes('\n') ? '\n' : '\r');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

const isBlank = (line: string) => line.trim() === '';

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** A line drawn with one character ("=====", "-----"). */
function isRule(line: string, char: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < 3) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== char) return false;
  return true;
}

/** Lines that only draw (rules, table borders) separate paragraphs and carry no text. */
const isDrawing = (line: string) => /^\s*[-=+_*~]{3,}\s*$/.test(line);

/** Numbered steps and bullets start a paragraph of their own even without a blank line. */
const LIST_ITEM = /^(?:\d{1,2}[.)]|[a-z][.)]|[-*])\s/;

interface Paragraph {
  indent: number;
  lines: string[];
}

/**
 * Paragraphs with the indentation of their first line. A line ending with ":" followed
 * by a deeper line ends its paragraph too: that is how a quoted message starts.
 */
function paragraphsOf(lines: string[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | undefined;
  for (const line of lines) {
    if (isBlank(line) || isDrawing(line)) {
      current = undefined;
      continue;
    }
    const indent = indentOf(line);
    const text = line.trim();
    const previous = current?.lines[current.lines.length - 1];
    if (!current || LIST_ITEM.test(text) || (previous!.endsWith(':') && indent > current.indent)) {
      current = { indent, lines: [] };
      paragraphs.push(current);
    }
    current.lines.push(text);
  }
  return paragraphs;
}

const paragraphText = (paragraph: Paragraph) => paragraph.lines.join(' ');

/**
 * At most `max` characters, cut at a word, as a string of its own: a substring would
 * keep the whole file's text alive in memory.
 */
function cut(text: string, max: number): string {
  let short = text;
  if (text.length > max) {
    const space = text.lastIndexOf(' ', max - 1);
    short = `${text.slice(0, space > max / 2 ? space : max - 1)}…`;
  }
  return (' ' + short).slice(1);
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// --- codes ------------------------------------------------------------------------------

/**
 * A code token as decimal text: decimal, 0x hex, signed 32-bit, or the eight hex digits
 * Windows prints HRESULTs with (80040154, 00000040, 800A01A8).
 */
function codeValue(token: string): string | undefined {
  const first = token.charCodeAt(0);
  // Most tokens are words: only a digit, a minus or eight characters can be a code.
  if ((first < 48 || first > 57) && first !== 45 && token.length !== 8) return undefined;
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(token)) {
    const digits = token.slice(2).replace(/^0+(?=.)/, '');
    if (digits.length > 8) return undefined;
    value = parseInt(digits, 16);
  } else if (isHex8(token)) {
    value = parseInt(token, 16);
  } else if (/^-\d{1,10}$/.test(token)) {
    value = Number(token);
    if (value < -(2 ** 31)) return undefined;
    value += UINT32;
  } else if (/^\d{1,10}$/.test(token)) {
    value = Number(token);
  } else {
    return undefined;
  }
  return value < UINT32 ? String(value) : undefined;
}

/**
 * Eight hex digits are hex when they hold a letter or start as HRESULTs and padded
 * values do (8, C, 0): "80040154", "00000040"; "12345678" stays decimal.
 */
const isHex8 = (token: string) => /^[0-9a-f]{8}$/i.test(token) && /[a-f]|^[08c]/i.test(token);

/** Hex is unmistakable as a code: it may also come before its cue word ("0x80004005 error"). */
const isHexForm = (token: string) => /^0x/i.test(token) || isHex8(token);

/** Words, numbers (with versions and thousands kept whole: "4.0", "4,095", "500-13"), or one symbol. */
const TOKEN = /0x[0-9a-f]+|-(?<![0-9a-z_]-)\d+|[0-9a-z_]+(?:[.,'-][0-9a-z_]+)*|[^\s0-9a-z_]/gi;
const CUES = new Set(['error', 'errors', 'err', 'code', 'codes', 'status', 'stop', 'return', 'returns', 'returned',
  'result', 'hresult', 'exception', 'errorlevel']);
/** Words that may stand between a cue and its number: "error code number 5", "status of 3". */
const FILLERS = new Set(['number', 'no', 'num', 'value', 'a', 'the', 'message', 'msg', 'level', 'with', ':', '#',
  '"', "'", '`']);
/** In a sentence with a cue, these introduce its value again: "the status returned by IISSYNC is :3". */
const INTRODUCERS = new Set(['is', 'was', 'of']);
const CONNECTORS = new Set(['and', 'or', ',', '/', '&']);
const SENTENCE_END = new Set(['.', ';', '!', '?']);
/** Every cue contains one of these: a paragraph without them (or without a digit) names no code. */
const MAY_NAME_CODES = /err|code|status|stop|return|result|exception/i;

/**
 * Codes named in text: a number right after a cue word ("Error Code 64", "errors 7023
 * and 7001"), after "is", "was" or "of" in a sentence with a cue ("the status returned
 * by IISSYNC is :2147500037"), or a hex code right before one ("0x80004005 error"). A
 * number in parentheses after a code is the same code in another base and is skipped;
 * years, versions and counts have no cue ("Windows 2000", "IIS 4.0").
 */
export function codesIn(text: string): string[] {
  const codes: string[] = [];
  for (const paragraph of text.split('\n\n')) {
    if (!/\d/.test(paragraph) || !MAY_NAME_CODES.test(paragraph)) continue;
    /** A cue was seen in this sentence. */
    let armed = false;
    /** Only fillers since the cue, an introducer or a code: a number here is a code. */
    let adjacent = false;
    /** The last number was a code, so "and 7001" continues the list. */
    let afterCode = false;
    /** A hex code waiting for its cue word. */
    let pending: string | undefined;
    /** After "Stop" the number is a bug check code, hex even without 0x ("Stop 50" is 0x50). */
    let bugCheck = false;
    for (const [token] of paragraph.matchAll(TOKEN)) {
      const word = token.toLowerCase();
      const value = codeValue(bugCheck && adjacent && /^[0-9a-f]{1,8}$/i.test(token) ? `0x${token}` : token);
      if (CUES.has(word)) {
        if (pending !== undefined) codes.push(pending);
        bugCheck = word === 'stop';
        armed = adjacent = true;
        afterCode = false;
        pending = undefined;
      } else if (value !== undefined) {
        if (adjacent) codes.push(value);
        afterCode = adjacent;
        pending = !adjacent && isHexForm(token) ? value : undefined;
      } else if (armed && INTRODUCERS.has(word)) {
        adjacent = true;
        afterCode = false;
        pending = undefined;
      } else if (!FILLERS.has(word) && !(afterCode && CONNECTORS.has(word))) {
        if (SENTENCE_END.has(word)) armed = false;
        adjacent = afterCode = false;
        pending = undefined;
      }
    }
  }
  return unique(codes).slice(0, LIMITS.codes);
}

// --- header ------------------------------------------------------------------------------

interface Header extends Pick<ParsedArticle, 'number' | 'title' | 'product' | 'versions' | 'date' | 'keywords'> {
  /** The article below the header. */
  body: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** "21-OCT-2000" anywhere in the value, as 2000-10-21. */
function kbDate(value: string): string | undefined {
  const match = /(\d{1,2})-([A-Za-z]{3})-(\d{4})/.exec(value);
  const month = match ? MONTHS.indexOf(match[2].toUpperCase()) + 1 : 0;
  if (!match || !month) return undefined;
  return `${match[3]}-${String(month).padStart(2, '0')}-${match[1].padStart(2, '0')}`;
}

const articleNumber = (value: string) => /^Q\d{5,6}(?!\d)/.exec(value.trim())?.[0];

/** "KEY: value" lines from `from` to the first blank line, keys upper-cased. */
function readFields(lines: string[], from: number): { fields: Map<string, string>; next: number } {
  const fields = new Map<string, string>();
  let i = from;
  for (; i < lines.length && !isBlank(lines[i]) && i < from + 12; i++) {
    const colon = lines[i].indexOf(':');
    if (colon > 0) fields.set(lines[i].slice(0, colon).trim().toUpperCase(), lines[i].slice(colon + 1).trim());
  }
  return { fields, next: i };
}

const words = (value: string | undefined) => (value ?? '').split(/[\s,;|]+/).filter(Boolean);

/** Header fields shared by both formats, under the names each format gives them. */
function headerOf(fields: Map<string, string>, body: string[]): Header {
  const field = (...keys: string[]) => keys.map((key) => fields.get(key)).find((value) => value);
  return {
    title: field('TITLE'),
    product: field('PRODUCT', 'PRODUCT(S)'),
    versions: words(field('PROD/VER', 'VERSION(S)')).map((v) => v.replace(/^:+/, '')).filter(Boolean),
    date: kbDate(field('DOCUMENT', 'LAST MODIFIED') ?? ''),
    keywords: words(field('KEYWORDS', 'KEYWORD(S)')),
    number: articleNumber(field('DOCUMENT', 'ARTICLE') ?? ''),
    body,
  };
}

function plainHeader(lines: string[], first: number): Header {
  const { fields, next } = readFields(lines, first);
  const header = headerOf(fields, lines.slice(next));
  if (!header.number) throw new Error('the DOCUMENT: line has no KB number (Q and 5 or 6 digits)');
  return header;
}

/** Front matter, then the article between {% raw %} and {% endraw %}, indented by a tab. */
function webHeader(lines: string[], first: number): Header {
  const close = lines.findIndex((line, i) => i > first && line.trim() === '---');
  if (close < 0) throw new Error('front matter that never closes (no second "---" line)');
  const titleLine = lines.slice(first + 1, close).find((line) => /^title\s*:/i.test(line)) ?? '';
  const titled = /^(Q\d{5,6}):\s*(.*)$/.exec(unquote(titleLine.slice(titleLine.indexOf(':') + 1).trim()));
  const raw = lines.findIndex((line, i) => i > close && line.trim() === '{% raw %}');
  const endRaw = lines.findIndex((line, i) => i > raw && line.trim() === '{% endraw %}');
  const body = lines.slice(raw < 0 ? close + 1 : raw + 1, endRaw < 0 ? lines.length : endRaw)
    .map((line) => (line.startsWith('\t') ? line.slice(1) : line));
  let start = 0;
  while (start < body.length && isBlank(body[start])) start++;
  const { fields, next } = readFields(body, start);
  const header = headerOf(fields, body.slice(next));
  header.number = titled?.[1] ?? header.number;
  header.title = titled?.[2] || header.title;
  if (!header.number) throw new Error('a page with front matter but no KB number (title "Qnnnnnn: ..." or an "Article:" line)');
  return header;
}

function unquote(value: string): string {
  if (value.startsWith('"')) {
    try {
      return String(JSON.parse(value));
    } catch {
      return value.slice(1, value.endsWith('"') ? -1 : undefined);
    }
  }
  return value.startsWith("'") && value.endsWith("'") ? value.slice(1, -1).replace(/''/g, "'") : value;
}

// --- body ----------------------------------------------------------------------------------

const QUERY_WORDS = /^\s*Additional \w+ words:\s*(.*)$/;
const FOOTER_FIELD = /^\s*(?:Keywords|Technology|Version|Issue type)\s*:/;

/**
 * Where the article text ends: the "Additional query words" line, else the keyword
 * footer. Searched from the end, where both are: a few lines instead of the whole text.
 */
function bodyEnd(body: string[]): { end: number; queryWords: string[] } {
  let footer = body.length;
  for (let i = body.length - 1; i >= 0; i--) {
    const query = body[i].includes('words:') ? QUERY_WORDS.exec(body[i]) : null;
    if (query) return { end: i, queryWords: queryWords(query[1], body, i + 1) };
    if (body[i].includes('=====') && isRule(body[i], '=') && body[i].trim().length >= 60 && FOOTER_FIELD.test(body[i + 1] ?? '')) footer = i;
  }
  return { end: footer, queryWords: [] };
}

/** The query words, continued on the lines below up to a blank line: by commas when it has any, else by spaces. */
function queryWords(first: string, body: string[], from: number): string[] {
  const more: string[] = [];
  for (let j = from; j < body.length && !isBlank(body[j]) && !isRule(body[j], '='); j++) more.push(body[j].trim());
  const text = [first, ...more].join(' ');
  return text.includes(',') ? text.split(',').map((w) => w.trim()).filter(Boolean) : words(text);
}

/** A heading is a line underlined with "=" of its own length: SYMPTOMS / ========. */
function isHeading(body: string[], i: number): boolean {
  const underline = body[i + 1];
  if (underline === undefined || !underline.includes('===') || !isRule(underline, '=')) return false;
  const heading = body[i].trim();
  return heading.length > 0 && heading.length <= 80 && !isDrawing(heading) && Math.abs(underline.trim().length - heading.length) <= 1;
}

interface SectionLines {
  name: string;
  lines: string[];
}

/**
 * The sections of the text. Before the first heading is only the "applies to" box; an
 * article without headings is one section, TEXT.
 */
function sectionsOf(text: string[]): SectionLines[] {
  const sections: SectionLines[] = [];
  for (let i = 0; i < text.length; i++) {
    if (isHeading(text, i)) {
      sections.push({ name: text[i].trim(), lines: [] });
      i++;
    } else {
      sections[sections.length - 1]?.lines.push(text[i]);
    }
  }
  if (sections.length === 0) sections.push({ name: 'TEXT', lines: withoutAppliesTo(text) });
  return sections;
}

function withoutAppliesTo(text: string[]): string[] {
  const applies = text.findIndex((line) => line.includes('The information in this article applies to'));
  if (applies < 0) return text;
  const close = text.findIndex((line, i) => i > applies && isRule(line, '-'));
  return text.slice(close < 0 ? applies + 1 : close + 1);
}

/** Lines are trimmed already: only runs inside them (table columns) need collapsing, once per section. */
const sectionText = (lines: string[]) => paragraphsOf(lines).map(paragraphText).join('\n\n').replace(/[ \t]{2,}|\t/g, ' ');

function section<T extends { name: string }>(sections: T[], ...names: string[]): T | undefined {
  for (const name of names) {
    const found = sections.find((s) => s.name.toUpperCase() === name);
    if (found) return found;
  }
  return undefined;
}

/** What the article says goes wrong: SYMPTOMS, or SUMMARY when it has none. */
const symptomsOf = <T extends { name: string }>(sections: T[]) => section(sections, 'SYMPTOMS', 'SYMPTOM', 'SUMMARY');

/** The paragraph ending with ":" that introduces a quoted message. */
const MESSAGE_CUE = /error|message|receive|warning|dialog|display|appears|returns|returned|reports|prompt/;
/** "-or-" between two quoted messages. */
const ALTERNATIVE = /^-?or-?$/i;

/**
 * Messages a SYMPTOMS section quotes: the paragraphs indented below a lead-in such as
 * "you may receive the following error message:", itself maybe a list item ("- You
 * receive an error message similar to the following:"). One indented paragraph is one
 * message, its wrapped lines joined by single spaces and otherwise kept exactly.
 */
function quotedMessages(lines: string[]): string[] {
  const messages: string[] = [];
  let leadIndent: number | undefined;
  for (const paragraph of paragraphsOf(lines)) {
    if (leadIndent !== undefined && paragraph.indent > leadIndent) {
      if (messages.length < LIMITS.messages && !ALTERNATIVE.test(paragraph.lines[0])) messages.push(paragraph.lines.join(' '));
      continue;
    }
    const last = paragraph.lines[paragraph.lines.length - 1];
    leadIndent = last.endsWith(':') && MESSAGE_CUE.test(paragraph.lines.join(' ').toLowerCase()) ? paragraph.indent : undefined;
  }
  return messages;
}

function referencesIn(text: string, own: string | undefined): string[] {
  const found: string[] = [];
  // Q first, the word boundary checked by hand: a pattern that starts with a literal is scanned fast.
  for (const match of text.matchAll(/Q\d{5,6}(?!\d)/g)) {
    const number = match[0];
    if (/[A-Za-z0-9]/.test(text[match.index - 1] ?? ' ') || number === own || found.includes(number)) continue;
    found.push(number);
    if (found.length >= LIMITS.references) break;
  }
  return found;
}

// --- code tables ---------------------------------------------------------------------------

const isBorder = (line: string) => /^\s*\+[-+=]*\s*$/.test(line);
const isRow = (line: string) => /^\s*\|/.test(line);
/** Column headers or text naming a table of codes. */
const CODE_TABLE_CUE = /\b(?:codes?|errors?|status|results?|returns?|hresult|messages?|stop|exit)\b/i;
const SYMBOLIC_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** The cells of a row line: "| 3  | text | " → ["3", "text"]. */
function cellsOf(line: string): string[] {
  const cells = line.trim().slice(1).split('|').map((cell) => cell.trim());
  while (cells.length && !cells[cells.length - 1]) cells.pop();
  return cells;
}

/**
 * The rows of an ASCII table (lines from a border or row line to a blank line). A line
 * without "|" continues the line before it (a wrapped cell); a "|" line whose first cell
 * is empty continues the row's cells; borders end a row.
 */
function tableRows(lines: string[]): string[][] {
  const rows: string[][] = [];
  let row: string[] | undefined;
  let physical: string | undefined;
  const flush = () => {
    if (physical === undefined) return;
    const cells = cellsOf(physical);
    physical = undefined;
    if (row && !cells[0]) cells.forEach((cell, i) => { row![i] = row![i] ? `${row![i]} ${cell}`.trim() : cell; });
    else rows.push((row = cells));
  };
  for (const line of lines) {
    if (isBorder(line)) {
      flush();
      row = undefined;
    } else if (isRow(line)) {
      flush();
      physical = line;
    } else if (physical !== undefined) {
      physical = `${physical} ${line.trim()}`;
    } else {
      physical = `| ${line.trim()}`;
    }
  }
  flush();
  return rows.filter((cells) => cells.some(Boolean));
}

/** ASCII tables in the text, each with the lines just above it (what introduces it). */
function tablesIn(text: string[]): Array<{ rows: string[][]; intro: string }> {
  const tables: Array<{ rows: string[][]; intro: string }> = [];
  for (let i = 0; i < text.length; i++) {
    if (!isBorder(text[i]) && !isRow(text[i])) continue;
    const start = i;
    while (i < text.length && !isBlank(text[i])) i++;
    tables.push({ rows: tableRows(text.slice(start, i)), intro: text.slice(Math.max(0, start - 2), start).join(' ') });
  }
  return tables;
}

const firstSentenceBreak = /[.!?]\s+|\s+\(/;

/** The first clause of a meaning, for a title: "metabase is inaccessible on Target Server". */
function firstClause(text: string): string {
  const end = text.search(firstSentenceBreak);
  return (end > 0 ? text.slice(0, end) : text).replace(/[.;:]+$/, '').trim();
}

/** What a row says to do: its sentences that point elsewhere ("See ... Q243342 for a resolution."). */
function rowAdvice(meaning: string): string[] {
  return meaning.split(/(?<=[.!?)])\s+/)
    .map((sentence) => sentence.replace(/^\(|\)$/g, '').trim())
    .filter((sentence) => /\bsee\b/i.test(sentence) || /Q\d{5,6}/.test(sentence));
}

/**
 * A table is a code table when its data rows start with codes (two at least, nearly all
 * different: a table of bits or settings repeats its values) and its header, or without
 * one the title or the text above it, speaks of codes or errors. A row may give only a
 * symbolic name (| 642 | ERROR_NAME_EXISTS_ON_NET | |).
 */
function codeTableRows(rows: string[][], context: string, own: string | undefined): CodeRow[] {
  const header = rows[0] && codeValue(rows[0][0] ?? '') === undefined ? rows[0] : undefined;
  const data = header ? rows.slice(1) : rows;
  const coded = data.filter((cells) => cells.length >= 2 && codeValue(cells[0]) !== undefined);
  const codes = new Set(coded.map((cells) => codeValue(cells[0])));
  const named = CODE_TABLE_CUE.test(header ? header[0] : context);
  if (!named || coded.length < 2 || coded.length < 0.8 * data.length || codes.size < 0.8 * coded.length) return [];
  return coded.flatMap((cells): CodeRow[] => {
    const names = cells.slice(1).filter((cell) => SYMBOLIC_NAME.test(cell));
    const meaning = cells.slice(1).filter((cell) => cell && !SYMBOLIC_NAME.test(cell)).join(': ').replace(/\s+/g, ' ');
    const code = codeValue(cells[0])!;
    if (!/[a-z]{2}/i.test(meaning)) return names.length ? [{ code, names, messages: [], resolution: [], references: [] }] : [];
    return [{ code, names, meaning, messages: [], resolution: rowAdvice(meaning), references: referencesIn(meaning, own) }];
  });
}

// --- code lists ---------------------------------------------------------------------------

/** MIS_3 (SYNC_STATUS_CODE_SYNCKEY): message */
const CODE_LINE = /^([A-Z][A-Z0-9]*_\d+)\s*\(([A-Z][A-Z0-9_]*)\)\s*(?::\s*(.*))?$/;
const LABEL = /^(Explanation|Cause|Resolution|Action|Solution|Additional troubleshooting information):\s*(.*)$/i;
const EXPLAINS = new Set(['explanation', 'cause']);

/**
 * Codes listed as PREFIX_n (NAME): message, with Explanation and Resolution paragraphs
 * below. A paragraph belongs to the codes with a message listed since the last
 * paragraph: "MIS_4 ...: message / MIS_5 ...: message / Explanation: ..." explains both,
 * while codes listed bare (MIS_0, MIS_1) get none.
 */
function codeList(lines: string[], own: string | undefined): CodeRow[] {
  const rows: CodeRow[] = [];
  let group: CodeRow[] = [];
  let labelled = false;
  let collecting: { label: string; targets: CodeRow[]; parts: string[] } | undefined;
  const flush = () => {
    if (!collecting) return;
    const text = collecting.parts.join(' ').replace(/\s+/g, ' ').trim();
    for (const row of text ? collecting.targets : []) attach(row, collecting.label, text, own);
    collecting = undefined;
  };
  for (const line of lines) {
    const text = line.trim();
    const code = text.includes('_') && text.includes('(') ? CODE_LINE.exec(text) : null;
    const label = code || !rows.length ? null : LABEL.exec(text);
    if (code) {
      flush();
      const row: CodeRow = { code: code[1], names: [code[2]], messages: [], resolution: [], references: [] };
      rows.push(row);
      if (labelled) group = [];
      labelled = false;
      if (code[3] !== undefined) {
        group.push(row);
        collecting = { label: 'message', targets: [row], parts: [code[3]] };
      }
    } else if (label) {
      flush();
      labelled = true;
      collecting = { label: label[1].toLowerCase(), targets: [...group], parts: [label[2]] };
    } else if (!text) {
      flush();
    } else {
      collecting?.parts.push(text);
    }
  }
  flush();
  return rows;
}

function attach(row: CodeRow, label: string, text: string, own: string | undefined) {
  if (label === 'message') {
    row.meaning = text;
    row.messages.push(text);
  } else if (EXPLAINS.has(label)) {
    row.explanation = row.explanation ? `${row.explanation} ${text}` : text;
  } else {
    row.resolution.push(text);
  }
  for (const number of referencesIn(text, own)) if (!row.references.includes(number)) row.references.push(number);
}

// --- parseArticle ----------------------------------------------------------------------------

/**
 * Reads an article in any of the three formats. Throws an Error saying why when the text
 * is not an article in any of them.
 */
export function parseArticle(text: string, file: string): ParsedArticle {
  const lines = toLines(text);
  const first = lines.findIndex((line) => !isBlank(line));
  if (first < 0) throw new Error('empty: no text');
  const opening = lines[first].trim();
  if (opening.startsWith('DOCUMENT:')) return fromHeader('plain', file, plainHeader(lines, first));
  if (opening === '---') return fromHeader('web', file, webHeader(lines, first));
  const codeRows = codeList(lines, undefined);
  if (codeRows.length >= 2) {
    return { format: 'codelist', file, versions: [], keywords: [], sections: [], messages: [], codes: [], references: [], codeRows };
  }
  throw new Error('not a KB article: no "DOCUMENT:" header, no front matter with a "Qnnnnnn: title", no code list');
}

function fromHeader(format: ArticleFormat, file: string, header: Header): ParsedArticle {
  const { body, number } = header;
  const { end, queryWords } = bodyEnd(body);
  const text = body.slice(0, end);
  const sectionLines = sectionsOf(text);
  const sections = sectionLines.map((s) => ({ name: s.name, text: sectionText(s.lines) }));
  const symptoms = symptomsOf(sectionLines);
  const quoting = section(sectionLines, 'SYMPTOMS', 'SYMPTOM');
  const title = header.title || number!;
  const tableCodes = tablesIn(text).flatMap((table) => codeTableRows(table.rows, `${title} ${table.intro}`, number));
  const article: ParsedArticle = {
    format,
    file,
    number,
    title,
    versions: header.versions,
    keywords: unique([...header.keywords, ...queryWords]),
    sections,
    messages: quoting ? quotedMessages(quoting.lines) : [],
    codes: codesIn(`${title}.\n${symptoms ? sections[sectionLines.indexOf(symptoms)].text : ''}`),
    references: referencesIn(text.join('\n'), number),
    codeRows: uniqueCodes([...tableCodes, ...codeList(text, number)]),
  };
  if (header.product) article.product = header.product;
  if (header.date) article.date = header.date;
  return article;
}

/** One row per code: a code listed twice in an article keeps its first row. */
function uniqueCodes(rows: CodeRow[]): CodeRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (seen.has(row.code)) return false;
    seen.add(row.code);
    return true;
  });
}

// --- articleEntries ----------------------------------------------------------------------------

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

const paragraphs = (text: string | undefined) => (text ? text.split('\n\n') : []);

/**
 * Knowledge from one parsed article: an entry for the article itself (id = its number),
 * unless it is a fragment without one, and one entry per code of its code tables and
 * code lists (id = number-code). Texts are cut to bounds: the full article is read
 * from its file when someone opens it.
 */
export function articleEntries(article: ParsedArticle, systems: System[]): { article?: Article; entries: KnowledgeEntry[] } {
  const { number, sections } = article;
  const title = cut(article.title ?? '', LIMITS.title);
  const fallbackSystem = article.product ? cut(article.product, LIMITS.product) : 'KB article';
  const keywords = unique([article.product ?? '', ...article.keywords].filter(Boolean)).slice(0, LIMITS.keywords)
    .map((k) => cut(k, LIMITS.keyword));
  const seeArticle = number ? `See ${number}.` : undefined;
  const imported = (fields: Omit<KnowledgeEntry, 'article' | 'keywords' | 'origin'>) => importedEntry(fields, number, keywords);

  const entries: KnowledgeEntry[] = [];
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
    entries.push(imported({
      id: `${stem}-${row.code}`,
      system: chooseSystem(title, [row.code], systems, fallbackSystem),
      codes: [row.code],
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
function importedEntry(fields: Omit<KnowledgeEntry, 'article' | 'keywords' | 'origin'>, article: string | undefined,
  keywords: string[]): KnowledgeEntry {
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
    origin: 'imported',
  };
}

/** An id-safe name for a fragment without a KB number: its file name without the extension. */
function fileStem(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'fragment';
}

// --- bytes ------------------------------------------------------------------------------------

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const WINDOWS_1252 = new TextDecoder('windows-1252');

/**
 * The text of an article file: UTF-8 when the bytes are valid UTF-8, else Windows-1252
 * (the archive's few non-ASCII bytes are single 1252 characters such as ¶). Throws for a
 * binary file: NUL bytes, or control characters in more than a tenth of its start.
 */
export function decodeArticle(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new Error('empty file');
  if (bytes.includes(0)) throw new Error('binary file (NUL bytes)');
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  if (control > head.length / 10) throw new Error('binary file (control characters)');
  try {
    return UTF8.decode(bytes);
  } catch {
    return WINDOWS_1252.decode(bytes);
  }
}

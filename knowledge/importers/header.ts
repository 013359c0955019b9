import { isBlank } from './lines';
import type { ParsedArticle } from './parsedArticle';

/** The header of the plain and web formats: number, title, product, versions, date, keywords. */

export interface Header extends Pick<ParsedArticle, 'number' | 'title' | 'product' | 'versions' | 'date' | 'keywords'> {
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

export const words = (value: string | undefined) => (value ?? '').split(/[\s,;|]+/).filter(Boolean);

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

export function plainHeader(lines: string[], first: number): Header {
  const { fields, next } = readFields(lines, first);
  const header = headerOf(fields, lines.slice(next));
  if (!header.number) throw new Error('the DOCUMENT: line has no KB number (Q and 5 or 6 digits)');
  return header;
}

/** Front matter, then the article between {% raw %} and {% endraw %}, indented by a tab. */
export function webHeader(lines: string[], first: number): Header {
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

import { words } from './header';
import { isBlank, isDrawing, isRule, paragraphText, paragraphsOf } from './lines';

/** The body of an article: its end (before the footer), its sections (SYMPTOMS / ========). */

const QUERY_WORDS = /^\s*Additional \w+ words:\s*(.*)$/;
const FOOTER_FIELD = /^\s*(?:Keywords|Technology|Version|Issue type)\s*:/;

/**
 * Where the article text ends: the "Additional query words" line, else the keyword
 * footer. Searched from the end, where both are: a few lines instead of the whole text.
 */
export function bodyEnd(body: string[]): { end: number; queryWords: string[] } {
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
export function sectionsOf(text: string[]): SectionLines[] {
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

/**
 * The version numbers the "applies to" box names, each once as a `versionKey` ("Microsoft
 * Windows NT Server version 4.0", "Microsoft Word 97 for Windows": 4, 97).
 */
export function appliesToVersions(text: string[]): string[] {
  const applies = appliesToLine(text);
  const versions: string[] = [];
  for (let i = applies + 1; applies >= 0 && i < text.length && !isRule(text[i], '-') && !isHeading(text, i); i++) {
    for (const [number] of text[i].replace(NOT_A_VERSION, ' ').matchAll(VERSION_NUMBER)) {
      const key = versionKey(number);
      if (!versions.includes(key)) versions.push(key);
    }
  }
  return versions;
}

/** A number standing alone in a product's line: "4.0", "97", "3.51" (not in "Win32", "OS/2", "32-bit" or "6.22a"). */
const VERSION_NUMBER = /(?<![\w./-])\d+(?:\.\d+)*(?![\w./-])/g;
/** Numbers in a product's line that are no version of it: a service pack's, an edition's bits. */
const NOT_A_VERSION = /\b(?:service pack|sp)\s*\d+|\b\d+-bit\b/gi;

/** One spelling for a version: "4.0", "4.00" and "4" are one, as are "1.50" and "1.5"; "3.51" is not "3.5". */
export function versionKey(version: string): string {
  return version.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** Where the "applies to" box opens, or -1. */
function appliesToLine(text: string[]): number {
  return text.findIndex((line) => line.includes('The information in this article applies to'));
}

function withoutAppliesTo(text: string[]): string[] {
  const applies = appliesToLine(text);
  if (applies < 0) return text;
  const close = text.findIndex((line, i) => i > applies && isRule(line, '-'));
  return text.slice(close < 0 ? applies + 1 : close + 1);
}

/** Lines are trimmed already: only runs inside them (table columns) need collapsing, once per section. */
export const sectionText = (lines: string[]) => paragraphsOf(lines).map(paragraphText).join('\n\n').replace(/[ \t]{2,}|\t/g, ' ');

export function section<T extends { name: string }>(sections: T[], ...names: string[]): T | undefined {
  for (const name of names) {
    const found = sections.find((s) => s.name.toUpperCase() === name);
    if (found) return found;
  }
  return undefined;
}

/** What the article says goes wrong: SYMPTOMS, or SUMMARY when it has none. */
export const symptomsOf = <T extends { name: string }>(sections: T[]) => section(sections, 'SYMPTOMS', 'SYMPTOM', 'SUMMARY');

/** Lines and paragraphs of an article: the units every importer reads. */

/** Lines without their CR; a file of old Mac line ends (CR only) too. */
export function toLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Splitting on a string is much faster than on /\r\n|\r|\n/ over 225 MB of archive.
  const lines = body.split(body.includes('\n') ? '\n' : '\r');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  return lines;
}

export const isBlank = (line: string) => line.trim() === '';

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** A line drawn with one character ("=====", "-----"). */
export function isRule(line: string, char: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < 3) return false;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== char) return false;
  return true;
}

/** Lines that only draw (rules, table borders) separate paragraphs and carry no text. */
export const isDrawing = (line: string) => /^\s*[-=+_*~]{3,}\s*$/.test(line);

/** Numbered steps and bullets start a paragraph of their own even without a blank line. */
const LIST_ITEM = /^(?:\d{1,2}[.)]|[a-z][.)]|[-*])\s/;

interface Paragraph {
  indent: number;
  lines: string[];
  /** Started by a deeper line right after a line ending with ":", not by a blank line. */
  afterColon: boolean;
}

/**
 * Paragraphs with the indentation of their first line. A line ending with ":" followed
 * by a deeper line ends its paragraph too: that is how a quoted message starts.
 */
export function paragraphsOf(lines: string[]): Paragraph[] {
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
    const afterColon = current !== undefined && previous!.endsWith(':') && indent > current.indent;
    if (!current || LIST_ITEM.test(text) || afterColon) {
      current = { indent, lines: [], afterColon };
      paragraphs.push(current);
    }
    current.lines.push(text);
  }
  return paragraphs;
}

export const paragraphText = (paragraph: Paragraph) => paragraph.lines.join(' ');

/**
 * At most `max` characters, cut at a word, as a string of its own: a substring would
 * keep the whole file's text alive in memory.
 */
export function cut(text: string, max: number): string {
  let short = text;
  if (text.length > max) {
    const space = text.lastIndexOf(' ', max - 1);
    short = `${text.slice(0, space > max / 2 ? space : max - 1)}…`;
  }
  return (' ' + short).slice(1);
}

export function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const paragraphs = (text: string | undefined) => (text ? text.split('\n\n') : []);

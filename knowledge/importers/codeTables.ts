import { codeValue } from './codesInText';
import { isBlank } from './lines';
import type { CodeRow } from './parsedArticle';
import { referencesIn } from './quotedMessages';

/** ASCII tables of codes and their meanings (| 3 | The metabase is inaccessible |). */

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
export function tablesIn(text: string[]): Array<{ rows: string[][]; intro: string }> {
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
export function firstClause(text: string): string {
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
 * symbolic name (| 642 | ERROR_NAME_EXISTS_ON_NET | |). Rows numbered 1, 2, 3... under no
 * header are a numbered list of messages ("Paintbrush Message List"): their numbers are
 * places in the list, no codes.
 */
export function codeTableRows(rows: string[][], context: string, own: string | undefined): CodeRow[] {
  const header = rows[0] && codeValue(rows[0][0] ?? '') === undefined ? rows[0] : undefined;
  const data = header ? rows.slice(1) : rows;
  const coded = data.filter((cells) => cells.length >= 2 && codeValue(cells[0]) !== undefined);
  const codes = new Set(coded.map((cells) => codeValue(cells[0])));
  const named = CODE_TABLE_CUE.test(header ? header[0] : context);
  if (!named || coded.length < 2 || coded.length < 0.8 * data.length || codes.size < 0.8 * coded.length) return [];
  const numbered = !header && coded.every((cells, i) => codeValue(cells[0]) === String(i + 1));
  return coded.flatMap((cells): CodeRow[] => {
    const names = cells.slice(1).filter((cell) => SYMBOLIC_NAME.test(cell));
    const meaning = cells.slice(1).filter((cell) => cell && !SYMBOLIC_NAME.test(cell)).join(': ').replace(/\s+/g, ' ');
    const code = codeValue(cells[0])!;
    if (!/[a-z]{2}/i.test(meaning)) return names.length ? [{ code, names, messages: [], resolution: [], references: [] }] : [];
    const row: CodeRow = { code, names, meaning, messages: [], resolution: rowAdvice(meaning), references: referencesIn(meaning, own) };
    return [numbered ? { ...row, numbered: true } : row];
  });
}

import { codeList } from './codeList';
import { codeTableRows, tablesIn } from './codeTables';
import { codesIn, failureCodesIn } from './codesInText';
import { type Header, plainHeader, webHeader } from './header';
import { isBlank, toLines, unique } from './lines';
import { type ArticleFormat, type CodeRow, LIMITS, type ParsedArticle } from './parsedArticle';
import { quotedMessages, referencesIn } from './quotedMessages';
import { appliesToVersions, bodyEnd, section, sectionText, sectionsOf, symptomsOf } from './sections';

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
    return { format: 'codelist', file, versions: [], appliesTo: [], keywords: [], sections: [], messages: [], codes: [], references: [], codeRows };
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
    appliesTo: appliesToVersions(text).slice(0, LIMITS.appliesTo),
    keywords: unique([...header.keywords, ...queryWords]),
    sections,
    messages: quoting ? quotedMessages(quoting.lines) : [],
    codes: unique([...codesIn(`${title}.\n${symptoms ? sections[sectionLines.indexOf(symptoms)].text : ''}`), ...failureCodesIn(title)]).slice(0, LIMITS.codes),
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

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

/** What parseArticle reads from an article, in any of the three formats. */

export type ArticleFormat = 'plain' | 'web' | 'codelist';

interface ArticleSection {
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
  /** A row of a list numbered 1, 2, 3...: its number is a place in the list, not a code. */
  numbered?: true;
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
  /** The version numbers its "applies to" box names, as `versionKey`s ("4", "3.51", "97"), each once. */
  appliesTo: string[];
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
export const LIMITS = {
  title: 200,
  product: 120,
  keyword: 60,
  keywords: 30,
  appliesTo: 16,
  symptoms: 1500,
  cause: 1500,
  step: 600,
  steps: 8,
  message: 600,
  messages: 5,
  codes: 20,
  references: 30,
};

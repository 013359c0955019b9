/**
 * Unicode folding before anything is matched: what a chat client, a PDF or a web page
 * puts in a pasted code ("２１４８００７９４１", "MIS\u200B_31", "0x8007\u00A006BA") must
 * read as the code a user would type. Pure function.
 */

/** Zero-width characters and the soft hyphen: invisible, they only split words. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/** Spaces NFKC keeps as they are. */
const ODD_SPACES = /[\u180E\u2028\u2029]/g;
/** Hyphens, dashes and the minus sign, which NFKC leaves apart from "-". */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** Plain ASCII needs none of it; a 1 MB log is usually ASCII, and this keeps it free. */
const NOT_ASCII = /[^\x00-\x7F]/;

/**
 * The text folded to what a user would type: NFKC (full-width digits and letters,
 * no-break and other compatibility spaces become their ASCII forms), zero-width
 * characters dropped, dashes made "-". Returns the text itself when it is ASCII.
 */
export function foldUnicode(text: string): string {
  if (!NOT_ASCII.test(text)) return text;
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(ODD_SPACES, ' ').replace(DASHES, '-');
}

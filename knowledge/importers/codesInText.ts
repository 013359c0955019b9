import { unique } from './lines';
import { LIMITS } from './parsedArticle';

/** Codes named in running text ("error code 5", "STOP 0x0000000A"), as decimal text. */

/** Largest value a 32-bit code can have, plus one. */
const UINT32 = 2 ** 32;

/**
 * A code token as decimal text: decimal, 0x hex, signed 32-bit, or the eight hex digits
 * Windows prints HRESULTs with (80040154, 00000040, 800A01A8).
 */
export function codeValue(token: string): string | undefined {
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

/** The failure bit of an HRESULT or NTSTATUS: the values at and above it are errors. */
const FAILURE_BIT = 2 ** 31;

/**
 * Codes a title names without a cue: hex values with the failure bit set (0x80070002,
 * C0000008, c1030b37) are errors wherever they stand; smaller hex values in titles are
 * characters and flags ("Characters Below 0x40").
 */
export function failureCodesIn(title: string): string[] {
  // A STOP message's parameters (in brackets, between commas) are addresses; and split
  // at spaces and brackets only: "CD17F14A.SYS" is a file name, not a code.
  return unique(title.replace(/\([^()]*,[^()]*\)/g, ' ').split(/[\s()[\],;:"'!?]+/).flatMap((word) => {
    const token = word.replace(/\.+$/, '');
    const value = isHexForm(token) ? codeValue(token) : undefined;
    return value !== undefined && Number(value) >= FAILURE_BIT ? [value] : [];
  }));
}

/** Words, numbers (with versions and thousands kept whole: "4.0", "4,095", "500-13"), or one symbol. */
const TOKEN = /0x[0-9a-f]+|-(?<![0-9a-z_]-)\d+|[0-9a-z_]+(?:[.,'-][0-9a-z_]+)*|[^\s0-9a-z_]/gi;
const CUES = new Set(['error', 'errors', 'err', 'code', 'codes', 'status', 'stop', 'return', 'returns', 'returned',
  'result', 'hresult', 'exception', 'errorlevel']);
/**
 * "ID no." is a cue: Exchange and MAPI number their errors "ID no. c1031662". ("ID number"
 * is not: a SCSI ID, a context ID.)
 */
const ID_NO = ['id', 'no'];
/** Words that may stand between a cue and its number: "error code number 5", "status of 3". */
const FILLERS = new Set(['number', 'no', 'num', 'value', 'a', 'the', 'message', 'msg', 'level', 'with', ':', '#',
  '"', "'", '`']);
/** "code=C0000005": an equals sign between a cue and its number, with no space (not "If Err = 0", "status == 0"). */
const gluedEquals = (text: string, at: number) => text[at] === '=' && /[0-9a-z_]/i.test(text[at - 1] ?? '') && /[0-9a-z_-]/i.test(text[at + 1] ?? '');

/** In a sentence with a cue, these introduce its value again: "the status returned by IISSYNC is :3". */
const INTRODUCERS = new Set(['is', 'was', 'of']);
const CONNECTORS = new Set(['and', 'or', ',', '/', '&']);
const SENTENCE_END = new Set(['.', ';', '!', '?']);
/** Every cue contains one of these: a paragraph without them (or without a digit) names no code. */
const MAY_NAME_CODES = /err|code|status|stop|return|result|exception|\bid\s+no\b/i;

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
    /** The last two words read, to see "ID no." */
    let previous = ['', ''];
    for (const match of paragraph.matchAll(TOKEN)) {
      const [token] = match;
      const word = token.toLowerCase();
      const value = codeValue(bugCheck && adjacent && /^[0-9a-f]{1,8}$/i.test(token) ? `0x${token}` : token);
      const idNo = previous[1] === ID_NO[0] && word === ID_NO[1];
      // The full stop of "ID no." ends no sentence.
      const abbreviated = word === '.' && previous[0] === ID_NO[0] && previous[1] === ID_NO[1];
      previous = [previous[1], word];
      if (abbreviated) continue;
      if (CUES.has(word) || idNo) {
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
      } else if (!FILLERS.has(word) && !(afterCode && CONNECTORS.has(word)) && !(adjacent && gluedEquals(paragraph, match.index))) {
        if (SENTENCE_END.has(word)) armed = false;
        adjacent = afterCode = false;
        pending = undefined;
      }
    }
  }
  return unique(codes).slice(0, LIMITS.codes);
}

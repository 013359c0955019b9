import { logMessage } from './logNoise';

/**
 * A message cut into the pieces matched on their own. A question is one piece; a pasted
 * log is read whole, in one pass over its lines: every line that signals an error or
 * holds something shaped like a code is read (without its timestamp and level), repeats
 * once; the other lines only near its head. What was read is counted, for the reply to
 * say. Linear in the paste: a 1 MB log is never split into its 16,000 lines.
 */

/** Longest text matched as one piece; longer texts are read line by line. */
export const WHOLE_TEXT_LIMIT = 400;
/** How much of a paste has every kind of line read; beyond it, only the lines worth reading. */
const PASTE_HEAD_LENGTH = 32 * 1024;
/** Most segments scored as text: keeps a 1 MB log within milliseconds. */
const MAX_SEGMENTS = 24;
/**
 * Most different error lines matched by their wording: the lines without a code (a line
 * with one is answered by its code, and matched by its wording only in a log with few
 * kinds of error line).
 */
const MAX_WORDED = 12;
/** A code on a line: a number of three digits or more, 0x hex, a symbolic code ("MIS_3"). */
const CODE_SHAPE = /\b(?:\d{3,}|0x[0-9a-f]+|[a-z]+_\d+)\b/i;
/** Longest segment kept; a longer line is cut. */
const MAX_SEGMENT_LENGTH = 400;
/** Kinds of error line from which a paste's other lines are not scored as text. */
const ERROR_KINDS_ENOUGH = 4;
/** Shortest line scored as text: shorter ones say too little to be found by their words. */
const MIN_SEGMENT_LENGTH = 8;
/** A line this long is data (a dump, base64, minified JSON), not a message: skipped, and counted. */
export const LONG_LINE = 8 * 1024;
/**
 * Most different lines read for codes and wording: a log of nothing but different error
 * lines stops here (at about 3 µs a line), and the reply says how many were left unread.
 */
export const MAX_READ_LINES = 2000;

/** Words that mark the lines of a log worth reading (lower case: the paste is searched lower-cased, which is several times faster). */
const SIGNAL = 'error|fail|exception|denied|cannot|can\'t|unable|invalid|not found|not registered|corrupt|mismatch|refused|timeout|timed out|unavailable|forbidden|status|code';
/**
 * What tells a code on a line without those words (codes.ts reads it): a cue word, 0x
 * hex, an UPPER_SNAKE name. A bare number alone (2148007941 with no word of an error
 * on its line) is read in the head only: searching for number shapes too costs a 1 MB
 * log five times as much.
 */
const CODE_CUES = 'err|return|result|hr|exit|win32|0x[0-9a-f]|_[a-z0-9]';

/** The pattern of a line worth reading, with the knowledge's symbolic code prefixes ("mis 3", "MIS-3"); one per set of prefixes. */
const patterns = new Map<string, RegExp>();
function worthReadingPattern(symbolicPrefixes: readonly string[]): RegExp {
  const key = symbolicPrefixes.join('|');
  let pattern = patterns.get(key);
  if (!pattern) {
    const symbolic = symbolicPrefixes.map((prefix) => `${prefix.toLowerCase().replace(/[^a-z0-9]/g, '')}[ _-]?\\d`);
    pattern = new RegExp([SIGNAL, CODE_CUES, ...symbolic].join('|'), 'g');
    patterns.set(key, pattern);
  }
  return pattern;
}

/** A line of a paste read for codes: its message, once, with the line it first appears on. */
export interface ReadLine {
  message: string;
  /** 1-based number of the first line it appears on. */
  line: number;
}

/** What reading a long paste covered, in numbers the reply can say. */
export interface PasteReading {
  lines: number;
  /** Size of the paste as read, in UTF-8. */
  bytes: number;
  /** Lines worth reading: they signal an error or hold a code. */
  errorLines: number;
  /** Of them, different ones: lines that differ only in numbers and ids are one. */
  distinctErrorLines: number;
  /** Different error lines matched by their wording (the rest are read for codes only). */
  wordedLines: number;
  /** Lines past LONG_LINE characters, skipped. */
  longLines: number;
  /** Error lines past MAX_READ_LINES different ones, not read; and the first of them. */
  unreadLines: number;
  firstUnreadLine?: number;
  /** Set when the different codes found reached the most looked up (codes.ts): later ones were not. */
  codesRead?: number;
}

export interface PasteLines {
  /** Segments to score as text: the different error lines first, then (unless there are several) the head's others and the paste's start whole. */
  segments: string[];
  /** Every different line worth reading, and the head's other lines, in order: what codes are read from. */
  read: ReadLine[];
  /** The head's lines, as pasted: what systems are named in, beside the read lines. */
  head: string;
  reading: PasteReading;
}

/** Lines that differ only in numbers and ids are one kind of line: "request 17 took 3 ms". */
function lineShape(line: string): string {
  return line.replace(/\w*\d\w*/g, '#');
}

/** The pieces of a message to match on their own: the message itself, or the telling lines of a paste. */
export function segments(text: string, symbolicPrefixes: readonly string[] = []): string[] {
  const trimmed = text.trim();
  // One line copied from a log is its message.
  if (trimmed.length <= WHOLE_TEXT_LIMIT) return trimmed ? [logMessage(trimmed)] : [];
  return readPaste(trimmed, symbolicPrefixes).segments;
}

/** Reads a (trimmed) paste longer than WHOLE_TEXT_LIMIT, in one pass. */
export function readPaste(text: string, symbolicPrefixes: readonly string[] = []): PasteLines {
  const worthReading = worthReadingPattern(symbolicPrefixes);
  // Lower case makes two characters of one, İ (U+0130): the positions would no longer be the paste's.
  const searched = (text.includes('\u0130') ? text.replace(/\u0130/g, 'I') : text).toLowerCase();
  const reading: PasteReading = { lines: 0, bytes: Buffer.byteLength(text), errorLines: 0, distinctErrorLines: 0, wordedLines: 0, longLines: 0, unreadLines: 0 };
  const read: ReadLine[] = [];
  const seen = new Set<string>();
  const errorShapes = new Set<string>();
  const worded: string[] = [];
  const codeLines: string[] = [];
  const others: string[] = [];
  const otherShapes = new Set<string>();
  let hit = nextHit(worthReading, searched, 0);
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = ++reading.lines;
    const worth = hit < end;
    if (worth) hit = nextHit(worthReading, searched, end);
    if (end - start > LONG_LINE) reading.longLines++;
    else if (worth) readErrorLine(text.slice(start, end), line);
    else if (start < PASTE_HEAD_LENGTH) readOtherLine(text.slice(start, end), line);
    if (newline < 0) break;
    start = end + 1;
  }

  function readErrorLine(raw: string, line: number) {
    reading.errorLines++;
    if (read.length >= MAX_READ_LINES) {
      reading.unreadLines++;
      reading.firstUnreadLine ??= line;
      return;
    }
    const message = readOnce(raw, line);
    if (message === undefined) return;
    const shape = lineShape(message);
    if (errorShapes.has(shape)) return;
    errorShapes.add(shape);
    if (message.length < MIN_SEGMENT_LENGTH) return;
    // A line with a code is answered by its code: lines of words alone go first to be matched by their wording.
    const list = CODE_SHAPE.test(message) ? codeLines : worded;
    if (list.length < MAX_WORDED) list.push(message.slice(0, MAX_SEGMENT_LENGTH));
  }

  /** The head's other lines are read for codes too, and the first of each kind for their wording. */
  function readOtherLine(raw: string, line: number) {
    const message = read.length < MAX_READ_LINES ? readOnce(raw, line) : undefined;
    if (message === undefined || message.length < MIN_SEGMENT_LENGTH || others.length >= MAX_SEGMENTS) return;
    const shape = lineShape(message);
    if (otherShapes.has(shape)) return;
    otherShapes.add(shape);
    others.push(message.slice(0, MAX_SEGMENT_LENGTH));
  }

  /** The line's message, added to the lines read; undefined when the same message was read before. */
  function readOnce(raw: string, line: number): string | undefined {
    const message = logMessage(raw.trim());
    if (seen.has(message)) return undefined;
    seen.add(message);
    read.push({ message, line });
    return message;
  }

  reading.distinctErrorLines = errorShapes.size;
  // Lines with a code are matched by their wording too only where the log has few kinds of error line.
  if (worded.length < ERROR_KINDS_ENOUGH) worded.push(...codeLines.slice(0, MAX_WORDED - worded.length));
  reading.wordedLines = worded.length;
  // A log with several kinds of error line is about them: its other lines, and its start
  // read whole (for a message wrapped over lines), would only cost time.
  const pieces = worded.length >= ERROR_KINDS_ENOUGH ? worded : [...worded, ...others].slice(0, MAX_SEGMENTS);
  if (worded.length < ERROR_KINDS_ENOUGH) pieces.push(text.slice(0, WHOLE_TEXT_LIMIT * 2));
  return { segments: pieces, read, head: text.slice(0, PASTE_HEAD_LENGTH), reading };
}

/** Where the next line worth reading holds its first signal, from `from` on; Infinity when none. */
function nextHit(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? Infinity;
}

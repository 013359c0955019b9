import { isStopWord } from '../search/text';

/**
 * Finding error and status codes in free text, in every form people type them:
 * decimal (2148007941), hex with or without 0x (0x80080005, 80080005), signed
 * (-2146959355), symbolic (MIS_3, MIS3, mis 3, MIS-3) and symbolic names
 * (SYNC_STATUS_CODE_SYNCKEY). Pure functions, linear in the length of the text.
 */

/**
 * A code found in a message. `keys` are the normalised forms it may stand for:
 * every form of the same value yields the same key, so lookups are by key.
 *   n:<unsigned decimal>   a number (HRESULTs as unsigned 32-bit)
 *   s:<PREFIX>:<n>         a symbolic code such as MIS_3
 *   name:<UPPER_NAME>      a symbolic name such as SYNC_STATUS_CODE_SYNCKEY
 */
export interface CodeMention {
  /** As typed. */
  text: string;
  start: number;
  end: number;
  keys: string[];
  /**
   * Strong mentions look like codes on their own (a cue word before them, hex, signed,
   * a decimal in the HRESULT range, a symbolic form). Weak ones are other bare numbers
   * ("IIS 4", "step 3", "request 40213") and count only when the message also names a
   * system that knows them.
   */
  strong: boolean;
  /**
   * Made a code by its form (symbolic, 0x hex, signed, a known name, the whole message)
   * or by a cue word before it, not by its size alone. In a paste, where large numbers
   * are also ids and counters, only these are codes the user asks about.
   */
  cued: boolean;
  /**
   * For an HRESULT that wraps a Win32 error (0x800706BA), the key of that Win32 error
   * (1722): what the code means when nothing documents the HRESULT itself.
   */
  win32Key?: string;
  /**
   * A bug check: the number right after "STOP", "bugcheck", "BSOD" or "blue screen" (maybe
   * with "error" or "code" between), hex with or without 0x ("STOP 0x0000001E", "stop 1e",
   * "blue screen error 7B"). Only entries that speak of stop errors answer it: decimal 30
   * in a list of MS-DOS errors is another thing.
   */
  bugCheck?: true;
  /** In a paste read line by line, the line of the paste it is on (1-based). */
  line?: number;
  /** And the systems that line names: they, not the whole log's, say whose code it is. */
  lineSystems?: string[];
}

/** Words that announce a code: "error 3", "status: 0", "returned 1722". */
const CUE_WORDS = new Set([
  'error', 'err', 'errno', 'code', 'codes', 'status', 'returned', 'returns', 'return', 'result',
  'hr', 'hresult', 'exit', 'failed', 'fails', 'failure', 'win32', 'mis', 'win32error',
]);

/**
 * Words that count or place things: the number after them is a line, a step or a memory
 * address, never a code ("runtime error Line 41", "referenced memory at 0x00000000").
 */
const COUNTER_WORDS = new Set([
  'line', 'lines', 'page', 'pages', 'step', 'row', 'column', 'col', 'port', 'slot', 'attempt', 'retry', 'item',
  'record', 'offset', 'position', 'character', 'byte', 'bytes', 'version', 'build', 'pid', 'tid', 'thread',
  'at', 'address', 'addr', 'location',
]);

/**
 * Whether a message has words of its own beside its codes, the words that cue them and
 * stop words: "Error SMTPGET: 20 -" has ("smtpget"), "what is error 20" has none. Only
 * such words can say which of the entries of an ambiguous number it is about. Words with
 * digits are codes, ids and numbers (a code mentioned twice is one mention), never such words.
 */
export function hasWordsBesideCodes(text: string, mentions: readonly CodeMention[]): boolean {
  let from = 0;
  for (const mention of [...mentions].sort((a, b) => a.start - b.start)) {
    if (hasOwnWord(text.slice(from, mention.start))) return true;
    from = Math.max(from, mention.end);
  }
  return hasOwnWord(text.slice(from));
}

function hasOwnWord(text: string): boolean {
  return text.toLowerCase().split(/[^a-z0-9]+/).some((word) => /^[a-z]{2,}$/.test(word) && !CUE_WORDS.has(word) && !isStopWord(word));
}

/** Whether the number ending here goes on as a version: "1.5", "3.x". */
function isVersion(text: string, end: number): boolean {
  if (text[end] !== '.') return false;
  const next = text[end + 1];
  return isDigit(next) || ((next === 'x' || next === 'X') && !isAlnum(text[end + 2]));
}

/**
 * Products people name with their version ("Exchange 5", "Office 97", "SQL 7", "NT 4"):
 * the number after one of these, without a cue word, is the version, never a code.
 */
const PRODUCT_WORDS = new Set([
  'windows', 'win', 'nt', 'dos', 'msdos', 'exchange', 'office', 'word', 'excel', 'access', 'outlook', 'powerpoint',
  'project', 'publisher', 'frontpage', 'works', 'money', 'mail', 'schedule', 'sql', 'iis', 'ie', 'explorer', 'vb',
  'basic', 'studio', 'foxpro', 'sms', 'sna', 'proxy', 'backoffice', 'netmeeting', 'internet', 'server', 'sp', 'pack',
  'activesync', 'wince', 'ce', 'pocket', 'mfc', 'vc', 'commerce', 'visio',
]);

const LONGEST_CUE_WORD = Math.max(...[...CUE_WORDS, ...COUNTER_WORDS, ...PRODUCT_WORDS].map((w) => w.length));
/** Eight hex digits: an HRESULT written without 0x (C0000005). */
const HEX8 = /^[A-Fa-f0-9]{8}$/;

/** Words after which a number is a bug check ("STOP 0x0000001E", "bugcheck 1e"). */
const BUG_CHECK_WORDS = new Set(['stop', 'bugcheck', 'bsod']);
/** HRESULTs with the failure bit, below the NTSTATUS errors that may be bug checks too (STOP C000021A). */
const FAILURE_HRESULT_MIN = 0x80000000;
const NTSTATUS_ERROR_MIN = 0xc0000000;

/**
 * A sentence ended, or an item of an admin's note (" / "), and a word begun the next: a
 * cue word before it cues no number after it ("no error. Other 16 tools", "sound error /
 * links 2001 fails too"); a number right after the full stop is still the cue's ("install
 * failed. 1603", "Error No. 5", "an error... 1603").
 */
const NEXT_SENTENCE = /(?:[.!?]|\s\/)\s+\S*[A-Za-z]/;
/** After "ID", these make a cue of it: Exchange and MAPI number their errors "ID no. c1031662". */
const ID_NUMBER = new Set(['no', 'nr', 'number']);
/** How many words back a cue word may stand ("error code is 3"). */
const CUE_DISTANCE = 3;
/** Least value of a negative number read as an HRESULT by its form alone: a facility's codes are far below -65535. */
const SIGNED_HRESULT_MIN = 0x10000;

const UINT32 = 0x1_0000_0000;
/** HRESULTs with FACILITY_WIN32 wrap a Win32 error code in their low 16 bits. */
const FACILITY_WIN32_MASK = 0xffff0000;
const FACILITY_WIN32_HRESULT = 0x80070000;

export function numericKey(value: number): string {
  return `n:${value}`;
}

export function symbolicKey(prefix: string, n: number): string {
  return `s:${prefix.toUpperCase()}:${n}`;
}

export function nameKey(name: string): string {
  return `name:${name.toUpperCase()}`;
}

/** The numbers a key stands for, for display (`n:2148007941` → 2148007941). */
export function keyNumber(key: string): number | undefined {
  if (key.startsWith('n:')) return Number(key.slice(2));
  if (key.startsWith('s:')) return Number(key.slice(key.lastIndexOf(':') + 1));
  return undefined;
}

/** "0x80080005" for numbers in the HRESULT range, else undefined. */
export function hresultHex(value: number): string | undefined {
  if (value < 0x80000000 || value >= UINT32) return undefined;
  return `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
}

/**
 * Keys for a code as a knowledge file writes it: "2148007941", "0x80080005", "MIS_3".
 * Returns undefined when the text is not a code in any known form.
 */
export function parseCode(code: string, symbolicPrefixes: readonly string[] = []): string | undefined {
  const text = code.trim();
  const symbolic = /^([A-Za-z]+)[_\- ]?(\d+)$/.exec(text);
  if (symbolic && symbolicPrefixes.some((p) => p.toUpperCase() === symbolic[1].toUpperCase())) {
    return symbolicKey(symbolic[1], Number(symbolic[2]));
  }
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return numericKey(parseInt(text.slice(2), 16));
  if (/^-?\d{1,10}$/.test(text)) {
    const value = Number(text);
    if (value < 0 && value >= -0x80000000) return numericKey(value + UINT32);
    if (value >= 0 && value < UINT32) return numericKey(value);
  }
  return undefined;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const isAlnum = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_]/.test(ch);

/**
 * True when the number is one part of a compound such as a version (5.0), a time
 * (10:22:33), a date (2024-01-02), an IP address or a path, rather than a code.
 */
function isCompoundPart(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if ((before === '.' || before === ':' || before === '/') && isDigit(text[start - 2])) return true;
  // A standard named by a letter and two or three digits: "X.25", "X.400", "V.34" ("E.1603" may be a code).
  if (before === '.' && end - start >= 2 && end - start <= 3 && /[A-Za-z]/.test(text[start - 2] ?? '') && !isAlnum(text[start - 3])) return true;
  if (before === '-' && isAlnum(text[start - 2])) return true;
  if ((after === '.' || after === ':' || after === '/' || after === '-') && isDigit(text[end + 1])) return true;
  if (isVersion(text, end)) return true;
  // A path or a name written with slashes ("1/x/y", "a/1").
  return ((before === '/' || before === '\\') && isAlnum(text[start - 2])) || ((after === '/' || after === '\\') && isAlnum(text[end + 1]));
}

/** A number in brackets glued to a word, as in a device or instance name: "POCKETPC(01)", "SQL[2]". */
function isNamePart(text: string, start: number): boolean {
  return (text[start - 1] === '(' || text[start - 1] === '[') && isAlnum(text[start - 2]);
}

/** Keys a number stands for, and the Win32 error inside a FACILITY_WIN32 HRESULT. */
function numberKeys(values: number[]): Pick<CodeMention, 'keys' | 'win32Key'> {
  const wrapping = values.find((value) => (value & FACILITY_WIN32_MASK) >>> 0 === FACILITY_WIN32_HRESULT);
  return {
    keys: [...new Set(values.map(numericKey))],
    ...(wrapping === undefined ? {} : { win32Key: numericKey(wrapping & 0xffff) }),
  };
}

export interface ExtractOptions {
  /** Prefixes of symbolic codes ("MIS"), so that "mis 3" and "MIS-3" are read as MIS_3. */
  symbolicPrefixes?: readonly string[];
  /** Known symbolic names (upper case); other UPPER_SNAKE words are ignored. */
  knownNames?: ReadonlySet<string>;
}

/**
 * Most mentions of each strength kept: a log holds thousands of numbers (ids, counts,
 * durations), and the first ones are enough to answer while keeping a 1 MB paste fast.
 */
export const MAX_MENTIONS = 50;

/** Every code mentioned in the text, in order, without repeats of the same key set. */
export function extractCodes(text: string, options: ExtractOptions = {}): CodeMention[] {
  const prefixes = new Set((options.symbolicPrefixes ?? []).map((p) => p.toUpperCase()));
  const mentions: CodeMention[] = [];
  const seen = new Map<string, CodeMention>();
  const counts = { strong: 0, weak: 0 };
  const add = (mention: CodeMention) => {
    const id = mention.keys.join('|');
    const strength = mention.strong ? 'strong' : 'weak';
    const before = seen.get(id);
    if (counts[strength] >= MAX_MENTIONS || (before && (before.strong || !mention.strong))) return;
    // "5 items" first, then "error 5": the code is the one cued, where it is, not a count that came first.
    if (before) {
      mentions.splice(mentions.indexOf(before), 1);
      counts.weak--;
    }
    seen.set(id, mention);
    counts[strength]++;
    mentions.push(mention);
  };
  // Words that may be a symbolic code ("MIS3", "mis"): tested before any allocation.
  const symbolic = prefixes.size
    ? new RegExp(`^(?:${[...prefixes].map((p) => p.replace(/[^A-Z0-9]/g, '')).join('|')})\\d*$`, 'i')
    : /$^/;
  const pattern = /[A-Za-z0-9_]+/g;
  const nextWord = () => {
    const m = pattern.exec(text);
    return m ? { text: m[0], start: m.index, end: m.index + m[0].length } : undefined;
  };
  // Word number of the last cue word, to tell "error 3" from "step 3", and of the last counting word.
  let lastCue = -Infinity;
  let lastCueEnd = 0;
  let lastCounter = -Infinity;
  let lastProduct = -Infinity;
  let lastStop = -Infinity;
  let lastId = -Infinity;
  // A cue word a few words back, in the same sentence: "no window and no error. Other 16-bit tools" cues nothing.
  const cuedAt = (i: number, start: number) => i - lastCue <= CUE_DISTANCE && !NEXT_SENTENCE.test(text.slice(lastCueEnd, start));
  let word = nextWord();
  // A message that is nothing but a number ("3", "0x80070005") is asking about that code.
  const onlyCode = word !== undefined && word.start === text.search(/\S/) && word.end === text.trimEnd().length;

  for (let i = 0; word; i++, word = nextWord()) {
    if (counts.strong >= MAX_MENTIONS) break;
    const first = word.text.charCodeAt(0);
    // Most words of a log are plain words: skip them before any allocation.
    const startsWithDigit = first >= 48 && first <= 57;
    if (!startsWithDigit && !word.text.includes('_') && !symbolic.test(word.text) && !HEX8.test(word.text)) {
      if (word.text.length <= LONGEST_CUE_WORD) {
        const lower = word.text.toLowerCase();
        if (CUE_WORDS.has(lower) || (ID_NUMBER.has(lower) && lastId === i - 1)) [lastCue, lastCueEnd] = [i, word.end];
        else if (lower === 'id') lastId = i;
        else if (COUNTER_WORDS.has(lower)) lastCounter = i;
        else if (BUG_CHECK_WORDS.has(lower) || (lower === 'screen' && /\bblue\s+$/i.test(text.slice(Math.max(0, word.start - 6), word.start)))) lastStop = i;
        if (PRODUCT_WORDS.has(lower)) lastProduct = i;
      }
      continue;
    }
    const upper = word.text.toUpperCase();

    // Symbolic: MIS_3, MIS3, or "MIS 3" / "mis-3" across two words.
    const joined = /^([A-Z]+)_?(\d+)$/.exec(upper);
    if (joined && prefixes.has(joined[1])) {
      add({ ...word, keys: [symbolicKey(joined[1], Number(joined[2]))], strong: true, cued: true });
      continue;
    }
    if (prefixes.has(upper)) {
      const before = pattern.lastIndex;
      const next = nextWord();
      if (next && /^\d+$/.test(next.text) && /^[ \-_]?$/.test(text.slice(word.end, next.start)) && !isVersion(text, next.end)) {
        add({ text: text.slice(word.start, next.end), start: word.start, end: next.end,
          keys: [symbolicKey(upper, Number(next.text))], strong: true, cued: true });
        i++;
      } else {
        pattern.lastIndex = before;
        if (CUE_WORDS.has(word.text.toLowerCase())) [lastCue, lastCueEnd] = [i, word.end];
      }
      continue;
    }

    if (upper.includes('_') && options.knownNames?.has(upper)) {
      add({ ...word, keys: [nameKey(upper)], strong: true, cued: true });
      continue;
    }

    // "line 41", "at 0x00000000": counted or placed, not a code.
    if (lastCounter === i - 1 && !onlyCode) continue;

    // Hex by its form (0x, a letter, eight digits) right after the word, or after "error" or "code": "stop 3 services" is a count.
    const afterStop = i - lastStop === 1 || (i - lastStop === 2 && lastCue === i - 1);
    const bugCheck = afterStop ? /^(?:0X)?([0-9A-F]{1,8})$/.exec(upper) : null;
    if (bugCheck && /^0X|[A-F]|^.{8}$/.test(upper)) {
      const value = parseInt(bugCheck[1], 16);
      // An HRESULT after "stop" is the verb's: "the service would not stop: 0x80070005".
      const isHresult = value >= FAILURE_HRESULT_MIN && value < NTSTATUS_ERROR_MIN;
      add({ ...word, ...numberKeys([value]), strong: true, cued: true, ...(isHresult ? {} : { bugCheck: true }) });
      continue;
    }

    if (/^0X[0-9A-F]{1,8}$/.test(upper)) {
      add({ ...word, ...numberKeys([parseInt(upper.slice(2), 16)]), strong: true, cued: true });
      continue;
    }

    if (/^\d{1,10}$/.test(upper)) {
      if (isCompoundPart(text, word.start, word.end)) continue;
      const negative = text[word.start - 1] === '-' && !isAlnum(text[word.start - 2]);
      const decimal = Number(upper);
      // "-2147467259" is an HRESULT written signed; "+12 and -5" are numbers, unless a cue says otherwise.
      const signedHresult = negative && decimal >= SIGNED_HRESULT_MIN;
      const cued = signedHresult || onlyCode || cuedAt(i, word.start);
      // "16-bit", "2-node": a number making a word with the one after it, unless a cue says otherwise ("Error 1603-Fatal").
      if (!cued && text[word.end] === '-' && /[A-Za-z]/.test(text[word.end + 1] ?? '')) continue;
      // "Exchange 5 mailbox full", "registry error after Office 97": the product's version, whatever cue came before.
      if (lastProduct === i - 1) continue;
      // "POCKETPC(01)", "Disk 02": part of a name, or a counter; a code is not written so uncued.
      if (!cued && (isNamePart(text, word.start) || (upper.length > 1 && upper[0] === '0'))) continue;
      // A log's thousandth id or count: the weak mentions are full, and only a large value could be strong.
      if (!cued && counts.weak >= MAX_MENTIONS && upper.length < 8) continue;
      const values: number[] = [];
      if (negative) {
        if (decimal <= 0x80000000) values.push(UINT32 - decimal);
      } else if (decimal < UINT32) {
        values.push(decimal);
      }
      // Eight digits starting 8 or C read as hex too: an HRESULT typed without 0x.
      if (upper.length === 8 && /^[8C]/.test(upper)) values.push(parseInt(upper, 16));
      if (values.length === 0) continue;
      // Large decimals in the HRESULT range read as codes on their own; ids and counts do not.
      const strong = cued || (!negative && values.some((v) => v >= 0x80000000));
      add({ text: negative ? `-${upper}` : word.text, start: negative ? word.start - 1 : word.start,
        end: word.end, ...numberKeys(values), strong, cued });
      continue;
    }

    // Hex without 0x that has letters: 800706BA, C0000005.
    if (/^[0-9A-F]{8}$/.test(upper) && /[0-9]{4}/.test(upper.replace(/[A-F]/g, '')) && /^[08C]/.test(upper)) {
      add({ ...word, ...numberKeys([parseInt(upper, 16)]), strong: true, cued: cuedAt(i, word.start) });
    }
  }
  return mentions;
}

/**
 * The key a mention is shown and counted by: of "80110473", read both as a decimal and as
 * an HRESULT typed without 0x, the HRESULT, as "0x80110473" and "2148598899" are shown.
 */
export function shownKey(keys: readonly string[]): string {
  return keys.find((key) => key.startsWith('n:') && hresultHex(keyNumber(key)!) !== undefined) ?? keys[0];
}

/** One spelling for every form of a code, to show and count it by: "MIS_31", "0x80004321", "17". */
export function canonicalCode(key: string): string {
  if (key.startsWith('name:')) return key.slice(5);
  const number = keyNumber(key)!;
  if (key.startsWith('s:')) return `${key.slice(2, key.lastIndexOf(':'))}_${number}`;
  return hresultHex(number) ?? String(number);
}

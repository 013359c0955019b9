import type { Match, MatchResult, PasteReading, UnknownCode } from '../matching/matcher';
import { LONG_LINE, MAX_READ_LINES } from '../matching/pastes/pasteLines';
import type { CardAction } from './actions';
import { AdaptiveCard, expand } from './cardTemplates';

/**
 * The reply to a long paste: what was read of it, said plainly, and the codes it holds
 * beyond the few answered with a card of their own, listed in one compact card, so a
 * log naming 16 codes comes as a few messages, not 16 cards.
 */

/** Most answer and choice cards a reply carries; the rest of a paste's codes are listed. */
const MAX_REPLY_CARDS = 4;
/** Most codes listed one per row (each a button asking about it); the rest are named in one line. */
const MAX_LISTED = 20;
/** A paste of at least this many lines gets the card saying what was read, whatever it holds. */
const REPORTED_LINES = 50;

/** A code of the paste listed rather than answered with its own card. */
interface Listed {
  code: string;
  line?: number;
  what: string;
  /** What the row's button asks: the code with its system, as the bot answers it. */
  ask: string;
}

const number = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

/**
 * The reply's cards for a result: the answer and choice cards (`cards`, in order) up to
 * MAX_REPLY_CARDS, after the card saying what was read of a long paste, which lists the
 * codes beyond them. `heading` names a match's code as an answer card does.
 */
export function withReading(result: MatchResult, cards: Array<{ card: AdaptiveCard; match?: Match; choice?: Match[] }>,
  heading: (match: Match) => string): AdaptiveCard[] {
  const { reading } = result;
  if (!reading) return cards.map((c) => c.card);
  const shown = cards.slice(0, MAX_REPLY_CARDS);
  const listed: Listed[] = cards.slice(MAX_REPLY_CARDS).map(({ match, choice }) => {
    if (match) return { code: heading(match), line: match.line, what: match.entry.title, ask: heading(match) };
    const [first] = choice!;
    const code = first.mention ?? first.code ?? first.entry.title;
    return { code, line: first.line, what: 'documented by several systems: ask with the system\'s name', ask: code };
  });
  // Answer cards do not show the codes nothing documents: the list does.
  if (result.decision === 'answer') listed.push(...result.unknownCodes.map(unknownListed));
  listed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const reported = reading.lines >= REPORTED_LINES || listed.length > 0 || reading.longLines > 0 || reading.unreadLines > 0;
  return reported ? [readingCard(reading, codeCounts(result), listed), ...shown.map((c) => c.card)] : shown.map((c) => c.card);
}

function unknownListed(unknown: UnknownCode): Listed {
  const what = unknown.system ? `not in the knowledge base: ${unknown.system} documents no such code` : 'not in the knowledge base';
  return { code: unknown.text, line: unknown.line, what, ask: unknown.system ? `${unknown.system} ${unknown.text}` : unknown.text };
}

/** The different codes of the result, by what the bot has for them. */
function codeCounts(result: MatchResult) {
  const answered = result.decision === 'answer' ? result.matches.filter((m) => m.code).length : 0;
  const several = result.decision === 'answer' ? (result.undecided?.length ?? 0) : result.matches.some((m) => m.code && !m.neighbour) ? 1 : 0;
  return { answered, several, unknown: result.unknownCodes.length };
}

/** The card saying what was read, and listing the codes not answered with a card of their own. */
function readingCard(reading: PasteReading, codes: ReturnType<typeof codeCounts>, listed: Listed[]): AdaptiveCard {
  const size = `${number(Math.max(1, Math.round(reading.bytes / 1024)))} KB`;
  const notes: string[] = [];
  const found = codes.answered + codes.several + codes.unknown;
  const byKind = [
    codes.answered ? `${number(codes.answered)} I have answers for` : '',
    codes.several ? `${number(codes.several)} documented by several systems` : '',
    codes.unknown ? `${number(codes.unknown)} not in the knowledge base` : '',
  ].filter(Boolean);
  notes.push(`${plural(reading.errorLines, 'line')} with an error or a code (${number(reading.distinctErrorLines)} different); `
    + `${found ? `${plural(found, 'code')}: ${byKind.join(', ')}` : 'no codes'}.`);
  if (reading.wordedLines < reading.distinctErrorLines) {
    notes.push(`I matched the wording of the first ${number(reading.wordedLines)} different error lines; the others were read for codes only.`);
  }
  if (reading.codesRead) notes.push(`I looked up its first ${number(reading.codesRead)} different codes only.`);
  if (reading.longLines) notes.push(`${plural(reading.longLines, 'line')} longer than ${LONG_LINE / 1024} KB (data, not messages) ${reading.longLines === 1 ? 'was' : 'were'} skipped.`);
  if (reading.unreadLines) {
    notes.push(`I stopped after ${number(MAX_READ_LINES)} different lines: ${plural(reading.unreadLines, 'more line')} with an error or a code, from line ${number(reading.firstUnreadLine!)} on, ${reading.unreadLines === 1 ? 'was' : 'were'} not read.`);
  }
  const rows = listed.slice(0, MAX_LISTED).map((row) => ({
    line: row.line ? `line ${number(row.line)}` : '',
    code: row.code,
    what: row.what,
    title: `Ask about ${row.code}`.slice(0, 60),
    ask: { action: 'ask', text: row.ask } satisfies CardAction,
  }));
  const rest = listed.slice(MAX_LISTED);
  return expand('log-reading', {
    heading: reading.unreadLines
      ? `I read ${plural(reading.lines, 'line')} (${size}), but not every line with an error`
      : `I read all ${plural(reading.lines, 'line')} (${size})`,
    notes,
    listed: rows,
    more: rest.length ? `And ${number(rest.length)} more: ${rest.map((row) => row.code).join(', ')}. Ask me about any of them.` : '',
  });
}

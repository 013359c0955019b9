import { isStopWord } from '../search/text';

/**
 * How much of one quoted message a pasted text holds: a fragment cut at both ends, a
 * message with its placeholders filled in (<computername>, %1), or one wrapped in a
 * question. An entry is scored by the one message the text covers best, so an article
 * that lists dozens of messages gains nothing from their number. Pure functions.
 */

/**
 * A placeholder in a message as articles write it: <computername>, <file name>, %1, %s,
 * xxx, nnnn; a longer one in words only (<date and time you sent the mail>): with digits,
 * it is a value (<Fri Sep 03 12:23:46.229 1999>).
 */
const PLACEHOLDER = /<[A-Za-z](?:[^<>\n]{0,29}|[^<>\n\d]{30,59})>|%\d\b|%[sdu]\b|\b(?:x{3,}|n{3,})\b/g;
/** Stands for a placeholder among a message's words: any words of the text. */
export const WILDCARD = '*';

/** Lower case words and numbers of a text, as quotes are compared. */
export function quoteWords(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** A message's words, each placeholder one wildcard. */
export function messageWords(message: string): string[] {
  return message.replace(PLACEHOLDER, ' \u0001 ').toLowerCase().split(/[^a-z0-9\u0001]+/)
    .filter(Boolean).map((word) => (word === '\u0001' ? WILDCARD : word));
}

/** The words of a pasted text with their runs of two and three, to look message words up in. */
export interface TextRuns {
  length: number;
  /** The words in order. */
  sequence: string[];
  words: Set<string>;
  pairs: Set<string>;
  triples: Set<string>;
}

export function textRuns(text: string): TextRuns {
  const words = quoteWords(text);
  const runs: TextRuns = { length: words.length, sequence: words, words: new Set(words), pairs: new Set(), triples: new Set() };
  for (let i = 0; i + 1 < words.length; i++) {
    runs.pairs.add(`${words[i]} ${words[i + 1]}`);
    if (i + 2 < words.length) runs.triples.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return runs;
}

export interface Cover {
  /** Share of the message's own words (placeholders aside) that the text holds in runs. */
  ofMessage: number;
  /** How many of the message's words that is. */
  words: number;
}

/**
 * The message's words that the text holds in runs: three words in a row, or, inside a
 * piece of one or two words between placeholders, that piece whole. Single common words
 * scattered over a text cover nothing. `held`, when given, receives the words covered.
 */
export function messageCover(message: string[], text: TextRuns, held?: Set<string>): Cover {
  let literal = 0;
  let covered = 0;
  for (let start = 0; start < message.length;) {
    let end = start;
    while (end < message.length && message[end] !== WILDCARD) end++;
    const piece = message.slice(start, end);
    literal += piece.length;
    const hit = new Uint8Array(piece.length);
    if (piece.length === 1 && message.length > 1) hit[0] = Number(text.words.has(piece[0]));
    else if (piece.length === 2 && text.pairs.has(`${piece[0]} ${piece[1]}`)) hit[0] = hit[1] = 1;
    else if (piece.length >= 3) {
      for (let i = 0; i + 2 < piece.length; i++) {
        if (text.triples.has(`${piece[i]} ${piece[i + 1]} ${piece[i + 2]}`)) hit[i] = hit[i + 1] = hit[i + 2] = 1;
      }
    }
    hit.forEach((h, i) => {
      covered += h;
      if (h) held?.add(piece[i]);
    });
    start = end + 1;
  }
  return { ofMessage: literal ? covered / literal : 0, words: covered };
}

/** Most words a placeholder is filled with: a path, a file name, a server and a service. */
export const MAX_FILL = 6;

/**
 * Whether the words are the message and nothing else, each placeholder filled with one
 * to MAX_FILL words: "Cannot access Q3 budget.xls." fills "Cannot access <filename>.".
 * A placeholder holds a name, a path or a number: words of a sentence ("when I log in")
 * after "Path/File access error" are the question going on, not a file name. A single
 * letter may be a drive.
 */
export function fillsTemplate(message: readonly string[], words: readonly string[]): boolean {
  const from = (m: number, w: number): boolean => {
    if (m === message.length) return w === words.length;
    if (message[m] !== WILDCARD) return words[w] === message[m] && from(m + 1, w + 1);
    for (let fill = 1; fill <= MAX_FILL && w + fill <= words.length; fill++) {
      const word = words[w + fill - 1];
      if (word.length > 1 && isStopWord(word)) return false;
      if (from(m + 1, w + fill)) return true;
    }
    return false;
  };
  return from(0, 0);
}

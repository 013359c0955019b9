/*
 * learning/: learning from use, as QnA Maker's active learning did. A question a user
 * resolved by picking a candidate (or marking an answer helpful) becomes a suggested
 * phrasing of that entry; a help desk lead accepts or rejects suggestions on the
 * dashboard; accepted ones are written as a knowledge file of phrasings, which the
 * knowledge watcher reloads and the index matches. No Bot Framework, no HTTP here.
 */
import { createHash } from 'node:crypto';
import { MAX_PHRASING_CHARS } from '../knowledge/phrasings';
import { plainText } from '../knowledge/plainText';

/** Fewest words of letters a phrasing needs: "sync broken" says too little to teach anything. */
const MIN_WORDS = 3;
/** Most words: past that a question is a story or a paste, not a way of asking. */
const MAX_WORDS = 30;

/**
 * What a question may not hold to be suggested. Codes are answered by the code index, and
 * a number tied to an entry by a phrasing would make an unknown code look documented;
 * personal data must not become knowledge every asker's question is matched against.
 */
const NOT_SUGGESTED: Array<[RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/, 'an email address'],
  [/(?:\+|\b00)\d[\d\s().-]{6,}\d|\b\d{3}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?\b/, 'a phone number'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}\b/, 'an IP address'],
  [/\b(?:https?|ftp|file):\/\/|\bwww\./i, 'a link'],
  [/\\\\|\b\w+\\\w+/, 'a path or a DOMAIN\\user name'],
  [/\b0x[0-9a-f]+|\d{3,}|\b[a-z]+_\d+\b|\b(?:error|status|code|mis)\s*#?\d+/i, 'a code'],
];

/** Why a question is not suggested as a phrasing, or undefined when it may be. */
export function phrasingProblem(question: string): string | undefined {
  const text = question.trim();
  if (/[\r\n]/.test(text) || text.length > MAX_PHRASING_CHARS) return 'a paste or a log';
  for (const [pattern, what] of NOT_SUGGESTED) if (pattern.test(text)) return `it holds ${what}`;
  const words = text.split(/\s+/);
  if (words.length > MAX_WORDS) return 'a paste or a log';
  if (words.filter((word) => /\p{L}{2,}/u.test(word)).length < MIN_WORDS) return 'too few words';
  return undefined;
}

/** The question as a phrasing: one line, spaces collapsed, no markup or links. */
export function phrasingText(question: string): string {
  return plainText(question.trim().replace(/\s+/g, ' '));
}

/** The same question whatever its case, spacing and final punctuation: one suggestion. */
export function questionKey(question: string): string {
  const normal = phrasingText(question).toLowerCase().replace(/[\s?!.,;:]+$/, '');
  return createHash('sha256').update(normal).digest('hex').slice(0, 32);
}

/** An entry id as a storage key part: whatever a card sent, a fixed set of characters. */
export function entryKey(entryId: string): string {
  return createHash('sha256').update(entryId).digest('hex').slice(0, 16);
}

import type { System } from '../knowledge/types';
import { CodeMention, extractCodes, hasWordsBesideCodes } from './codes';
import { foldUnicode } from './unicode';
import { PASTE_HEAD_LENGTH, quotedParts, segments } from './text';

/**
 * The first stage of matching: what a message says before any lookup. Unicode folded,
 * the paste cut into segments (the lines that signal an error beyond its head), the
 * systems it names and the code mentions in it.
 */
export interface ScannedMessage {
  /** The message as typed, trimmed: what cards quote back. */
  query: string;
  /** Segments to score as text: one for a short message, the telling lines of a paste. */
  pieces: string[];
  /** What a short message quotes (in quotation marks, after a colon), scored a little below it. */
  quotedParts: string[];
  /** A typed question rather than a paste: its words get typo correction, its bare numbers count. */
  question: boolean;
  /** Systems whose name or keywords the message contains. */
  systems: string[];
  mentions: CodeMention[];
  /** Words beside the codes that could tell one code's entries apart (`hasWordsBesideCodes`). */
  wordsBesideCodes: boolean;
}

/** Longest message read as a question, where "iissync 1722" names a code without a cue word. */
const SHORT_QUESTION = 200;

/**
 * Whether a message is a typed question, whose words get typo correction; in a paste,
 * unknown words are ids and names.
 */
export function isTypedQuestion(text: string): boolean {
  return text.length <= SHORT_QUESTION && !text.includes('\n');
}

/** What the scan needs to know of the knowledge base: its systems and the code names its entries carry. */
export interface ScanVocabulary {
  systems: SystemPattern[];
  symbolicPrefixes: string[];
  knownNames: Set<string>;
}

export function scanMessage(text: string, vocabulary: ScanVocabulary): ScannedMessage {
  const query = text.trim();
  // Matched as folded, shown as typed.
  const folded = foldUnicode(query);
  const pieces = segments(folded);
  // A long paste is read in full at its head and, beyond it, in the lines that signal an error.
  const scanned = folded.length <= PASTE_HEAD_LENGTH ? folded : `${folded.slice(0, PASTE_HEAD_LENGTH)}\n${pieces.join('\n')}`;
  const mentions = extractCodes(scanned, { symbolicPrefixes: vocabulary.symbolicPrefixes, knownNames: vocabulary.knownNames });
  return {
    query,
    pieces,
    quotedParts: pieces.length === 1 ? quotedParts(folded).filter((part) => part !== pieces[0]) : [],
    question: isTypedQuestion(folded),
    systems: vocabulary.systems.filter(({ pattern }) => pattern.test(scanned)).map(({ system }) => system),
    mentions,
    wordsBesideCodes: hasWordsBesideCodes(scanned, mentions),
  };
}

export interface SystemPattern {
  system: string;
  pattern: RegExp;
}

/** Whole-word, case-insensitive match of any of a system's keywords. */
export function systemPattern(system: System): SystemPattern {
  const words = [system.name, ...system.keywords].map((k) => escapeForRegExp(k.toLowerCase()));
  return { system: system.name, pattern: new RegExp(`(?:^|[^a-z0-9])(?:${words.join('|')})(?![a-z0-9])`, 'i') };
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

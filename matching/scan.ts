import type { System } from '../knowledge/types';
import { CodeMention, extractCodes, hasWordsBesideCodes, MAX_MENTIONS } from './codes/codes';
import { foldUnicode } from './search/unicode';
import { quotedParts } from './search/text';
import { PasteLines, PasteReading, readPaste, ReadLine, segments, WHOLE_TEXT_LIMIT } from './pastes/pasteLines';

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
  /** For a paste read line by line: what was read of it. */
  reading?: PasteReading;
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
  if (folded.length > WHOLE_TEXT_LIMIT) return scanPaste(query, readPaste(folded, vocabulary.symbolicPrefixes), vocabulary);
  const pieces = segments(folded);
  const mentions = extractCodes(folded, { symbolicPrefixes: vocabulary.symbolicPrefixes, knownNames: vocabulary.knownNames });
  return {
    query,
    pieces,
    quotedParts: quotedParts(folded).filter((part) => part !== pieces[0]),
    question: isTypedQuestion(folded),
    systems: systemsNamed(folded, vocabulary),
    mentions,
    wordsBesideCodes: hasWordsBesideCodes(folded, mentions),
  };
}

/**
 * A paste read line by line: codes are read from every different line worth reading
 * (without its timestamp, level and source, whose pids are no codes), each with the
 * line it is on; systems from the head and those lines.
 */
function scanPaste(query: string, paste: PasteLines, vocabulary: ScanVocabulary): ScannedMessage {
  const read = paste.read.map((line) => line.message).join('\n');
  const mentions = extractCodes(read, { symbolicPrefixes: vocabulary.symbolicPrefixes, knownNames: vocabulary.knownNames });
  placeOnLines(mentions, paste.read, vocabulary);
  const reading = { ...paste.reading, ...(mentions.filter((m) => m.strong).length >= MAX_MENTIONS ? { codesRead: MAX_MENTIONS } : {}) };
  return {
    query,
    pieces: paste.segments,
    quotedParts: [],
    question: false,
    systems: systemsNamed(`${paste.head}\n${read}`, vocabulary),
    mentions,
    wordsBesideCodes: hasWordsBesideCodes(read, mentions),
    reading,
  };
}

/** Sets each mention's line and the systems it names, from where it is in the read lines joined by newlines. */
function placeOnLines(mentions: CodeMention[], lines: ReadLine[], vocabulary: ScanVocabulary): void {
  let index = 0;
  let end = lines.length ? lines[0].message.length : 0;
  for (const mention of [...mentions].sort((a, b) => a.start - b.start)) {
    while (index < lines.length - 1 && mention.start > end) end += 1 + lines[++index].message.length;
    if (!lines[index]) continue;
    mention.line = lines[index].line;
    const named = systemsNamed(lines[index].message, vocabulary);
    if (named.length) mention.lineSystems = named;
  }
}

function systemsNamed(text: string, vocabulary: ScanVocabulary): string[] {
  return vocabulary.systems.filter(({ pattern }) => pattern.test(text)).map(({ system }) => system);
}

export interface SystemPattern {
  system: string;
  pattern: RegExp;
}

/** Shortest one-word name whose slips of the keyboard (`slips`) still name its system: shorter ones make real words ("luster"). */
const SLIP_MIN_LENGTH = 7;

/**
 * Whole-word, case-insensitive match of any of a system's keywords, and of the common
 * slips of a long one-word keyword ("iisync", "activsync", "exhange"): a typed question
 * naming its system with a typo is still about that system's codes.
 */
export function systemPattern(system: System): SystemPattern {
  const keywords = [system.name, ...system.keywords].map((k) => k.toLowerCase());
  const slipped = keywords.filter((k) => k.length >= SLIP_MIN_LENGTH && /^[a-z]+$/.test(k)).flatMap(slips);
  const words = [...new Set([...keywords, ...slipped])].map(escapeForRegExp);
  return { system: system.name, pattern: new RegExp(`(?:^|[^a-z0-9])(?:${words.join('|')})(?![a-z0-9])`, 'i') };
}

/** A word with one letter left out or two neighbours swapped, never the first letter: the commonest typing slips. */
function slips(word: string): string[] {
  const variants: string[] = [];
  for (let i = 1; i < word.length; i++) {
    variants.push(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length && word[i] !== word[i + 1]) variants.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  return variants;
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

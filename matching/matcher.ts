import Fuse from 'fuse.js';
import { performance } from 'node:perf_hooks';
import type { KnowledgeBase, KnowledgeEntry, System } from '../knowledge/types';
import { canonicalCode, CodeMention, extractCodes } from './codes';
import { CodeIndex, handwrittenFirst } from './codeIndex';
import type { Match, MatchResult, UnknownCode } from './result';
import { foldUnicode } from './unicode';
import { messageCover, messageWords, TextRuns, textRuns } from './messageCover';
import { IndexData, QueryTerm, SearchIndex } from './searchIndex';
import { PASTE_HEAD_LENGTH, quotedParts, segments } from './text';

/**
 * The matcher: from a message to a decision. Codes first (exact, in any form), then
 * symptom text (an inverted index for recall, fuse.js for typos and phrasing).
 * Knows nothing of Bot Framework, HTTP or cards.
 */

export type { Decision, Match, MatchResult, UnknownCode } from './result';

export interface MatcherOptions {
  /** Confidence a text match needs to be given as the answer. */
  answerThreshold?: number;
  /** Lead the best text match needs over the next one to be given as the answer. */
  answerMargin?: number;
  /** Confidence a text match needs to be offered as a candidate. */
  clarifyThreshold?: number;
  /** Most candidates offered when unsure. */
  maxCandidates?: number;
  /** Name of the system whose codes HRESULTs of FACILITY_WIN32 wrap. */
  win32System?: string;
  /** Share of the confidence given to fuse.js's phrase similarity (the rest: word coverage). */
  phraseWeight?: number;
  /**
   * Confidence from which a text match is taken as the message being quoted from that
   * entry: it is answered beside (or before) what the message's codes point to.
   */
  quotedThreshold?: number;
}

const DEFAULTS: Required<MatcherOptions> = {
  answerThreshold: 0.62,
  answerMargin: 0.08,
  clarifyThreshold: 0.38,
  maxCandidates: 3,
  win32System: 'Win32',
  phraseWeight: 0.3,
  quotedThreshold: 0.8,
};

/** fuse.js reads at most 32 characters of a pattern: phrases are cut to that. */
const FUSE_PATTERN_LIMIT = 32;
/** Longest message read as a question, where "iissync 1722" names a code without a cue word. */
const SHORT_QUESTION = 200;
/** How many documents the index hands to the ranker. */
export const RECALL = 20;
/** How many of them fuse.js scores for phrasing. */
const RERANK = 5;
/** How many segments of a paste fuse.js reads: the ones whose words fit the knowledge best. */
const PHRASE_SEGMENTS = 2;
/** How many entries' titles, codes and messages `warmUp` runs through the matcher. */
const WARM_UP_ENTRIES = 10;
/** Confidence of a segment that is a message an entry quotes. */
const QUOTED_SCORE = 0.95;
/** Shortest text compared as a quote: "Access denied" is said by too many. */
const MIN_QUOTE_LENGTH = 20;
/** Fewest distinct search words a segment needs to be taken as quoting an entry. */
const QUOTE_MIN_TERMS = 4;
/**
 * A segment holding part of a message: at least this share of the message's words, this
 * many words, and this share of the segment (the rest being a question or chat around it).
 */
const COVER = { ofMessage: 0.5, words: 4, ofSegment: 0.25 };
/** Confidence of a segment that covers part of a message: from this, up to QUOTED_SCORE for all of it. */
const COVERED_BASE = 0.8;
/** How much less a part a message quotes can score than the message itself. */
const PART_DISCOUNT = 0.02;
/** Least share of a segment's words an entry must contain to be considered at all. */
export const MIN_COVERAGE = 0.25;

/** Fields indexed for symptom search, and their weights. */
export function entryFields(entry: KnowledgeEntry) {
  return [
    { weight: 3, texts: [entry.title] },
    { weight: 3, texts: entry.messages },
    { weight: 2, texts: entry.symptoms },
    { weight: 1.5, texts: [...entry.keywords, entry.system, ...entry.names] },
    { weight: 1, texts: [entry.cause] },
    { weight: 0.3, texts: entry.resolution },
  ];
}

/**
 * Whether a message is a typed question, whose words get typo correction; in a paste,
 * unknown words are ids and names.
 */
export function isTypedQuestion(text: string): boolean {
  return text.length <= SHORT_QUESTION && !text.includes('\n');
}

/** Phrases of at most 32 characters, cut at word boundaries. */
export function fusePhrases(text: string, limit = 3): string[] {
  const phrases: string[] = [];
  let current = '';
  for (const word of text.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > FUSE_PATTERN_LIMIT) {
      phrases.push(current);
      if (phrases.length >= limit) return phrases;
      current = '';
    }
    current = current ? `${current} ${word}` : word.slice(0, FUSE_PATTERN_LIMIT);
  }
  if (current) phrases.push(current);
  return phrases;
}

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Matcher {
  private readonly options: Required<MatcherOptions>;
  private readonly index: SearchIndex;
  private readonly entries: KnowledgeEntry[];
  private readonly byId = new Map<string, KnowledgeEntry>();
  private readonly codes: CodeIndex;
  private readonly systemPatterns: Array<{ system: string; pattern: RegExp }>;
  private readonly systemNames: Set<string>;
  private readonly normalizedMessages = new WeakMap<KnowledgeEntry, string[]>();
  private readonly messageWords = new WeakMap<KnowledgeEntry, string[][]>();

  /**
   * `indexData`: the index of these same entries as `indexData()` returned it earlier
   * (read back from disk), which spares rebuilding it.
   */
  constructor(kb: KnowledgeBase, options: MatcherOptions = {}, indexData?: IndexData) {
    this.options = { ...DEFAULTS, ...options };
    this.entries = kb.entries;
    this.systemPatterns = kb.systems.map((s) => ({ system: s.name, pattern: systemPattern(s) }));
    this.systemNames = new Set(kb.systems.map((s) => s.name));
    this.index = indexData ? SearchIndex.fromData(indexData) : new SearchIndex();
    if (indexData && this.index.size !== kb.entries.length) throw new Error('the index does not belong to these entries');
    for (const entry of kb.entries) {
      this.byId.set(entry.id, entry);
      if (!indexData) this.index.add(entryFields(entry));
    }
    const prefixes = kb.systems.filter((s) => s.codePrefix).map((s) => s.codePrefix!.toUpperCase());
    this.codes = new CodeIndex(kb.entries, prefixes, this.systemNames);
  }

  entryById(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** The built index, to keep on disk. */
  indexData(): IndexData {
    return this.index.toData();
  }

  get stats() {
    return { entries: this.entries.length, terms: this.index.vocabularySize, indexBytes: this.index.byteSize };
  }

  /**
   * Readies the matcher for its first users: builds the typo correction lists and runs
   * messages made from the knowledge itself through every path (code, typed question,
   * pasted message, log), so that no user's question pays for what first searches build
   * and compile. Returns the time it took, in milliseconds.
   */
  warmUp(): number {
    const started = performance.now();
    this.index.prepareCorrections();
    const samples = this.entries.filter((_, i) => i % Math.max(1, Math.floor(this.entries.length / WARM_UP_ENTRIES)) === 0);
    for (const entry of samples) {
      const message = entry.messages[0] ?? entry.title;
      this.match(`what is ${entry.codes[0] ?? entry.title}`);
      this.match(entry.title.toLowerCase());
      this.match(message);
      this.match(`${message}\n${'INFO request served in 12 ms\n'.repeat(30)}`);
    }
    return performance.now() - started;
  }

  /** The result of the user picking one entry from a clarify card. */
  picked(entry: KnowledgeEntry, code: string | null, query: string): MatchResult {
    const others = code
      ? this.entries.filter((e) => e !== entry && e.system === entry.system && e.codes.includes(code))
      : [];
    return {
      query,
      decision: 'answer',
      matches: [{ entry, score: 1, code, mention: null, via: code ? 'code' : 'text', others }],
      unknownCodes: [],
      systems: [entry.system],
    };
  }

  match(text: string): MatchResult {
    const query = text.trim();
    // Matched as folded, shown as typed.
    const folded = foldUnicode(query);
    const pieces = segments(folded);
    // A long paste is read in full at its head and, beyond it, in the lines that signal an error.
    const scanned = folded.length <= PASTE_HEAD_LENGTH ? folded : `${folded.slice(0, PASTE_HEAD_LENGTH)}\n${pieces.join('\n')}`;
    const systems = this.systemsNamed(scanned);
    const mentions = extractCodes(scanned, { symbolicPrefixes: this.codes.symbolicPrefixes, knownNames: this.codes.knownNames });
    // A short message is also read as what it quotes, second to the message as a whole.
    const parts = pieces.length === 1 ? quotedParts(folded).filter((part) => part !== pieces[0]) : [];
    const textScores = this.textScores([...pieces, ...parts], isTypedQuestion(folded), pieces.length);
    const fit = (entry: KnowledgeEntry) => textScores.get(entry) ?? 0;

    const answers: Match[] = [];
    const ambiguous: Match[][] = [];
    const unknown: NotDocumented[] = [];
    const answered = new Set<string>();
    // In a paste, bare numbers are ids, counts and durations: only a short question's count,
    // and only a code made one by its form or a cue word is taken as asked about.
    const question = isTypedQuestion(folded);
    for (const mention of mentions.filter((m) => m.strong || question)) {
      const outcome = this.codes.resolve(mention, systems, fit, this.options);
      if (outcome.kind === 'answer') {
        if (answered.has(outcome.match.entry.id)) continue;
        answered.add(outcome.match.entry.id);
        answers.push(outcome.match);
      } else if (outcome.kind === 'ambiguous') {
        ambiguous.push(outcome.candidates);
      } else if (outcome.kind === 'unknown' && (question || mention.cued)) {
        unknown.push({ mention, system: outcome.system, elsewhere: outcome.elsewhere });
      }
    }
    const byText = this.decideByText(textScores, systems);
    // A pasted message that an entry quotes is answered by that entry, codes or not.
    const quoted = byText.decision === 'answer' && byText.matches[0].score >= this.options.quotedThreshold
      && !answers.some((a) => sameAnswer(a.entry, byText.matches[0].entry)) ? byText.matches[0] : undefined;
    // A code is its own evidence: words that fit an entry stand in for none but the codes it quotes.
    const undocumented = quoted ? unknown.filter((u) => !quotesCode(quoted.entry, u.mention)) : unknown;
    const unknownCodes = undocumented.map(unknownCode);
    if (answers.length) {
      if (quoted && undocumented.length === 0) {
        const codesFit = Math.max(...answers.map((a) => fit(a.entry)));
        if (quoted.score - codesFit >= this.options.answerMargin) answers.unshift(quoted);
        else answers.push(quoted);
      }
      return { query, decision: 'answer', matches: answers, unknownCodes, systems };
    }
    if (undocumented.length) {
      return { query, ...this.neighbours(undocumented, [...(ambiguous[0] ?? []), ...byText.matches]), unknownCodes, systems };
    }
    if (quoted) return { query, decision: 'answer', matches: [quoted], unknownCodes, systems };
    if (ambiguous.length) return { query, decision: 'clarify', matches: ambiguous[0], unknownCodes, systems };
    return { query, ...byText, unknownCodes, systems };
  }

  /**
   * For codes no entry documents: a clarify offering, as other codes, the same code in
   * other systems and the entries the words fit; none when there are none.
   */
  private neighbours(undocumented: NotDocumented[], near: Match[]): Pick<MatchResult, 'decision' | 'matches'> {
    const offered: Match[] = [];
    for (const match of [...undocumented.flatMap((u) => u.elsewhere), ...near]) {
      if (offered.length < this.options.maxCandidates && !offered.some((o) => sameAnswer(o.entry, match.entry))) {
        offered.push({ ...match, others: [], neighbour: true });
      }
    }
    return offered.length ? { decision: 'clarify', matches: offered } : { decision: 'none', matches: [] };
  }

  /** Systems whose keywords the text contains. */
  private systemsNamed(text: string): string[] {
    return this.systemPatterns.filter(({ pattern }) => pattern.test(text)).map(({ system }) => system);
  }

  /**
   * Confidence of every entry that the message's text fits, by its best segment: word
   * coverage from the index for every segment, and fuse.js phrasing for the segments
   * that fit best (fuse.js is the costly part, so a long log pays for it only twice).
   */
  /** `whole`: how many of the pieces are the message itself; the rest are parts it quotes. */
  private textScores(pieces: string[], typed: boolean, whole: number): Map<KnowledgeEntry, number> {
    const searched = pieces.map((segment, i) => {
      const terms = this.index.analyze(segment, typed);
      // Below this coverage no phrasing can lift an entry to a candidate: fuse.js is spared it.
      const hits = terms.length ? this.index.search(terms, RECALL, MIN_COVERAGE) : [];
      // A few words fit many entries fully: only a longer segment can be a quote.
      const ceiling = terms.length >= QUOTE_MIN_TERMS ? 1 : this.options.quotedThreshold - 0.01;
      // A part the message quotes is the message's next best reading: ties go to the whole.
      const cap = i < whole ? 1 : QUOTED_SCORE - PART_DISCOUNT;
      return { segment, terms, hits, ceiling, cap };
    });
    const rephrased = new Set([...searched]
      .filter((s) => s.hits.length)
      .sort((a, b) => b.hits[0].coverage - a.hits[0].coverage)
      .slice(0, PHRASE_SEGMENTS));

    const { phraseWeight } = this.options;
    const scores = new Map<KnowledgeEntry, number>();
    let researched = 0;
    for (const piece of searched) {
      const phrase = rephrased.has(piece)
        ? this.phraseSimilarity(piece.segment, piece.hits.slice(0, RERANK).map((h) => this.entries[h.doc]))
        : new Map<KnowledgeEntry, number>();
      const quote = normalizeQuote(piece.segment);
      const runs = piece.ceiling === 1 ? textRuns(piece.segment) : undefined;
      for (const [rank, hit] of piece.hits.entries()) {
        const entry = this.entries[hit.doc];
        let score = Math.min(piece.ceiling, (1 - phraseWeight) * hit.coverage + phraseWeight * (phrase.get(entry) ?? 0));
        // The segment is (the start of) a message the entry quotes; or it holds (part of)
        // one, and is the more likely quoting it the more of the message and of itself that is.
        if (rank < RERANK && this.quotes(entry, quote)) score = Math.max(score, QUOTED_SCORE);
        else if (runs) score = Math.max(score, this.coveredScore(entry, runs));
        score = Math.min(score, piece.cap);
        if (score > (scores.get(entry) ?? 0)) scores.set(entry, score);
      }
      // Error lines come first among a log's segments: the first few are searched again.
      if (runs && researched < PHRASE_SEGMENTS && this.coverWithoutValues(piece.terms, runs, piece.cap, scores)) researched++;
    }
    return scores;
  }

  /**
   * A message with its placeholders filled in: the values ("SRV-FS01", "jsmith") are
   * words the index does not know, which weigh as the rarest and sink every entry.
   * Searched again without them, an entry counts only by the message it is then seen to
   * quote (wildcards where its placeholders are): a question about something the
   * knowledge base does not have stays unanswered. Returns whether it searched.
   */
  private coverWithoutValues(terms: QueryTerm[], runs: TextRuns, cap: number, scores: Map<KnowledgeEntry, number>): boolean {
    const known = terms.filter((t) => t.matches.some((m) => m.similarity === 1));
    if (known.length === terms.length || known.length < QUOTE_MIN_TERMS) return false;
    for (const hit of this.index.search(known, RECALL, MIN_COVERAGE)) {
      const entry = this.entries[hit.doc];
      const score = Math.min(cap, this.coveredScore(entry, runs));
      if (score > (scores.get(entry) ?? 0)) scores.set(entry, score);
    }
    return true;
  }

  /**
   * Confidence that the segment quotes part of one of the entry's messages (a fragment,
   * placeholders filled in, words around it), by the message it covers best; 0 when none.
   */
  private coveredScore(entry: KnowledgeEntry, runs: TextRuns): number {
    let words = this.messageWords.get(entry);
    if (!words) {
      words = [entry.title, ...entry.messages].map(messageWords).filter((m) => m.length >= COVER.words);
      this.messageWords.set(entry, words);
    }
    let best = 0;
    for (const message of words) {
      const cover = messageCover(message, runs);
      const ofSegment = cover.words / runs.length;
      if (cover.ofMessage < COVER.ofMessage || cover.words < COVER.words || ofSegment < COVER.ofSegment) continue;
      const span = QUOTED_SCORE - COVERED_BASE;
      best = Math.max(best, COVERED_BASE + span * (2 * cover.ofMessage + Math.min(1, ofSegment)) / 3);
    }
    return best;
  }

  /** Whether the (normalised) text is one of the entry's messages, or a part of one. */
  private quotes(entry: KnowledgeEntry, quote: string): boolean {
    if (quote.length < MIN_QUOTE_LENGTH) return false;
    let messages = this.normalizedMessages.get(entry);
    if (!messages) {
      // Titles such as "Err Msg: The Service Has Not Been Started" quote a message too.
      messages = [entry.title, ...entry.messages].map(normalizeQuote).filter((m) => m.length >= MIN_QUOTE_LENGTH);
      this.normalizedMessages.set(entry, messages);
    }
    return messages.some((message) => message.includes(quote));
  }

  /** fuse.js similarity of the segment's phrases to each candidate's wording, 0..1. */
  private phraseSimilarity(segment: string, candidates: KnowledgeEntry[]): Map<KnowledgeEntry, number> {
    const phrases = fusePhrases(segment);
    const similarity = new Map<KnowledgeEntry, number>();
    if (phrases.length === 0) return similarity;
    const fuse = new Fuse(candidates.map(phraseView), {
      keys: ['title', 'wording'],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.3,
    });
    for (const phrase of phrases) {
      for (const result of fuse.search(phrase)) {
        const entry = candidates[result.refIndex];
        similarity.set(entry, (similarity.get(entry) ?? 0) + (1 - (result.score ?? 1)) / phrases.length);
      }
    }
    return similarity;
  }

  private decideByText(scores: Map<KnowledgeEntry, number>, systems: string[]): Pick<MatchResult, 'decision' | 'matches'> {
    const { answerThreshold, answerMargin, clarifyThreshold, quotedThreshold, maxCandidates } = this.options;
    // A system named in the message rules out the entries of the other systems it knows.
    const ranked = sameArticleOnce([...scores]
      .filter(([entry]) => systems.length === 0 || systems.includes(entry.system) || !this.systemNames.has(entry.system))
      .sort((a, b) => b[1] - a[1]));
    const toMatch = ([entry, score]: [KnowledgeEntry, number]): Match =>
      ({ entry, score: round(score), code: null, mention: null, via: 'text', others: [] });
    const [best, second] = ranked;
    if (!best || best[1] < clarifyThreshold) return { decision: 'none', matches: [] };
    const clearLead = !second || best[1] - second[1] >= answerMargin;
    if (best[1] >= quotedThreshold || (best[1] >= answerThreshold && clearLead)) {
      // Near-equal runners-up of a quoted message quote it too: shown as also documented.
      const match = toMatch(best);
      match.others = ranked.slice(1, maxCandidates).filter(([, s]) => best[1] - s < answerMargin).map(([e]) => e);
      return { decision: 'answer', matches: [match] };
    }
    return {
      decision: 'clarify',
      matches: ranked.filter(([, s]) => s >= clarifyThreshold).slice(0, maxCandidates).map(toMatch),
    };
  }
}

/** Bitap's cost grows with the text searched: the wording people quote is near the start. */
const PHRASE_TEXT_LIMIT = 200;

/** What fuse.js compares a phrase with: the title, the literal messages, the start of the symptoms. */
function phraseView(entry: KnowledgeEntry) {
  const cut = (text: string) => text.slice(0, PHRASE_TEXT_LIMIT);
  return { title: entry.title, wording: [...entry.messages.map(cut), ...entry.symptoms.slice(0, 3).map(cut)] };
}

/** Lower case letters and digits separated by single spaces: how quotes are compared. */
export function normalizeQuote(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** A code mention that no entry documents, with the same code in other systems. */
interface NotDocumented {
  mention: CodeMention;
  system?: string;
  elsewhere: Match[];
}

function unknownCode({ mention, system }: NotDocumented): UnknownCode {
  return { text: mention.text, code: canonicalCode(mention.keys[0]), ...(system ? { system } : {}) };
}

/** Whether the entry's own wording holds the code as typed or in its usual spelling ("error 5:" in a quoted message). */
function quotesCode(entry: KnowledgeEntry, mention: CodeMention): boolean {
  const wording = ` ${normalizeQuote([entry.title, ...entry.messages, ...entry.symptoms].join(' '))} `;
  return [mention.text, canonicalCode(mention.keys[0])].some((form) => wording.includes(` ${normalizeQuote(form)} `));
}

/** The same entry, or two entries from the same article. */
function sameAnswer(a: KnowledgeEntry, b: KnowledgeEntry): boolean {
  return a === b || (a.article !== undefined && a.article === b.article);
}

/**
 * One candidate per thing the knowledge base says: an imported article (or its code
 * table row) and the hand-written entry written from it, same article and same code,
 * are one answer, not rivals for the first place. The group keeps its best score and
 * shows the hand-written entry.
 */
function sameArticleOnce(ranked: Array<[KnowledgeEntry, number]>): Array<[KnowledgeEntry, number]> {
  const groups = new Map<string, [KnowledgeEntry, number]>();
  for (const [entry, score] of ranked) {
    const key = entry.article ? `${entry.article}|${[...entry.codes].sort()[0] ?? ''}` : entry.id;
    const group = groups.get(key);
    if (!group) groups.set(key, [entry, score]);
    else if (handwrittenFirst(entry, group[0]) < 0) group[0] = entry;
  }
  return [...groups.values()];
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** Whole-word, case-insensitive match of any of a system's keywords. */
function systemPattern(system: System): RegExp {
  const words = [system.name, ...system.keywords].map((k) => escapeForRegExp(k.toLowerCase()));
  return new RegExp(`(?:^|[^a-z0-9])(?:${words.join('|')})(?![a-z0-9])`, 'i');
}

import { performance } from 'node:perf_hooks';
import type { KnowledgeBase, KnowledgeEntry, System } from '../knowledge/types';
import { canonicalCode, CodeMention, extractCodes } from './codes';
import { CodeIndex, handwrittenFirst } from './codeIndex';
import type { Match, MatchResult, UnknownCode } from './result';
import { foldUnicode } from './unicode';
import { IndexData, SearchIndex } from './searchIndex';
import { entryFields, normalizeQuote, TextScorer } from './textScorer';
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
  /** Lead a quoted message's entry needs over the next one to be answered first. */
  answerMargin?: number;
  /**
   * Lead the best text match needs over the next one to be given as the answer when it
   * is no quote: among 57,000 articles, a few words fit several nearly as well.
   */
  answerLead?: number;
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
  answerLead: 0.16,
  clarifyThreshold: 0.38,
  maxCandidates: 3,
  win32System: 'Win32',
  phraseWeight: 0.3,
  quotedThreshold: 0.8,
};

/** Longest message read as a question, where "iissync 1722" names a code without a cue word. */
const SHORT_QUESTION = 200;
/** How many entries' titles, codes and messages `warmUp` runs through the matcher. */
const WARM_UP_ENTRIES = 10;
/**
 * Whether a message is a typed question, whose words get typo correction; in a paste,
 * unknown words are ids and names.
 */
export function isTypedQuestion(text: string): boolean {
  return text.length <= SHORT_QUESTION && !text.includes('\n');
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
  private readonly text: TextScorer;

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
    this.text = new TextScorer(this.index, kb.entries, this.options);
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
    const textScores = this.text.scores([...pieces, ...parts], isTypedQuestion(folded), pieces.length);
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

  private decideByText(scores: Map<KnowledgeEntry, number>, systems: string[]): Pick<MatchResult, 'decision' | 'matches'> {
    const { answerThreshold, answerMargin, answerLead, clarifyThreshold, quotedThreshold, maxCandidates } = this.options;
    // A system named in the message rules out the entries of the other systems it knows.
    const ranked = sameArticleOnce([...scores]
      .filter(([entry]) => systems.length === 0 || systems.includes(entry.system) || !this.systemNames.has(entry.system))
      .sort((a, b) => b[1] - a[1]));
    const toMatch = ([entry, score]: [KnowledgeEntry, number]): Match =>
      ({ entry, score: round(score), code: null, mention: null, via: 'text', others: [] });
    const [best, second] = ranked;
    if (!best || best[1] < clarifyThreshold) return { decision: 'none', matches: [] };
    const clearLead = !second || best[1] - second[1] >= answerLead;
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

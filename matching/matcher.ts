/*
 * matching/: from a message to a decision, as a pipeline of stages, each in its own
 * file: scan (scan.ts: Unicode, segments and a paste's lines (pasteLines.ts), systems named, code mentions) → resolve codes
 * (resolveCodes.ts over codeIndex.ts) → score text (textScorer.ts over searchIndex.ts,
 * fuse.js for typos and phrasing) → decide (decide.ts). Options in options.ts. Knows
 * nothing of Bot Framework, HTTP or cards; `Matcher` is its one public entry.
 */
import { performance } from 'node:perf_hooks';
import type { DetailedEntry, KnowledgeBase, KnowledgeEntry } from '../knowledge/types';
import { CodeIndex } from './codes/codeIndex';
import { decide } from './decide';
import { describedEntries, isDescription, offerDescribed } from './description';
import { MATCHER_DEFAULTS, MatcherOptions } from './options';
import type { MatchResult } from './result';
import { QuoteIndex, QuoteIndexData } from './pastes/quoteIndex';
import { resolveCodes } from './resolveCodes';
import { ScanVocabulary, scanMessage, systemPattern } from './scan';
import { IndexData, SearchIndex } from './search/searchIndex';
import { entryFields, TextScorer } from './textScorer';

export type { Decision, Match, MatchResult, UnknownCode } from './result';
export type { MatcherOptions } from './options';
export type { PasteReading } from './pastes/pasteLines';

/** The matcher's indexes as plain data, to keep on disk: built once, read back on every start. */
export interface MatcherData {
  search: IndexData;
  quotes: QuoteIndexData;
}
export { RecentResults } from './recentResults';
export { isTypedQuestion } from './scan';

/** How many entries' titles, codes and messages `warmUp` runs through the matcher. */
const WARM_UP_ENTRIES = 10;

export class Matcher {
  private readonly options: Required<MatcherOptions>;
  private readonly index: SearchIndex;
  private readonly entries: KnowledgeEntry[];
  private readonly byId = new Map<string, KnowledgeEntry>();
  private readonly codes: CodeIndex;
  private readonly vocabulary: ScanVocabulary;
  private readonly systemNames: Set<string>;
  private readonly quotes: QuoteIndex;
  private readonly text: TextScorer;

  /**
   * Built over whole entries; or, with `indexData` (the indexes of these same entries as
   * `indexData()` returned them earlier, read back from disk), over what matching reads of them.
   */
  constructor(kb: KnowledgeBase<DetailedEntry>, options?: MatcherOptions);
  constructor(kb: KnowledgeBase, options: MatcherOptions, indexData: MatcherData);
  constructor(kb: KnowledgeBase, options: MatcherOptions = {}, indexData?: MatcherData) {
    this.options = { ...MATCHER_DEFAULTS, ...options };
    this.entries = kb.entries;
    this.systemNames = new Set(kb.systems.map((s) => s.name));
    this.index = indexData ? SearchIndex.fromData(indexData.search) : new SearchIndex();
    if (indexData && this.index.size !== kb.entries.length) throw new Error('the index does not belong to these entries');
    for (const entry of kb.entries) {
      this.byId.set(entry.id, entry);
      if (!indexData) this.index.add(entryFields(entry as DetailedEntry));
    }
    if (!indexData) {
      this.index.associate(kb.entries as DetailedEntry[]);
      this.index.learnMeanings();
    }
    this.quotes = new QuoteIndex(kb.entries, {}, indexData?.quotes);
    const prefixes = kb.systems.filter((s) => s.codePrefix).map((s) => s.codePrefix!.toUpperCase());
    this.codes = new CodeIndex(kb.entries, prefixes, this.systemNames);
    this.vocabulary = { systems: kb.systems.map(systemPattern), symbolicPrefixes: prefixes, knownNames: this.codes.knownNames };
    this.text = new TextScorer(this.index, this.quotes, kb.entries, this.options);
  }

  entryById(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /** The built indexes, to keep on disk. */
  indexData(): MatcherData {
    return { search: this.index.toData(), quotes: this.quotes.toData() };
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
    const scan = scanMessage(text, this.vocabulary);
    const textFit = this.text.scores([...scan.pieces, ...scan.quotedParts], scan.question, scan.pieces.length);
    const codes = resolveCodes(scan, this.codes, (entry) => textFit.scores.get(entry) ?? 0, this.options);
    const decided = decide(codes, textFit, {
      systems: scan.systems, knownSystems: this.systemNames, wordsBesideCodes: scan.wordsBesideCodes, options: this.options,
    });
    const offered = isDescription(scan.query)
      ? offerDescribed(decided, () => describedEntries(this.index, this.entries, scan.query),
        { knownSystems: this.systemNames, maxCandidates: this.options.maxCandidates, wordsBesideCodes: scan.wordsBesideCodes, pieces: scan.pieces })
      : decided;
    return { query: scan.query, ...offered, ...(scan.reading ? { reading: scan.reading } : {}) };
  }
}

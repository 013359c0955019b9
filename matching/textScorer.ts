import Fuse from 'fuse.js';
import type { DetailedEntry, KnowledgeEntry } from '../knowledge/types';
import { Cover, messageCover, TextRuns, textRuns, WILDCARD } from './pastes/messageCover';
import { QuotedMessage, QuoteIndex } from './pastes/quoteIndex';
import { SearchIndex } from './search/searchIndex';
import { tokenize } from './search/text';

/**
 * The text stage of matching: how well a message's words fit each entry, 0..1. The
 * index finds candidates by word coverage (BM25); fuse.js scores the phrasing of the
 * best few; a segment that quotes one of an entry's messages, whole or in part, is
 * scored by how much of that message and of itself the quote is.
 */

export interface TextScoreOptions {
  /** Share of the confidence given to fuse.js's phrase similarity (the rest: word coverage). */
  phraseWeight: number;
  /** Confidence from which a text match is taken as the message being quoted. */
  quotedThreshold: number;
  /** Confidence a text match needs to be given as the answer. */
  answerThreshold: number;
}

/** fuse.js reads at most 32 characters of a pattern: phrases are cut to that. */
const FUSE_PATTERN_LIMIT = 32;
/** How many documents the index hands to the ranker. */
export const RECALL = 20;
/** How many quoted messages sharing runs of words with a segment are scored for how much of them it holds. */
const QUOTE_RECALL = 40;
/** How many of them fuse.js scores for phrasing. */
const RERANK = 5;
/** How many pieces of a one-piece message (it and what it quotes) fuse.js reads: the ones whose words fit the knowledge best. */
const PHRASE_SEGMENTS = 2;
/** Confidence of a segment that is a message an entry quotes. */
const QUOTED_SCORE = 0.95;
/** Shortest text compared as a quote: "Access denied" is said by too many. */
const MIN_QUOTE_LENGTH = 20;
/** Fewest distinct search words a segment needs to be taken as quoting an entry. */
const QUOTE_MIN_TERMS = 4;
/**
 * Fewest it needs to be answered by its words at all, in a large knowledge base: among
 * thousands of articles, two words ("desk phone") fit one best by chance; they make
 * candidates, not an answer.
 */
const ANSWER_MIN_TERMS = 3;
/**
 * A segment holding part of a message: at least this share of the message's words, this
 * many words, and this share of the segment (the rest being a question or chat around it).
 */
const COVER = { ofMessage: 0.5, words: 4, ofSegment: 0.25 };
/**
 * Share of a segment a message held whole must be to count as quoted word for word: a
 * short message ("This Program has Performed an Illegal Operation", a title) inside a
 * longer paste is only a part of what was pasted.
 */
const VERBATIM_OF_SEGMENT = 0.75;
/** Confidence of a segment that covers part of a message: from this, up to QUOTED_SCORE for all of it. */
const COVERED_BASE = 0.8;
/** How much less a segment that is only part of a message (or of a title) scores than one that is a whole message. */
const QUOTE_PART_DISCOUNT = 0.005;
/** Confidence of a segment that is a message with its placeholders filled in: below the message word for word. */
const FILLED_SCORE = 0.94;
/** Fewest search words (`tokenize`) a message's literal words need for it to be answered when filled in. */
const TEMPLATE_MIN_TERMS = 3;
/** How much less a part a message quotes can score than the message itself. */
const PART_DISCOUNT = 0.02;
/** Least share of a segment's words an entry must contain to be considered at all. */
export const MIN_COVERAGE = 0.25;
/**
 * The same for a segment of a paste: its message is found by the quote index; the word
 * search only adds entries that fit a good part of it, and reads fewer postings for it.
 */
const PASTE_MIN_COVERAGE = 0.4;

/** Fields indexed for symptom search, and their weights: when built, from the entry whole. */
export function entryFields(entry: DetailedEntry) {
  return [
    { weight: 3, texts: [entry.title] },
    { weight: 3, texts: entry.messages },
    { weight: 2, texts: entry.symptoms },
    { weight: 1, texts: [...entry.keywords, entry.system, ...entry.names] },
    { weight: 1, texts: [entry.cause] },
    { weight: 0.5, texts: entry.resolution },
  ];
}

/** Phrases of at most 32 characters, cut at word boundaries. */
function fusePhrases(text: string, limit = 3): string[] {
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

/** How well a message's words fit each entry, and which entries quote it word for word. */
export interface TextFit {
  /** Confidence 0..1 by entry. */
  scores: Map<KnowledgeEntry, number>;
  /**
   * Entries one of whose messages a segment is, or holds whole: not a variant of it, nor
   * a part. By how many words of the paste they quote so, the most telling first.
   */
  verbatim: Map<KnowledgeEntry, number>;
  /** Entries one of whose messages the text holds, whole, in part or filled in: found as a paste, not by their words. */
  messageHeld: Set<KnowledgeEntry>;
  /**
   * Entries one of whose messages (or a title quoting one) the text holds, quoted, covered or
   * filled in, not as a part other articles' messages share: the most words so held.
   */
  heldWords: Map<KnowledgeEntry, number>;
}

export class TextScorer {
  private readonly normalizedMessages = new WeakMap<KnowledgeEntry, string[]>();
  private readonly spacedMessages = new WeakMap<QuotedMessage, string>();

  constructor(private readonly index: SearchIndex, private readonly quoted: QuoteIndex,
    private readonly entries: KnowledgeEntry[], private readonly options: TextScoreOptions) {}

  /**
   * Confidence of every entry that the message's text fits, by its best segment: word
   * coverage from the index for every segment, the messages each segment quotes, and
   * fuse.js phrasing for a one-piece message (fuse.js is the costly part: a long paste
   * does without it).
   * `typed`: the pieces are a typed question, whose unknown words are typos. `whole`:
   * how many of the pieces are the message itself; the rest are parts it quotes.
   */
  scores(pieces: string[], typed: boolean, whole: number): TextFit {
    const searched = pieces.map((segment, i) => {
      const terms = this.index.analyze(segment, { typos: typed });
      // Below this coverage no phrasing can lift an entry to a candidate: fuse.js is spared it.
      const hits = terms.length ? this.index.search(terms, RECALL, typed ? MIN_COVERAGE : PASTE_MIN_COVERAGE) : [];
      // A few words fit many entries fully: only a longer segment can be a quote, or an answer.
      const answerable = terms.length >= ANSWER_MIN_TERMS || !this.index.isLarge;
      const ceiling = terms.length >= QUOTE_MIN_TERMS ? 1 : (answerable ? this.options.quotedThreshold : this.options.answerThreshold) - 0.01;
      // A part the message quotes is the message's next best reading: ties go to the whole.
      const cap = i < whole ? 1 : QUOTED_SCORE - PART_DISCOUNT;
      return { segment, hits, ceiling, cap, isWhole: i < whole };
    });
    // fuse.js reads a message of one piece; the lines of a long paste are scored by their
    // words and the messages they quote, which keeps a 200-line log within milliseconds.
    const rephrased = new Set([...searched]
      .filter((s) => s.hits.length)
      .sort((a, b) => b.hits[0].coverage - a.hits[0].coverage)
      .slice(0, whole > 1 ? 0 : PHRASE_SEGMENTS));

    const { phraseWeight } = this.options;
    const fit: TextFit = { scores: new Map(), verbatim: new Map(), messageHeld: new Set(), heldWords: new Map() };
    const { scores } = fit;
    for (const piece of searched) {
      const phrase = rephrased.has(piece)
        ? this.phraseSimilarity(piece.segment, piece.hits.slice(0, RERANK).map((h) => this.entries[h.doc]))
        : new Map<KnowledgeEntry, number>();
      const runs = textRuns(piece.segment);
      // The segment as quotes are compared (`normalizeQuote`): its words, single-spaced.
      const quote = runs.sequence.join(' ');
      for (const [rank, hit] of piece.hits.entries()) {
        const entry = this.entries[hit.doc];
        let score = Math.min(piece.ceiling, (1 - phraseWeight) * hit.coverage + phraseWeight * (phrase.get(entry) ?? 0));
        // The segment is (the start of) a message the entry quotes.
        score = Math.max(score, rank < RERANK ? this.quotedBy(entry, quote, fit) : 0);
        raise(scores, entry, Math.min(score, piece.cap));
      }
      // Or it holds (part of) a message, and is the more likely quoting it the more of the message and of itself that is.
      // Each candidate's cover, once: a message that many articles quote in their own
      // variants ("... caused an invalid page fault in module ...") brings in dozens alike.
      const covers = new Map(this.quoted.candidates(runs, QUOTE_RECALL).map((message) => [message, messageCover(message.words, runs)]));
      for (const message of covers.keys()) {
        const entry = this.entries[message.entry];
        // Word for word, however few of a long message's words it holds ("I/O error accessing
        // boot sector file"); a part of the message ("Windows Protection Error") is in too many.
        const quoted = piece.isWhole ? this.quotedBy(entry, quote, fit) : 0;
        const covered = this.covered(message, entry, runs, fit, covers);
        const held = Math.max(quoted, covered.score);
        if (held && (quoted || !covered.sharedPart)) fit.messageHeld.add(entry);
        raise(scores, entry, Math.min(piece.cap, held));
      }
      // Or it is a message, its placeholders filled in.
      for (const message of this.quoted.filledBy(runs.sequence)) {
        const entry = this.entries[message.entry];
        fit.messageHeld.add(entry);
        raise(scores, entry, Math.min(piece.cap, this.filled(message, entry, quote, fit)));
      }
    }
    return fit;
  }

  /**
   * Confidence that the segment is the message with its placeholders filled in: as high
   * as a quote when the message's own words say what it is about, a candidate only when
   * they are few ("Cannot access <filename>." is said of many a file). Word for word
   * (the placeholders as the article writes them) it is quoted.
   */
  private filled(message: QuotedMessage, entry: KnowledgeEntry, quote: string, fit: TextFit): number {
    const quoted = this.quotedBy(entry, quote, fit);
    if (quoted) return quoted;
    const literal = message.words.filter((word) => word !== WILDCARD);
    raise(fit.heldWords, entry, literal.length);
    const telling = tokenize(literal.join(' ')).length;
    return telling >= TEMPLATE_MIN_TERMS ? FILLED_SCORE : this.options.answerThreshold - 0.01;
  }

  /**
   * Confidence that the segment quotes part of the message (a fragment, placeholders
   * filled in, words around it); 0 when it does not. The entry goes into `fit.verbatim`
   * when the segment holds the message whole. `sharedPart`: the message is only a part of
   * the segment, and other articles' messages hold it too.
   */
  private covered(message: QuotedMessage, entry: KnowledgeEntry, runs: TextRuns, fit: TextFit,
    covers: ReadonlyMap<QuotedMessage, Cover>): { score: number; sharedPart: boolean } {
    const cover = covers.get(message)!;
    const ofSegment = cover.words / runs.length;
    // A short message ("Machine Merge Failed") counts when held whole.
    const enough = cover.ofMessage === 1 || cover.words >= COVER.words;
    if (cover.ofMessage < COVER.ofMessage || !enough || ofSegment < COVER.ofSegment) return { score: 0, sharedPart: false };
    if (cover.ofMessage === 1 && ofSegment >= VERBATIM_OF_SEGMENT) markVerbatim(fit, entry, cover.words);
    // Held in a question that says more, a message other articles' messages say too or go
    // on from ("Fatal Exception 0D" of "Fatal Exception 0D at 0327:00004DE4 on my HP Vectra")
    // is theirs as much: a candidate, and the words around it choose.
    // So is a message of which the question holds only what another article's message says
    // whole ("Incorrect DOS version" of "Incorrect DOS version REDIRECT EXEC FAILED").
    if (ofSegment < VERBATIM_OF_SEGMENT && (this.saidByOthers(message, covers.keys()) || (cover.ofMessage < 1 && this.heldOnlyAsAnother(message, runs, covers)))) {
      return { score: this.options.answerThreshold - 0.01, sharedPart: true };
    }
    raise(fit.heldWords, entry, cover.words);
    const span = QUOTED_SCORE - COVERED_BASE;
    // How much of the paste the message explains counts double: a short message held whole
    // ("Invalid procedure call") goes after the longer one the paste goes on quoting ("... call or").
    return { score: COVERED_BASE + span * (cover.ofMessage + 2 * Math.min(1, ofSegment)) / 3, sharedPart: false };
  }

  /** Whether a message of another article holds this one's words, in a row (or is the same). */
  private saidByOthers(message: QuotedMessage, others: Iterable<QuotedMessage>): boolean {
    const article = this.articleOf(message);
    const words = this.spaced(message);
    for (const other of others) if (this.articleOf(other) !== article && this.spaced(other).includes(words)) return true;
    return false;
  }

  /** Whether all the text holds of this message is in a message of another article that it holds whole. */
  private heldOnlyAsAnother(message: QuotedMessage, runs: TextRuns, covers: ReadonlyMap<QuotedMessage, Cover>): boolean {
    const article = this.articleOf(message);
    const heldSet = new Set<string>();
    messageCover(message.words, runs, heldSet);
    const held = [...heldSet];
    for (const [other, cover] of covers) {
      if (cover.ofMessage === 1 && this.articleOf(other) !== article && held.every((word) => other.words.includes(word))) return true;
    }
    return false;
  }

  /** The article a message is quoted by (its entry, for a hand-written one). */
  private articleOf(message: QuotedMessage): string | number {
    return this.entries[message.entry].article ?? message.entry;
  }

  /** A message's words between spaces, to find one inside another; kept while the message is. */
  private spaced(message: QuotedMessage): string {
    let text = this.spacedMessages.get(message);
    if (text === undefined) this.spacedMessages.set(message, (text = ` ${message.words.join(' ')} `));
    return text;
  }

  /** `quotes`, and the entry goes into `fit.verbatim` with the quote's words when it quotes it. */
  private quotedBy(entry: KnowledgeEntry, quote: string, fit: TextFit): number {
    const quoted = this.quotes(entry, quote);
    if (quoted) markVerbatim(fit, entry, quote.split(' ').length);
    return quoted;
  }

  /**
   * Confidence that the (normalised) text is one of the entry's messages (QUOTED_SCORE),
   * or a part of one (a little less: "Help topic does not exist!" is one article's whole
   * message and part of another's title); 0 when it is neither.
   */
  private quotes(entry: KnowledgeEntry, quote: string): number {
    if (quote.length < MIN_QUOTE_LENGTH) return 0;
    let messages = this.normalizedMessages.get(entry);
    if (!messages) {
      // Titles such as "Err Msg: The Service Has Not Been Started" quote a message too.
      // Padded with spaces, so that a quote matches whole words only: "80004005 unspecified
      // error" is not quoted by "0x80004005 unspecified error", "unknown address" not by "unknown addresses".
      messages = [entry.title, ...entry.messages].map(normalizeQuote).filter((m) => m.length >= MIN_QUOTE_LENGTH).map((m) => ` ${m} `);
      this.normalizedMessages.set(entry, messages);
    }
    const padded = ` ${quote} `;
    if (messages.includes(padded)) return QUOTED_SCORE;
    return messages.some((message) => message.includes(padded)) ? QUOTED_SCORE - QUOTE_PART_DISCOUNT : 0;
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

/** Records that the entry quotes this many words of the paste word for word. */
function markVerbatim(fit: TextFit, entry: KnowledgeEntry, words: number): void {
  raise(fit.verbatim, entry, words);
  raise(fit.heldWords, entry, words);
}

function raise(scores: Map<KnowledgeEntry, number>, entry: KnowledgeEntry, score: number): void {
  if (score > (scores.get(entry) ?? 0)) scores.set(entry, score);
}

import type { KnowledgeEntry } from '../knowledge/types';
import { parseCode } from './codes/codes';
import { distinctAnswers, ofNamedSystems, reportsSuccess, sameAnswer, textMatch } from './decide';
import { quoteWords } from './pastes/messageCover';
import type { Match, MatchResult } from './result';
import type { SearchIndex } from './search/searchIndex';
import { tokenize } from './search/text';
import { appliesToOtherVersions, namedVersions } from './search/versions';

/**
 * A problem told in the user's own words ("outlook keeps asking for my password since
 * the update"), as opposed to a paste: its words rarely are the article's, so no entry
 * quotes it and few fit it well enough to be answered. Read as one query over the whole
 * description, the index still ranks the right article among the first few: those are
 * offered ("these may match") instead of nothing.
 */

/** Longest message read as a description: two or three sentences; a longer one is a paste. */
const DESCRIPTION_LENGTH = 600;
/** Most lines a description has: a greeting, the problem, what was tried. */
const DESCRIPTION_LINES = 3;
/** How many entries the description's search hands on. */
const DESCRIPTION_RECALL = 10;

export interface DescriptionOptions {
  /** Least share of the description's words (by rarity) the best entry must hold for it to be on topic. */
  minCoverage: number;
  /** Fewest distinct search words the description must have in common with the best entry. */
  minSharedTerms: number;
  /**
   * How much each pair of words the description has side by side, and the entry's title or
   * symptoms too, adds to its score (a share of it): "keyboard response" is one thing, where
   * "keyboard" and "response" apart may be two.
   */
  pairWeight: number;
  /**
   * How much the entry's closeness in meaning to the description (a cosine, learned from
   * the knowledge base: `SearchIndex.closenessInMeaning`) adds to its score, which is first
   * made a share of the best entry's: an entry telling the same problem in other words
   * rises among those the words found.
   */
  meaningWeight: number;
  /**
   * Fewest search words (those the index found, as typed, corrected or begun) a description
   * needs for its meaning to count: a few words (a
   * short message, a product's name) place it anywhere near their topic, and their
   * articles are found by the words themselves.
   */
  meaningMinWords: number;
  /**
   * How much less an imported article fits when the description names a product's version
   * ("word 97", "NT4") and its "applies to" box names versions, none of them that one
   * (`appliesToOtherVersions`).
   */
  versionPenalty: number;
}

const DESCRIPTION_DEFAULTS: DescriptionOptions = {
  minCoverage: 0.1, minSharedTerms: 2, pairWeight: 0.05, meaningWeight: 0.4, meaningMinWords: 6, versionPenalty: 0.15,
};

export interface DescribedEntry {
  entry: KnowledgeEntry;
  /** Share of the description's words (by rarity) the entry holds, 0..1. */
  coverage: number;
  /** BM25 score, raised by the word pairs the entry shares with the description. */
  score: number;
  /**
   * The order entries are offered in: the score as a share of the best entry's, plus the
   * entry's closeness in meaning (`meaningWeight`), less `versionPenalty` for an article
   * of other versions.
   */
  fit: number;
}

/** Whether a message is short enough, in few enough lines, to be someone describing a problem. */
export function isDescription(text: string): boolean {
  return text.length <= DESCRIPTION_LENGTH && text.split('\n').filter((line) => line.trim()).length <= DESCRIPTION_LINES;
}

/**
 * The entries a description fits, best first; empty when the best of them fits too little
 * of it to be on topic (a question about something the knowledge base does not cover).
 */
export function describedEntries(index: SearchIndex, entries: KnowledgeEntry[], text: string,
  options: DescriptionOptions = DESCRIPTION_DEFAULTS): DescribedEntry[] {
  // Every word counts, however common: the user's words are few, and may be the title's own.
  // And each finds the words the knowledge base uses for it ("reboot": "restart").
  const terms = index.analyze(text, { common: true, related: true }).filter((t) => t.matches.length);
  if (terms.length < options.minSharedTerms) return [];
  // Ranked by BM25 rather than by coverage: in a description every word is the user's own,
  // and how well an entry fits them all says more than how many of them it holds.
  // An entry sharing a single word as typed is there by chance ("the weather in Paris"),
  // however well a typo's correction or a short text makes it score.
  const hits = index.search(terms, DESCRIPTION_RECALL, options.minCoverage, 'score')
    .filter((hit) => index.heldExactly(terms, hit.doc) >= options.minSharedTerms);
  const pairs = wordPairs(text);
  const scores = hits.map((hit) => {
    const entry = entries[hit.doc];
    return hit.score * (1 + options.pairWeight * sharedPairs(pairs, [entry.title, ...entry.symptoms]));
  });
  const best = Math.max(...scores);
  const docs = hits.map((hit) => hit.doc);
  const closeness = terms.length >= options.meaningMinWords ? index.closenessInMeaning(terms, docs) : docs.map(() => 0);
  const versions = namedVersions(text);
  const versionFit = (entry: KnowledgeEntry) => (appliesToOtherVersions(entry.versions, versions) ? -options.versionPenalty : 0);
  return hits
    .map((hit, i) => {
      const entry = entries[hit.doc];
      return { entry, coverage: hit.coverage, score: scores[i], fit: scores[i] / best + options.meaningWeight * closeness[i] + versionFit(entry) };
    })
    .sort((a, b) => b.fit - a.fit);
}

/** The search words of a text two by two, as they stand side by side ("print spooler", "spooler crash"). */
function* adjacentPairs(text: string): Generator<string> {
  const words = tokenize(text);
  for (let i = 1; i < words.length; i++) yield `${words[i - 1]} ${words[i]}`;
}

function wordPairs(text: string): Set<string> {
  return new Set(adjacentPairs(text));
}

/** How many of the pairs the texts also hold side by side. */
function sharedPairs(pairs: ReadonlySet<string>, texts: string[]): number {
  // Only the pairs in question are kept: an entry's symptoms hold hundreds of others.
  const shared = new Set<string>();
  for (const text of texts) {
    for (const pair of adjacentPairs(text)) if (pairs.has(pair)) shared.add(pair);
  }
  return shared.size;
}

export interface OfferContext {
  /** Every system the knowledge base knows by name. */
  knownSystems: ReadonlySet<string>;
  maxCandidates: number;
  /** The message has words beside its codes (`hasWordsBesideCodes`). */
  wordsBesideCodes: boolean;
  /** The message's pieces as read: a log line without its time, level and source (`scanMessage`). */
  pieces: string[];
}

/**
 * The decision for a description: where the pipeline did not answer and no unknown code is
 * in question, the entries the whole description fits are offered (a clarify): with text
 * matches only, after the candidates found as a paste, before the other word matches; beside
 * a number several entries document, in the description's order (`numberAndWords`).
 */
export function offerDescribed(decided: Omit<MatchResult, 'query'>, describe: () => DescribedEntry[],
  { knownSystems, maxCandidates, wordsBesideCodes, pieces }: OfferContext): Omit<MatchResult, 'query'> {
  // Searched only where needed, and once: an answer by a code or a paste spares it.
  let described: DescribedEntry[] | undefined;
  let byWords: DescribedEntry[] | undefined;
  const describedOnce = () => (described ??= describe());
  // Closeness in meaning orders what is offered for a description. The words alone, as they
  // always did, decide the rest: whether the pipeline's answer stands (and the clarify it
  // becomes if not), which of the articles quoting a message alike goes first, and the order
  // of what is offered beside a message found as a paste.
  const byWordsOnce = () => (byWords ??= [...describedOnce()].sort((a, b) => b.score - a.score));
  // As for any text match: of the systems the message names.
  const fits = (entry: KnowledgeEntry) => ofNamedSystems(entry, decided.systems, knownSystems);
  const matchesOf = (ranked: DescribedEntry[]) => ranked.filter((d) => fits(d.entry)).map(describedMatch);
  if (decided.decision === 'answer') {
    if (decided.unknownCodes.length) return decided;
    const answered = describedAnswer(decided, byWordsOnce, maxCandidates);
    if (byWordsAlone(answered, pieces)) return unlessWordsLeadElsewhere(answered, matchesOf(byWordsOnce()), maxCandidates);
    return quoteInDescription(answered, pieces) ? unlessDescriptionDisagrees(answered, matchesOf(byWordsOnce()), maxCandidates) : answered;
  }
  const byCode = decided.matches.some((m) => m.via === 'code');
  // "error 20" alone asks which system, and a code nobody documents is the question: the code decides.
  if ((byCode || decided.unknownCodes.length) && !wordsBesideCodes) return decided;
  // A message quoted (whole, in part, filled in) is matched on its words: its neighbours in meaning are other messages' articles.
  const quoting = decided.matches.some((m) => m.heldMessage || m.quotedWords);
  const describedMatches = matchesOf(quoting ? byWordsOnce() : describedOnce());
  if (decided.unknownCodes.length) return besideUnknownCode(decided, describedMatches, maxCandidates);
  if (byCode) return { ...decided, matches: numberAndWords(decided.matches, describedMatches, maxCandidates) };
  // First what the pipeline found as a paste (a message quoted in part, filled in); then the
  // description's best, which read the whole of it; then the pipeline's other word matches,
  // which read it segment by segment, as room is left.
  // Of the articles quoting the message alike, the one the whole description fits best goes first.
  const rank = rankIn(describedMatches.map((d) => d.entry));
  const held = decided.matches.filter((m) => m.heldMessage).sort((a, b) => b.score - a.score || rank(a.entry) - rank(b.entry));
  const offered = distinctAnswers([...held, ...describedMatches, ...decided.matches.filter((m) => !m.heldMessage)], maxCandidates);
  return offered.length ? { ...decided, decision: 'clarify', matches: offered } : decided;
}

/**
 * How many of the description's best are offered beside a number's entries: its first may
 * be a near miss, and a bare number read as a code ("returns 1", "err [012]") finds
 * entries enough to fill the card without the second.
 */
const BESIDE_A_NUMBER = 2;

/**
 * Beside a number several entries document, the words say which: the number's entries and
 * the description's best (`BESIDE_A_NUMBER`), in the order of the description's ranking ("BSOD 0x41 ... nonpaged
 * pool leaking with srv-to-srv shadowing"; "MS Mail X.400 gateway: err 3, X.25 receive
 * failed"). The number's entries are the few the code's search hands on (one per system)
 * and every other the description finds that documents it too: "stop 0x1e" is in a
 * hundred articles, and the words choose among them. Hand-written entries are written for
 * their codes: they keep their order while the words lead to any of them.
 */
function numberAndWords(byNumber: Match[], described: Match[], max: number): Match[] {
  if (byNumber.some((m) => m.entry.origin !== 'imported' && described.some((d) => d.entry === m.entry))) return byNumber;
  // Those the code's search found too, as it read the number (a bug check, the Win32 error in an HRESULT), are among `others`.
  const documenting = described.flatMap((d) => {
    const byCode = byNumber.find((m) => m.others.includes(d.entry));
    return byCode ? [{ ...byCode, code: codeAsWritten(d.entry, byCode), entry: d.entry, others: [] }] : [];
  });
  return distinctAnswers(inOrderOf(described, [...byNumber, ...documenting, ...described.slice(0, BESIDE_A_NUMBER)]), max);
}

/** A code answer's number as another entry writes it: the HRESULT itself, where the answer was the Win32 error inside it. */
function codeAsWritten(entry: KnowledgeEntry, answer: Match): string | null {
  if (answer.code !== null && entry.codes.includes(answer.code)) return answer.code;
  const typed = answer.mention === null ? undefined : parseCode(answer.mention);
  return entry.codes.find((code) => parseCode(code) === typed) ?? answer.code;
}

/** The matches in the order of a ranking; those it does not rank after, in their own order (a stable sort). */
function inOrderOf(ranking: Match[], matches: Match[]): Match[] {
  const rank = rankIn(ranking.map((m) => m.entry));
  return [...matches].sort((a, b) => rank(a.entry) - rank(b.entry));
}

/**
 * A code nobody documents is never answered, but the words beside it may say what it is
 * about ("evt 2052 can't read quorum disk sig"): the entries they lead to are offered
 * beside the code's neighbours, in the description's order, as neighbours (not the
 * user's code), and never a status saying all went well.
 */
function besideUnknownCode(decided: Omit<MatchResult, 'query'>, described: Match[], max: number): Omit<MatchResult, 'query'> {
  const leads = described.filter((m) => !reportsSuccess(m.entry)).map((m) => ({ ...m, neighbour: true }));
  const matches = distinctAnswers([...inOrderOf(leads, [...decided.matches, ...leads.slice(0, 1)]), ...leads.slice(1)], max);
  return matches.length ? { ...decided, decision: 'clarify', matches } : decided;
}

/**
 * Fewest words of one of an entry's messages a description must hold for it to answer on
 * that alone, when it says much more besides (`SAYS_MORE`): three ("cannot open file",
 * "insufficient system resources") are in the messages of many articles, and the words
 * around them say which one.
 */
const SELF_EVIDENT_QUOTE = 4;
/** Words besides a short quote (not numbers, ids or a log line's prefix) from which a message says more than it. */
const SAYS_MORE = 10;

/**
 * An answer by the words' fit, or by a quote too short to tell inside a question that says
 * much more, rather than by a code or a paste.
 */
function byWordsAlone(decided: Omit<MatchResult, 'query'>, pieces: string[]): boolean {
  const answer = soleTextAnswer(decided);
  if (!answer) return false;
  const quoted = answer.quotedWords ?? 0;
  if (quoted === 0) return true;
  if (quoted >= SELF_EVIDENT_QUOTE) return false;
  // Distinct words: a longer description's pieces are its lines and then the whole of it.
  const words = new Set(tokenize(pieces.join(' ')).filter((word) => !/\d/.test(word)));
  return words.size - quoted >= SAYS_MORE;
}

/**
 * An answer by words alone stands where the whole description, read as one query, leads
 * to the same article first; where it leads elsewhere the two readings disagree and the
 * user picks, in the description's order ("outlook ost sync fails on organization forms
 * with 8004010F": the article on the deleted forms library, before the one on OST errors).
 */
function unlessWordsLeadElsewhere(decided: Omit<MatchResult, 'query'>, described: Match[], max: number): Omit<MatchResult, 'query'> {
  const [answer] = decided.matches;
  const [first] = described;
  if (!first || sameAnswer(first.entry, answer.entry)) return decided;
  // The pipeline's reading is one of those offered, wherever the description ranks it.
  const candidate = textMatch(answer.entry, answer.score);
  return { ...decided, decision: 'clarify', matches: distinctAnswers(inOrderOf(described, [candidate, ...described.slice(0, max - 1)]), max) };
}

/**
 * Share of what the user wrote under which a quote is only a part of a description: the
 * rest is the user's own account of the problem, and has its say.
 */
const QUOTE_SHARE = 1 / 3;
/**
 * How many of the description's best an answer resting on such a quote must be among:
 * three; one where other articles quote it alike, so that the description, not the quote,
 * chose among them ("exch admin won't launch: "failed to initialize"" is in five
 * articles' messages).
 */
const AGREEING = { quotedByOne: 3, quotedBySeveral: 1 };

/**
 * An answer by a quote (a short message whole, or part of a longer one) that is under a
 * third of what the user wrote: "clicking OK just gives "form load failed"", or a
 * description that happens to hold the words of another article's message. What was
 * written is the longest piece read: the whole of a description of several lines, a log
 * line without its time and source.
 */
function quoteInDescription(decided: Omit<MatchResult, 'query'>, pieces: string[]): boolean {
  const quoted = soleTextAnswer(decided)?.quotedWords;
  return !!quoted && quoted < QUOTE_SHARE * Math.max(0, ...pieces.map((piece) => quoteWords(piece).length));
}

/** The answer, when it is one entry found by the text (not by a code, nor one card per code). */
function soleTextAnswer(decided: Omit<MatchResult, 'query'>): Match | undefined {
  const [answer] = decided.matches;
  return decided.matches.length === 1 && answer.via === 'text' ? answer : undefined;
}

/**
 * An answer by a quote inside a description stands where the whole description, read as
 * one query, ranks its article among its first few (first, where it chose the article
 * among several quoting alike: `AGREEING`). Elsewhere the two readings disagree:
 * the quote is likely a phrase many messages share ("fatal exception 0E in VxD ..." of
 * another module), and it is offered first, with the description's best after it.
 */
function unlessDescriptionDisagrees(decided: Omit<MatchResult, 'query'>, described: Match[], max: number): Omit<MatchResult, 'query'> {
  const [answer] = decided.matches;
  const agreeing = answer.alsoQuoting?.length ? AGREEING.quotedBySeveral : AGREEING.quotedByOne;
  if (!described.length || distinctAnswers(described, agreeing).some((d) => sameAnswer(d.entry, answer.entry))) return decided;
  return { ...decided, decision: 'clarify', matches: distinctAnswers([textMatch(answer.entry, answer.score), ...described], max) };
}

/**
 * An answer by a message the description quotes that other articles quote word for word
 * as much ("it came up with "missing operating system". Now the machine won't start."):
 * of them, the one the whole description fits best answers, the others shown as also documented.
 */
function describedAnswer(decided: Omit<MatchResult, 'query'>, describe: () => DescribedEntry[], maxCandidates: number): Omit<MatchResult, 'query'> {
  const [first] = decided.matches;
  if (decided.matches.length !== 1 || !first.alsoQuoting?.length) return decided;
  const rank = rankIn(describe().map((d) => d.entry));
  const best = first.alsoQuoting.reduce((a, b) => (rank(b) < rank(a) ? b : a), first.entry);
  if (best === first.entry) return decided;
  const others = [first.entry, ...first.others.filter((e) => e !== best)].slice(0, maxCandidates - 1);
  return { ...decided, matches: [{ ...first, entry: best, others, alsoQuoting: [first.entry, ...first.alsoQuoting.filter((e) => e !== best)] }] };
}

/** An entry's place in a ranking, past the last for one not in it. */
function rankIn(ranked: KnowledgeEntry[]): (entry: KnowledgeEntry) => number {
  return (entry) => {
    const rank = ranked.indexOf(entry);
    return rank < 0 ? ranked.length : rank;
  };
}

/** A described entry as a candidate, its confidence the share of the description it holds. */
function describedMatch({ entry, coverage }: DescribedEntry): Match {
  return textMatch(entry, coverage);
}

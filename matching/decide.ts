import type { KnowledgeEntry } from '../knowledge/types';
import { canonicalCode, CodeMention, parseCode } from './codes/codes';
import { handwrittenFirst } from './codes/codeIndex';
import type { MatcherOptions } from './options';
import type { Match, MatchResult } from './result';
import { NotDocumented, ResolvedCodes, unknownCode } from './resolveCodes';
import { normalizeQuote, TextFit } from './textScorer';

/**
 * The last stage of the pipeline: from what the codes resolved to and how well the
 * words fit each entry, the decision (answer, clarify, none) and what it shows. A code
 * is its own evidence: words stand in for no code but the ones the entry quotes.
 */
export function decide(codes: ResolvedCodes, text: TextFit, context: DecisionContext): Omit<MatchResult, 'query'> {
  const { systems, options } = context;
  const fit = (entry: KnowledgeEntry) => text.scores.get(entry) ?? 0;
  const ranked = rankedByWords(text, context);
  const byText = decideByText(ranked, text, context);
  // A pasted message that an entry quotes is answered by that entry, codes or not.
  const quoted = byText.decision === 'answer' && byText.matches[0].score >= options.quotedThreshold
    && !codes.answers.some((a) => sameAnswer(a.entry, byText.matches[0].entry)) ? byText.matches[0] : undefined;
  const undocumented = quoted ? codes.unknown.filter((u) => !quotesCode(quoted.entry, u.mention)) : codes.unknown;
  const unknownCodes = undocumented.map(unknownCode);
  // A pasted message that several entries quote says more than a number that several
  // systems document, or that only imported articles list: those entries go first.
  const quotedByMany = byText.decision === 'clarify' && byText.matches[0].score >= options.quotedThreshold;
  if (codes.answers.length) {
    const answers = quotedFirst(codes.answers, fit, text.verbatim, options);
    if (quotedByMany && undocumented.length === 0 && answers.every((a) => a.entry.origin === 'imported' && fit(a.entry) < byText.matches[0].score)) {
      return { decision: 'clarify', matches: distinctAnswers([...byText.matches, ...answers], options.maxCandidates), unknownCodes, systems };
    }
    // A number an imported article lists may be written in another's text too ("Event ID:
    // 7013"): listed or written, the number is no lead of its own, and when the words fit
    // that one better, the user picks (the words' article first). Where the words
    // fit none of the listing articles, however little they fit that one: a long account
    // of a problem may fit no article well enough to be a candidate by its words alone.
    const bestByWords = byText.matches[0]
      ?? (ranked.length && answers.every((a) => fit(a.entry) === 0) ? textMatch(...ranked[0]) : undefined);
    // The numbers no entry of the systems named documents count as that article's too
    // where it lists them ("FindFirstFile ... failed, error 3", "error reserving disk, error 21").
    const alsoHolding = !quoted && context.wordsBesideCodes && bestByWords && undocumented.every((u) => listsCode(bestByWords.entry, u.mention))
      ? holdsNumbersAndFitsBetter(bestByWords, answers, fit, options.answerMargin) : undefined;
    if (alsoHolding) return { decision: 'clarify', matches: distinctAnswers([alsoHolding, ...answers], options.maxCandidates), unknownCodes: [], systems };
    if (quoted && undocumented.length === 0) {
      const codesFit = Math.max(...answers.map((a) => fit(a.entry)));
      // An imported article that lists the code among others is weaker evidence than the
      // one quoting the whole message: that one goes first as soon as it fits better. A
      // hand-written entry, written for the code, keeps its place unless the quote clearly leads.
      if (quoted.score - codesFit >= leadOver(answers, options.answerMargin)) answers.unshift(quoted);
      else answers.push(quoted);
    }
    return { decision: 'answer', matches: answers, unknownCodes, systems, ...(codes.ambiguous.length ? { undecided: codes.ambiguous } : {}) };
  }
  if (undocumented.length) {
    // Words fit entries only where the message has words of its own beside the code ("error" is no lead).
    const near = context.wordsBesideCodes ? byText.matches : [];
    return { ...neighbours(undocumented, [...(codes.ambiguous[0] ?? []), ...near], options), unknownCodes, systems };
  }
  if (quoted) return { decision: 'answer', matches: [quoted], unknownCodes, systems };
  if (codes.ambiguous.length) {
    // The number's systems are asked about after the entries quoting the message, or
    // fitting its words clearly better than any of the number's entries do
    // ("Error SMTPGET: 20 -": the article on SMTPGET, not every system's error 20).
    const codesFit = Math.max(...codes.ambiguous[0].map((m) => fit(m.entry)));
    const [byWords] = byText.matches;
    // A hand-written entry is written for its own codes: whatever its words, it is no answer
    // about another one ("status 0 came back, is that good" is not about IISSYNC status 3).
    const aboutOtherCodes = byWords && byWords.entry.origin !== 'imported' && byWords.entry.codes.length > 0
      && !codes.ambiguous[0].some((m) => m.code !== null && byWords.entry.codes.includes(m.code));
    const wordsSayMore = context.wordsBesideCodes && byWords && !aboutOtherCodes && byWords.score - codesFit >= options.answerMargin;
    if (quotedByMany || wordsSayMore) return { ...byText, unknownCodes, systems, undecided: codes.ambiguous };
    return { decision: 'clarify', matches: codes.ambiguous[0], unknownCodes, systems };
  }
  return { ...byText, unknownCodes, systems };
}

export interface DecisionContext {
  /** Systems the message names. */
  systems: string[];
  /** Every system the knowledge base knows by name. */
  knownSystems: ReadonlySet<string>;
  /** The message has words beside its codes (`hasWordsBesideCodes`). */
  wordsBesideCodes: boolean;
  options: Required<MatcherOptions>;
}

/** The entries the words fit, of the systems the message names, best first, one per article (`sameArticleOnce`). */
function rankedByWords({ scores }: TextFit, { systems, knownSystems }: DecisionContext): Array<[KnowledgeEntry, number]> {
  return sameArticleOnce([...scores]
    .filter(([entry]) => ofNamedSystems(entry, systems, knownSystems))
    .sort((a, b) => b[1] - a[1]));
}

/** An entry as a match by the words, with its confidence. */
export function textMatch(entry: KnowledgeEntry, score: number): Match {
  return { entry, score: round(score), code: null, mention: null, via: 'text', others: [] };
}

function decideByText(ranked: Array<[KnowledgeEntry, number]>, { verbatim, messageHeld, heldWords }: TextFit, { options }: DecisionContext): Pick<MatchResult, 'decision' | 'matches'> {
  const { answerThreshold, answerMargin, answerLead, clarifyThreshold, quotedThreshold, quotedAlike, maxCandidates } = options;
  const toMatch = ([entry, score]: [KnowledgeEntry, number]) => textMatch(entry, score);
  const [best, second] = ranked;
  if (!best || best[1] < clarifyThreshold) return { decision: 'none', matches: [] };
  const clearLead = !second || best[1] - second[1] >= answerLead;
  const alike = ranked.filter(([, s]) => best[1] - s < answerMargin);
  // Among near-equal fits, the entry quoting the message word for word goes before
  // variants of it. A message that many articles quote nearly alike, none of them as
  // pasted, is no more one article's than another's: the user picks.
  // The one quoting the most of the paste: "LNK2001: unresolved external symbol "__doserrno"" over "... external symbol".
  // (A stable sort: of those quoting as many words, the best fit.)
  const [wordForWord] = alike.filter(([entry]) => verbatim.has(entry)).sort(([a], [b]) => verbatim.get(b)! - verbatim.get(a)!);
  const quotedAlikeByMany = !wordForWord && new Set(alike.map(([entry]) => entry.article ?? entry.id)).size >= quotedAlike;
  if ((best[1] >= quotedThreshold || (best[1] >= answerThreshold && clearLead)) && !quotedAlikeByMany) {
    const first = wordForWord ?? best;
    // Near-equal runners-up of a quoted message quote it too: shown as also documented.
    const match = toMatch(first);
    // Of the article's entries: the one shown may be the hand-written entry, the one holding the message imported.
    const quotedWords = Math.max(0, ...[...heldWords].filter(([entry]) => sameAnswer(entry, first[0])).map(([, words]) => words));
    if (quotedWords) match.quotedWords = quotedWords;
    match.others = alike.filter((scored) => scored !== first).slice(0, maxCandidates - 1).map(([e]) => e);
    // Quoting as much of it, and as strongly: a whole message, not a title holding it ("Help topic does not exist!").
    const alsoQuoting = wordForWord ? alike.filter(([entry, score]) => entry !== first[0]
      && verbatim.get(entry) === verbatim.get(first[0]) && round(score) === round(first[1])) : [];
    if (alsoQuoting.length) match.alsoQuoting = alsoQuoting.map(([e]) => e);
    return { decision: 'answer', matches: [match] };
  }
  return {
    decision: 'clarify',
    matches: ranked.filter(([, s]) => s >= clarifyThreshold).slice(0, maxCandidates)
      .map((scored) => (messageHeld.has(scored[0]) ? { ...toMatch(scored), heldMessage: true } : toMatch(scored))),
  };
}

/** A system named in the message rules out the entries of the other systems it knows. */
export function ofNamedSystems(entry: KnowledgeEntry, systems: readonly string[], knownSystems: ReadonlySet<string>): boolean {
  return systems.length === 0 || systems.includes(entry.system) || !knownSystems.has(entry.system);
}

/**
 * For codes no entry documents: a clarify offering, as other codes, the same code in
 * other systems and the entries the words fit; none when there are none.
 */
function neighbours(undocumented: NotDocumented[], near: Match[], { maxCandidates }: Required<MatcherOptions>): Pick<MatchResult, 'decision' | 'matches'> {
  // A code nobody documents is asked about because something failed: "it worked" is no lead.
  const offered = distinctAnswers([...undocumented.flatMap((u) => u.elsewhere), ...near].filter((m) => !reportsSuccess(m.entry)), maxCandidates)
    .map((match) => ({ ...match, others: [], neighbour: true }));
  return offered.length ? { decision: 'clarify', matches: offered } : { decision: 'none', matches: [] };
}

/** An entry about a status that says all went well (MIS_1, IISSYNC status 0), by its symbolic name or keywords. */
export function reportsSuccess(entry: KnowledgeEntry): boolean {
  return entry.keywords.some((k) => /^success/i.test(k)) || entry.names.some((n) => /SUCCESS/.test(n));
}

/** The first `max` matches that are not the same answer as one before them. */
export function distinctAnswers(matches: Match[], max: number): Match[] {
  const offered: Match[] = [];
  for (const match of matches) {
    if (offered.length < max && !offered.some((o) => sameAnswer(o.entry, match.entry))) offered.push(match);
  }
  return offered;
}

/**
 * The code answers in the order of their mentions, except that the one the paste quotes,
 * clearly better than the first fits it, goes first: of "Server object error 'ASP 0177 :
 * 800a2328' ...", the article quoting the whole message, not the one listing 0177.
 */
function quotedFirst(answers: Match[], fit: (entry: KnowledgeEntry) => number, verbatim: ReadonlyMap<KnowledgeEntry, number>,
  options: Required<MatcherOptions>): Match[] {
  const [first] = answers;
  const best = answers.reduce((a, b) => (fit(b.entry) > fit(a.entry) ? b : a));
  // Held whole by the paste, it goes before an imported article that only lists the code;
  // a hand-written entry, written for the code, gives way only to a clear lead.
  const heldWhole = verbatim.has(best.entry) && !verbatim.has(first.entry) && first.entry.origin === 'imported';
  const leads = fit(best.entry) >= options.quotedThreshold && (heldWhole || fit(best.entry) - fit(first.entry) >= options.answerMargin);
  return leads && best !== first ? [best, ...answers.filter((a) => a !== best)] : [...answers];
}

/**
 * The best text match, when it is another article than the code answers', writes each of
 * their numbers in its own wording, and fits the words better than any of them: by any
 * lead where they are imported articles listing the numbers, clearly (`margin`) where one
 * is a hand-written entry, which is written for its code ("0x80070005" beside an eBook
 * that Pocket PC will not delete: the article quoting that, not only "access denied").
 */
function holdsNumbersAndFitsBetter(best: Match | undefined, answers: Match[], fit: (entry: KnowledgeEntry) => number,
  margin: number): Match | undefined {
  if (!best || answers.some((a) => !a.mention || sameAnswer(a.entry, best.entry))) return undefined;
  const codesFit = Math.max(...answers.map((a) => fit(a.entry)));
  return round(best.score - codesFit) >= leadOver(answers, margin) && answers.every((a) => writesAny(best.entry, formsOf(a))) ? best : undefined;
}

/**
 * The lead over the code answers that puts another entry first: any, over imported
 * articles that list the code among others; a clear one (`margin`) over a hand-written
 * entry, written for the code.
 */
function leadOver(answers: Match[], margin: number): number {
  return answers.every((a) => a.entry.origin === 'imported') ? Number.MIN_VALUE : margin;
}

/**
 * A code answer's number as typed, and as the knowledge base writes it where that is the
 * same number ("0x1E" and "30"); not the Win32 error inside an HRESULT ("0x80070005" is
 * no "5", which "Exchange 5.5" writes).
 */
function formsOf(answer: Match): string[] {
  const { mention, code } = answer;
  return code !== null && mention !== null && parseCode(code) === parseCode(mention) ? [mention, code] : [mention!];
}

/** Whether the entry's own wording holds the code as typed or in its usual spelling ("error 5:" in a quoted message). */
function quotesCode(entry: KnowledgeEntry, mention: CodeMention): boolean {
  return writesAny(entry, [mention.text, canonicalCode(mention.keys[0])]);
}

/** Whether the entry lists the code among its own, as the code index reads them (not "4" in "IIS 4.0"). */
function listsCode(entry: KnowledgeEntry, mention: CodeMention): boolean {
  return entry.codes.some((code) => {
    const key = parseCode(code);
    return key !== undefined && mention.keys.includes(key);
  });
}

/** Whether the entry's title, messages or symptoms hold one of the forms, as whole words. */
function writesAny(entry: KnowledgeEntry, forms: string[]): boolean {
  const wording = ` ${normalizeQuote([entry.title, ...entry.messages, ...entry.symptoms].join(' '))} `;
  return forms.some((form) => wording.includes(` ${normalizeQuote(form)} `));
}

/** The same entry, or two entries from the same article. */
export function sameAnswer(a: KnowledgeEntry, b: KnowledgeEntry): boolean {
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

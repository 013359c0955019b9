import type { KnowledgeEntry } from '../knowledge/types';
import { canonicalCode, CodeMention, shownKey } from './codes/codes';
import { type CodeIndex, type CodeResolveOptions, handwrittenFirst } from './codes/codeIndex';
import type { Match, UnknownCode } from './result';
import type { ScannedMessage } from './scan';

/**
 * The code stage of the pipeline: each code the message names, looked up in the code
 * index (codeIndex.ts), sorted into the entries that answer it, the codes several
 * entries share, and the codes nothing documents.
 */
export interface ResolvedCodes {
  /** One match per entry a code names, in the order the message names them; an entry documenting several of them answers once. */
  answers: Match[];
  /** For each code several entries document alike: the candidates. */
  ambiguous: Match[][];
  unknown: NotDocumented[];
}

/** A code mention that no entry documents, with the same code in other systems. */
export interface NotDocumented {
  mention: CodeMention;
  system?: string;
  elsewhere: Match[];
}

export function resolveCodes(scan: ScannedMessage, codes: CodeIndex, fit: (entry: KnowledgeEntry) => number,
  options: CodeResolveOptions): ResolvedCodes {
  const resolved: ResolvedCodes = { answers: [], ambiguous: [], unknown: [] };
  /** Every code answered, in the order the message names them, with its answer. */
  const answeredCodes: Match[] = [];
  // In a paste, bare numbers are ids, counts and durations: only a short question's count,
  // and only a code made one by its form or a cue word is taken as asked about.
  for (const mention of scan.mentions.filter((m) => m.strong || scan.question)) {
    // A log names many systems: a code's own line, when it names one, says whose code it is.
    const outcome = codes.resolve(mention, mention.lineSystems ?? scan.systems, fit, options);
    if (outcome.kind === 'answer') {
      answeredCodes.push(outcome.match);
      if (!resolved.answers.some((a) => a.entry.id === outcome.match.entry.id)) resolved.answers.push(onLine(outcome.match, mention));
    } else if (outcome.kind === 'ambiguous') {
      resolved.ambiguous.push(outcome.candidates.map((candidate) => onLine(candidate, mention)));
    } else if (outcome.kind === 'unknown' && (scan.question || mention.cued)) {
      resolved.unknown.push({ mention, system: outcome.system, elsewhere: outcome.elsewhere });
    }
  }
  if (answeredCodes.length > 1) {
    const answers = resolved.answers;
    const kept = answers.filter((a) => !answers.some((other) => documentedMoreFully(a, other)));
    const dropped = answeredCodes.filter((found) => !kept.some((k) => k.entry.id === found.entry.id));
    resolved.answers = kept.map((answer) => withCodesAnswered(answer, answeredCodes, dropped));
  }
  return resolved;
}

/**
 * The answer, naming every code of the message its entry answers: those it was found by,
 * and those of answers dropped for it, whose entries it is among the others of.
 */
function withCodesAnswered(kept: Match, answeredCodes: Match[], dropped: Match[]): Match {
  const codes = [...new Set(answeredCodes
    .filter((found) => found.entry.id === kept.entry.id || (dropped.includes(found) && found.others.includes(kept.entry)))
    .flatMap((found) => (found.code === null ? [] : [found.code])))];
  return codes.length > 1 ? { ...kept, codes } : kept;
}

/**
 * Whether the other answer's entry documents this answer's code as well as its own, which
 * this answer's entry does not: of "error '317' ... Windows NT error '2245'", the article
 * listing both answers, not another listing 317 alone that fits the words as well. Two
 * entries listing each other's codes are alternatives, and both stay; and a hand-written
 * entry, written for its code, never gives way to an imported article listing it.
 */
function documentedMoreFully(answer: Match, other: Match): boolean {
  return other !== answer && answer.others.includes(other.entry)
    && !other.others.includes(answer.entry) && handwrittenFirst(answer.entry, other.entry) >= 0;
}

/** The match with the line of the paste its code is on, when the paste was read line by line. */
function onLine(match: Match, mention: CodeMention): Match {
  return mention.line === undefined ? match : { ...match, line: mention.line };
}

/** The code as the user typed it and in its usual spelling, for the card and the gap report. */
export function unknownCode({ mention, system }: NotDocumented): UnknownCode {
  return { text: mention.text, code: canonicalCode(shownKey(mention.keys)), ...(system ? { system } : {}), ...(mention.line === undefined ? {} : { line: mention.line }) };
}

import { codeProblem } from '../knowledge/load';
import { cut } from '../knowledge/importers/lines';
import type { DetailedEntry, System } from '../knowledge/types';
import type { ServedKnowledge } from './servedKnowledge';
import { quotedParts } from '../matching/search/text';
import { logMessage } from '../matching/pastes/logNoise';
import { plainText } from '../knowledge/plainText';

/**
 * A resolved question written up as a knowledge entry, in the form a help desk lead can
 * approve as it is: the codes and messages of the question (as the matcher reads them),
 * the agent's resolution as its steps. No Bot Framework, no storage.
 */

/** Where a draft goes when its question names no system the knowledge base knows; declared by the draft's file. */
export const HELP_DESK_SYSTEM: System = {
  name: 'Help desk',
  description: 'Answers the help desk wrote from resolved tickets, for questions that belong to no other system.',
  keywords: [],
  codeFormat: 'decimal',
};

/** What a draft is made of: the ticket's question and what the agent said fixed it. */
export interface DraftSource {
  ticketId: string;
  question: string;
  resolution: string;
  /** Why it happened, when the agent said; empty otherwise. */
  cause: string;
  /** The entries the bot answered with before the user escalated: their system and articles, when the question names neither. */
  answered: Array<{ system: string; article?: string }>;
}

const MAX_MESSAGES = 3;
const MAX_MESSAGE = 300;
const MAX_STEPS = 10;
const MAX_STEP = 500;
const MAX_TITLE = 90;
/** Quotation marks around a quoted message, and the blanks beside them. */
const QUOTES = /^[\s"'\u201C\u201D\u2018\u2019]+|[\s"'\u201C\u201D\u2018\u2019]+$/g;
/** "1.", "2)", "-", "*", "•" before a step the agent numbered or bulleted: the card numbers steps itself. */
const STEP_MARK = /^\s*(?:\d{1,2}[.)]|[-*\u2022])\s+/;

/**
 * The entry, as plain text whoever approves it (knowledge/plainText.ts): links in the
 * resolution stay only to the hosts cards may link to (`cardContext.linkHosts`), none in what the user wrote.
 */
export function draftEntry(source: DraftSource, { kb, matcher, cardContext }: Pick<ServedKnowledge, 'kb' | 'matcher'> & { cardContext: { linkHosts?: readonly string[] } }): DetailedEntry {
  const linkHosts = cardContext.linkHosts ?? [];
  const result = matcher.match(source.question);
  const declared = new Map(kb.systems.map((s) => [s.name, s]));
  // Only the codes the knowledge base lacks (the gap itself): a one-off resolution never
  // takes over a code that has its entry. The system is one a knowledge file declares, so
  // the approved file always loads (imported entries may name a product no file declares).
  const unknown = result.unknownCodes;
  const system = [...unknown.map((u) => u.system), ...result.systems, ...source.answered.map((a) => a.system)]
    .find((name): name is string => name !== undefined && declared.has(name)) ?? HELP_DESK_SYSTEM.name;
  const format = declared.get(system) ?? HELP_DESK_SYSTEM;
  // A code without a system is kept only in the help desk's own: "17" alone is no Win32 code.
  const codes = [...new Set(unknown.filter((u) => (u.system ?? HELP_DESK_SYSTEM.name) === system && !codeProblem(u.code, format)).map((u) => u.code))];
  const messages = questionMessages(source.question);
  const symptom = firstLine(source.question);
  const summary = short(messages[0] ?? symptom, MAX_TITLE);
  const title = codes.length && !summary.includes(codes[0]) ? `${codes[0]}: ${summary}` : summary;
  return {
    id: `ticket-${source.ticketId.toLowerCase()}`,
    system,
    codes,
    names: [],
    title,
    symptoms: symptom && !messages.includes(symptom) ? [symptom] : [],
    messages,
    cause: plainText(source.cause.trim(), linkHosts) || `Not known: the help desk resolved ticket ${source.ticketId} without saying why it happened.`,
    resolution: steps(source.resolution).map((step) => plainText(step, linkHosts)),
    related: [...new Set(source.answered.flatMap((e) => (e.article ? [e.article] : [])))],
    keywords: [],
    origin: 'ticket',
  };
}

/** Why a draft cannot be added to the knowledge as it is now (its system gone, a code it cannot have); undefined when it can. */
export function draftProblem(entry: DetailedEntry, systems: System[]): string | undefined {
  const system = entry.system === HELP_DESK_SYSTEM.name ? HELP_DESK_SYSTEM : systems.find((s) => s.name === entry.system);
  if (!system) return `its system "${entry.system}" is not in the knowledge base`;
  return entry.codes.map((code) => codeProblem(code, system)).find(Boolean);
}

/** What a question quotes and the log lines it holds: messages a system printed, without their log prefixes. */
function questionMessages(question: string): string[] {
  const logLines = question.split('\n', 50).filter((line) => logMessage(line) !== line.trim());
  const found = [...quotedParts(question), ...logLines].map((part) => plainText(logMessage(part).replace(QUOTES, ''))).filter((m) => m.length >= 15);
  return [...new Set(found.map((m) => short(m, MAX_MESSAGE)))].slice(0, MAX_MESSAGES);
}

function firstLine(question: string): string {
  return short(plainText(logMessage(question.trim().split('\n')[0] ?? '').trim()), 200);
}

function steps(resolution: string): string[] {
  return resolution
    .split('\n')
    .map((line) => line.replace(STEP_MARK, '').trim())
    .filter(Boolean)
    .slice(0, MAX_STEPS)
    .map((line) => short(line, MAX_STEP));
}

/** On one line, at most `max` characters, cut at a word where one is near. */
function short(text: string, max: number): string {
  return cut(text.replace(/\s+/g, ' ').trim(), max);
}

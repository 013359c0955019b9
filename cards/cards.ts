/*
 * cards/: what the user sees, as Adaptive Cards. The layouts are JSON templates in
 * cards/templates (open them in the Adaptive Cards Designer); this file binds a match
 * result, a ticket or the welcome to them; actions.ts defines the ids card buttons
 * carry. Knows nothing of Bot Framework or HTTP: cards are plain JSON.
 */
import type { Article, DetailedEntry, KnowledgeBase, KnowledgeEntry } from '../knowledge/types';
import type { Match, MatchResult } from '../matching/matcher';
import { hresultHex, keyNumber, parseCode } from '../matching/codes/codes';
import { CardAction } from './actions';
import { nameOf, Ticket, TicketDraft, TicketStatus } from '../tickets/ticket';
import { AdaptiveCard, expand, renderOnce } from './cardTemplates';
import { plainText } from '../knowledge/plainText';
import { withReading } from './logReading';

export type { AdaptiveCard } from './cardTemplates';


export interface CardContext {
  articles: Map<string, Article>;
  /** Link for an article that has no URL of its own: base + "Q224801". */
  kbBaseUrl: string;
  /** Base URL of this bot (bound once at start: known when it listens): articles it has loaded link to its own page /kb/Qnnnnnn. */
  articlePageBase?: () => string;
  /** Articles hand-written entries come from, which the bot's own page shows as those entries. */
  documented?: ReadonlySet<string>;
  /** Hosts a link in an entry written from a ticket may go to (KB_LINK_HOSTS); none: such entries show no links. */
  linkHosts?: readonly string[];
}

/** What a card context takes from the configuration, built once at start (server/config.ts cardSettings). */
export type CardSettings = Pick<CardContext, 'kbBaseUrl' | 'articlePageBase' | 'linkHosts'>;

/** Appends the "Escalate to help desk" action that every answer, clarify and none card carries. */
function withEscalation(card: AdaptiveCard, escalate: CardAction): AdaptiveCard {
  card.actions = [...(card.actions ?? []), expand('escalate-action', { escalate })];
  return card;
}

export function articleLink(number: string, context: CardContext) {
  const article = context.articles.get(number);
  const pageBase = context.articlePageBase?.();
  const url = article?.url
    ?? ((article?.file || context.documented?.has(number)) && pageBase ? `${pageBase}/kb/${number}` : `${context.kbBaseUrl}${number}`);
  // Brackets in a title would end the markdown link text early: shown as parentheses.
  return { number, title: (article?.title ?? 'KB article').replace(/\[/g, '(').replace(/\]/g, ')'), url };
}

/** "IISSYNC status 2148007941 (0x80080005)", "Server ActiveSync MIS_3", "Win32 error 3". */
function codeHeading(entry: KnowledgeEntry, code: string | null): string {
  if (!code) return entry.article ? `${entry.system} · ${entry.article}` : entry.system;
  const noun = /^\d/.test(code) ? (entry.system === 'Win32' ? ' error' : ' status') : '';
  return `${entry.system}${noun} ${withHex(code)}`;
}

/** "2148007941 (0x80080005)": a code with its hex form, where it has one. */
function withHex(code: string): string {
  const hex = codeHex(code);
  return hex ? `${code} (${hex})` : code;
}

/** The entry's title under its code heading, without saying the code twice ("MIS_3: MIS_3: …"). */
export function headedTitle(entry: KnowledgeEntry, code: string | null): string {
  const title = entryText(entry, entry.title);
  return code && title.includes(code) ? title : `${codeHeading(entry, code)}: ${title}`;
}

/**
 * An entry's text as cards show it: an entry written from a ticket as plain text, links
 * only to `linkHosts` (knowledge/plainText.ts), however its file was edited; authored
 * knowledge as written.
 */
export function entryText(entry: KnowledgeEntry, text: string, linkHosts: readonly string[] = []): string {
  return entry.origin === 'ticket' ? plainText(text, linkHosts) : text;
}

function codeHex(code: string): string | undefined {
  const key = parseCode(code);
  const value = key ? keyNumber(key) : undefined;
  return value === undefined ? undefined : hresultHex(value);
}

function firstSentence(text: string, max = 160): string {
  const sentence = /^.*?[.!?](\s|$)/.exec(text)?.[0].trim() ?? text;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/** What a reply card shows of this turn: the question (whole, and as shown) and the card's id. */
type ReplyTurn = { questionId: string; shownQuery: string; cardId: string };

/** What ties a reply's cards to the turn: the id of the question kept on the server, and the id of the message. */
export interface ReplyIds {
  questionId: string;
  cardId?: string;
}

function replyTurn(result: MatchResult, ids?: ReplyIds): ReplyTurn {
  return { questionId: ids?.questionId ?? '', shownQuery: result.query.slice(0, 300), cardId: ids?.cardId ?? '' };
}

/**
 * What "Escalate to help desk" sends back. `cardId` names the message the card was sent
 * in, so the confirmation can take its place where the client does not say (Web Chat).
 */
function escalateData(result: MatchResult, turn: ReplyTurn): CardAction {
  return {
    action: 'escalate',
    questionId: turn.questionId,
    decision: result.decision,
    entryIds: result.matches.map((m) => m.entry.id),
    ...(turn.cardId ? { cardId: turn.cardId } : {}),
  };
}

/** What "Helpful" / "Not helpful" send back: which entry, for which question, from which card. */
function feedbackData(match: Match, helpful: boolean, turn: ReplyTurn): CardAction {
  return { action: 'feedback', helpful, entryId: match.entry.id, questionId: turn.questionId, ...(turn.cardId ? { cardId: turn.cardId } : {}) };
}

/** A reply card's template bound to its data, with "Escalate to help desk" appended. */
function escalatable(name: string) {
  return (data: { escalate: CardAction }) => withEscalation(expand(name, data), data.escalate);
}

/** The answer card for one match. */
export function answerCard(match: Match<DetailedEntry>, result: MatchResult<DetailedEntry>, context: CardContext, ids?: ReplyIds): AdaptiveCard {
  const { entry, code } = match;
  const hex = code ? codeHex(code) : undefined;
  const facts = [
    { name: 'System', value: entry.system },
    ...(match.codes ? [{ name: 'Codes', value: match.codes.map(withHex).join(', ') }] : []),
    ...(code && !match.codes ? [{ name: 'Code', value: code }] : []),
    ...(hex && !match.codes ? [{ name: 'Hex', value: hex }] : []),
    ...(entry.names.length ? [{ name: 'Symbolic name', value: entry.names.join(', ') }] : []),
  ];
  const data = (turn: ReplyTurn) => ({
    heading: codeHeading(entry, code),
    title: entryText(entry, entry.title),
    mention: match.mention && match.mention !== code ? match.mention : null,
    facts,
    cause: entryText(entry, entry.cause, context.linkHosts),
    // Imported steps often number themselves ("1. Click Start"): the card numbers them once.
    steps: entry.resolution.map((text, i) => ({ number: String(i + 1), text: entryText(entry, text, context.linkHosts).replace(/^\s*\d{1,2}[.)]\s+/, '') })),
    article: entry.article ? articleLink(entry.article, context) : null,
    related: entry.related.map((number) => articleLink(number, context)),
    others: match.others.map((other) => ({ title: other.article ? `${other.title} (${other.article})` : other.title })),
    feedback: {
      helpful: feedbackData(match, true, turn),
      notHelpful: feedbackData(match, false, turn),
    },
    escalate: escalateData(result, turn),
  });
  return renderOnce('answer', replyTurn(result, ids), data, escalatable('answer'));
}

/**
 * Codes the knowledge base does not document, each said plainly first, as the user
 * typed it. One text block each: a code's own underscores ("MIS_31") never pair up
 * into markdown emphasis across two codes.
 */
function unknownNotices(result: MatchResult) {
  return result.unknownCodes.map((unknown) => ({
    notice: `${unknown.text} is not in the knowledge base`,
    detail: unknown.system ? `${unknown.system} documents no code ${unknown.code}.` : '',
  }));
}

/** How a candidate is labelled: a neighbour of an unknown code says it is another code. */
function candidateLabel(match: Match): string {
  if (!match.neighbour) return match.code ? codeHeading(match.entry, match.code) : match.entry.title;
  if (match.code) return `In another system: ${codeHeading(match.entry, match.code)}`;
  const [code] = match.entry.codes;
  return code ? `Another code: ${codeHeading(match.entry, code)}` : `Another article: ${match.entry.title}`;
}

/** Longest text on a clarify button: Teams cuts long ones to the same first words. */
const BUTTON_LABEL = 32;

/**
 * A short label for a candidate's button, distinct from the others' ("MIS_3", "IISSYNC 3",
 * "2. Title…"); a neighbour of an unknown code still says it is another code.
 */
function buttonLabel(match: Match, index: number): string {
  const code = match.code ?? (match.neighbour ? match.entry.codes[0] : undefined);
  const title = match.entry.title.length > BUTTON_LABEL - 3 ? `${match.entry.title.slice(0, BUTTON_LABEL - 4)}…` : match.entry.title;
  const short = code && (/^\d/.test(code) ? `${match.entry.system} ${code}` : code);
  if (!match.neighbour) return short || `${index + 1}. ${title}`;
  if (match.code) return `In another system: ${short}`;
  return short ? `Another code: ${short}` : `Another article: ${title}`;
}

function clarifyHeading(result: MatchResult): string {
  if (result.unknownCodes.length) return 'Entries near it, for other codes. Pick one only if it is what you meant:';
  return result.matches.some((m) => m.code)
    ? 'That code means different things in different systems. Which one is it?'
    : 'I found a few possible matches. Which one fits?';
}

/** Up to three candidates to pick from, and "none of these". */
function clarifyCard(result: MatchResult<DetailedEntry>, ids?: ReplyIds): AdaptiveCard {
  const data = (turn: ReplyTurn) => ({
    unknown: unknownNotices(result),
    heading: clarifyHeading(result),
    query: turn.shownQuery,
    candidates: result.matches.map((m, i) => ({
      label: candidateLabel(m),
      button: buttonLabel(m, i),
      summary: entryText(m.entry, m.code || m.neighbour ? m.entry.title : firstSentence(m.entry.cause)),
      pick: { action: 'pick', entryId: m.entry.id, code: m.code, questionId: turn.questionId } satisfies CardAction,
    })),
    noneOfThese: { action: 'none-of-these', questionId: turn.questionId } satisfies CardAction,
    escalate: escalateData(result, turn),
  });
  return renderOnce('clarify', replyTurn(result, ids), data, escalatable('clarify'));
}

/** No answer: say so plainly, suggest what to try, offer escalation. */
export function noneCard(result: MatchResult, ids?: ReplyIds): AdaptiveCard {
  const unknown = unknownNotices(result);
  const heading = unknown.length ? '' : "I couldn't find anything in the knowledge base that fits.";
  const data = (turn: ReplyTurn) => ({ unknown, heading, query: turn.shownQuery, escalate: escalateData(result, turn) });
  return renderOnce('none', replyTurn(result, ids), data, escalatable('none'));
}

/** "How do I reach a person": how escalation works, with the button to do it now. */
export function handoverCard(result: MatchResult, ids?: ReplyIds): AdaptiveCard {
  return renderOnce('handover', replyTurn(result, ids), (turn) => ({ escalate: escalateData(result, turn) }), escalatable('handover'));
}

/**
 * The cards the bot replies with for a match result, one per answer; for a long paste,
 * first what was read of it, with the codes beyond the first few cards listed.
 */
export function replyCards(result: MatchResult<DetailedEntry>, context: CardContext, ids?: ReplyIds): AdaptiveCard[] {
  // A code several systems document gets its own choice after the answers or candidates.
  const choices = (result.undecided ?? []).map((choice) => ({
    card: clarifyCard({ ...result, decision: 'clarify', matches: choice, unknownCodes: [], undecided: undefined }, ids), choice,
  }));
  const heading = (match: Match) => codeHeading(match.entry, match.code);
  if (result.decision === 'answer') {
    return withReading(result, [...result.matches.map((match) => ({ card: answerCard(match, result, context, ids), match })), ...choices], heading);
  }
  if (result.decision === 'clarify') return withReading(result, [{ card: clarifyCard({ ...result, undecided: undefined }, ids) }, ...choices], heading);
  return withReading(result, [{ card: noneCard(result, ids) }], heading);
}

const EXAMPLE_QUESTIONS = [
  'what is MIS_3',
  'iissync returned 2148007941',
  'Server Execution Failed error code 2148007941',
  'my pocket pc says sync key mismatch',
];

/** What the bot knows, with examples to click. */
export function welcomeCard(kb: KnowledgeBase): AdaptiveCard {
  const systems = kb.systems.map((system) => {
    const count = kb.entries.filter((e) => e.system === system.name).length;
    return { name: system.name, summary: `${count} entries. ${system.description}` };
  });
  const data = () => ({
    systems,
    examples: EXAMPLE_QUESTIONS.map((text) => ({ text, ask: { action: 'ask', text } satisfies CardAction })),
  });
  return renderOnce('welcome', {}, data, (d) => expand('welcome', d));
}

/** Confirms an escalation, in place of the card it was requested from. */
export function escalatedCard(ticket: { ticketId: string; query: string; comment: string }, answer?: AdaptiveCard): AdaptiveCard {
  // The answer the user escalated from stays at hand, collapsed: its steps may still help.
  const card = expand('escalated', { ...ticket, query: ticket.query.slice(0, 300), comment: ticket.comment.slice(0, 500), answer: answer?.body ?? null });
  if (!card.actions?.length) delete card.actions;
  return card;
}

const STATUS_VIEW: Record<TicketStatus, { label: string; color: string; style: string; verb: string }> = {
  open: { label: 'Open', color: 'Attention', style: 'attention', verb: '' },
  assigned: { label: 'Taken', color: 'Accent', style: 'accent', verb: 'Taken by' },
  resolved: { label: 'Resolved', color: 'Good', style: 'good', verb: 'Resolved by' },
};

/** Above the entries the bot showed; a ticket without entries says the bot had nothing. */
const DECISION_TEXT: Record<string, string> = {
  answer: 'Answered with:',
  clarify: 'Offered these candidates:',
};

/** "2025-11-22 08:16 UTC": cards are read in any time zone and Adaptive Cards 1.5 dates do not render everywhere. */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The ticket as the help desk sees it, with Take and Resolve while they apply. User text
 * (question, comment, names, transcript) goes in text runs, which render no markdown.
 */
export function ticketCard(ticket: Ticket, context: CardContext): AdaptiveCard {
  const view = STATUS_VIEW[ticket.status];
  const by = ticket.status === 'resolved' ? ticket.resolvedBy : ticket.status === 'assigned' ? ticket.assignedTo : undefined;
  const rating = ticket.userFeedback;
  return expand('ticket', {
    id: ticket.id,
    status: { ...view, by: by ? nameOf(by) : null, at: by ? when(by.at) : null },
    user: nameOf(ticket.user),
    channel: ticket.channelId,
    createdAt: when(ticket.createdAt),
    question: ticket.question.slice(0, 2000),
    decision: DECISION_TEXT[ticket.answer.decision] ?? ticket.answer.decision,
    entries: ticket.answer.entries.map((entry) => ({
      text: entry.article ? `${entry.title} ([${entry.article}](${articleLink(entry.article, context).url}))` : entry.title,
      // Agent assist: one click sends the entry's answer card to the user, while the ticket is open.
      send: ticket.status !== 'resolved' ? ({ action: 'send-answer', ticketId: ticket.id, entryId: entry.id } satisfies CardAction) : null,
    })),
    sendTitle: `Send to ${nameOf(ticket.user)}`,
    comment: ticket.comment,
    rating: rating ? (rating.helped ? 'The user says the resolution helped.' : 'The user says the resolution did not help.') : null,
    ratingColor: rating?.helped ? 'Good' : 'Warning',
    resolution: ticket.resolution ? { steps: lines(ticket.resolution.text), cause: ticket.resolution.cause } : null,
    draft: ticket.draft ? draftView(ticket.id, ticket.draft) : null,
    take: ticket.status === 'open' ? ({ action: 'take', ticketId: ticket.id } satisfies CardAction) : null,
    resolve: ticket.status !== 'resolved' ? ({ action: 'resolve', ticketId: ticket.id } satisfies CardAction) : null,
    conversationTitle: `Conversation (${ticket.transcript.length} message${ticket.transcript.length === 1 ? '' : 's'})`,
    transcript: ticket.transcript.map((turn) => ({
      who: turn.from.role === 'bot' ? 'Bot' : nameOf(turn.from),
      color: turn.from.role === 'bot' ? 'Accent' : 'Default',
      text: turn.text,
    })),
  });
}

/** The draft entry on a ticket card: what it holds, where it stands, and the lead's buttons while pending. */
function draftView(ticketId: string, draft: TicketDraft) {
  const { entry, status, decidedBy } = draft;
  const decided = decidedBy ? `${nameOf(decidedBy)}, ${when(decidedBy.at)}` : '';
  return {
    heading: status === 'approved' ? 'Knowledge entry, approved' : 'Draft knowledge entry',
    status: {
      pending: 'Written from this resolution. Once a help desk lead approves it, the bot answers with it.',
      approved: `Approved by ${decided}: the bot answers with it now.`,
      discarded: `Discarded by ${decided}.`,
    }[status],
    facts: [
      { name: 'Title', value: entry.title },
      { name: 'System', value: entry.system },
      ...(entry.codes.length ? [{ name: 'Codes', value: entry.codes.join(', ') }] : []),
      ...entry.messages.map((message) => ({ name: 'Message', value: message.slice(0, 200) })),
      { name: 'Entry id', value: entry.id },
    ],
    approve: status === 'pending' ? ({ action: 'approve-draft', ticketId } satisfies CardAction) : null,
    // An approved entry can be withdrawn: Discard takes it out of the knowledge again.
    discard: status !== 'discarded' ? ({ action: 'discard-draft', ticketId } satisfies CardAction) : null,
    discardTitle: status === 'approved' ? 'Withdraw from the knowledge base' : 'Discard',
  };
}

/** The lines of what an agent wrote, each shown as written (their own numbering kept). */
function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/** Tells the user the help desk resolved their ticket, what fixed it, and asks whether it helped. */
export function resolvedCard(ticket: Ticket): AdaptiveCard {
  const rate = (helped: boolean): CardAction => ({ action: 'rate-ticket', ticketId: ticket.id, helped });
  return expand('resolved', {
    id: ticket.id,
    by: nameOf(ticket.resolvedBy),
    question: ticket.question.slice(0, 300),
    steps: lines(ticket.resolution?.text ?? ''),
    helped: rate(true),
    notHelped: rate(false),
  });
}

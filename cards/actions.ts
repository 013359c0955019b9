/**
 * What the cards' buttons send back (Action.Submit `data`, or Action.Execute `data`
 * with the same fields and verb = action). Inputs of the card (the escalation
 * comment) arrive merged into the same object. The user's question stays on the
 * server: buttons carry its id (`questionId`), so that a card stays small whatever
 * was pasted.
 */
export type CardAction =
  | { action: 'escalate'; questionId: string; decision: string; entryIds: string[]; comment?: string; cardId?: string }
  | { action: 'pick'; entryId: string; code: string | null; questionId: string }
  | { action: 'none-of-these'; questionId: string }
  | { action: 'ask'; text: string }
  /** "Helpful" / "Not helpful" on an answer card. */
  | { action: 'feedback'; helpful: boolean; entryId: string; questionId: string; cardId?: string }
  /** An agent's buttons on a ticket card in the help desk conversation. */
  | { action: 'take'; ticketId: string }
  /** Resolve, with what the agent wrote in the card's inputs: what fixed it and, if known, why it happened. */
  | { action: 'resolve'; ticketId: string; resolution?: string; cause?: string }
  /** A help desk lead's decision on the draft knowledge entry a resolved ticket brought. */
  | { action: 'approve-draft' | 'discard-draft'; ticketId: string }
  /** An agent's "Send to the user" beside one of the bot's answers on a ticket card. */
  | { action: 'send-answer'; ticketId: string; entryId: string }
  /** The user's "Did this help?" after the help desk resolved their ticket. */
  | { action: 'rate-ticket'; ticketId: string; helped: boolean };

import { TICKET_ID } from '../tickets/ticket';

const MAX_FIELD = 4000;
/** What the bot decided for the question a card answers; anything else in card data is forged. */
const DECISIONS = new Set(['answer', 'clarify', 'none']);

const text = (value: unknown, max = MAX_FIELD) => (typeof value === 'string' ? value.slice(0, max) : undefined);
/** A question id, or '' (which finds no question) for anything else. */
const id = (value: unknown) => (typeof value === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(value) ? value : '');

/** Reads a card action from untrusted input; undefined when it is not one of ours. */
export function parseCardAction(value: unknown): CardAction | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  switch (data.action) {
    case 'escalate':
      return {
        action: 'escalate',
        questionId: id(data.questionId),
        decision: DECISIONS.has(data.decision as string) ? (data.decision as string) : 'none',
        entryIds: Array.isArray(data.entryIds) ? data.entryIds.filter((id): id is string => typeof id === 'string').slice(0, 10) : [],
        comment: text(data.comment, 2000) ?? '',
        cardId: text(data.cardId, 100),
      };
    case 'pick': {
      const entryId = text(data.entryId, 200);
      return entryId ? { action: 'pick', entryId, code: text(data.code, 100) ?? null, questionId: id(data.questionId) } : undefined;
    }
    case 'none-of-these':
      return { action: 'none-of-these', questionId: id(data.questionId) };
    case 'ask': {
      const question = text(data.text);
      return question ? { action: 'ask', text: question } : undefined;
    }
    case 'feedback': {
      const entryId = text(data.entryId, 200);
      return entryId && typeof data.helpful === 'boolean'
        ? { action: 'feedback', helpful: data.helpful, entryId, questionId: id(data.questionId), cardId: text(data.cardId, 100) }
        : undefined;
    }
    case 'take':
    case 'approve-draft':
    case 'discard-draft': {
      const ticketId = ticketIdIn(data);
      return ticketId ? { action: data.action, ticketId } : undefined;
    }
    case 'resolve': {
      const ticketId = ticketIdIn(data);
      return ticketId ? { action: 'resolve', ticketId, resolution: text(data.resolution, 2000) ?? '', cause: text(data.cause, 1000) ?? '' } : undefined;
    }
    case 'send-answer': {
      const ticketId = ticketIdIn(data);
      const entryId = text(data.entryId, 200);
      return ticketId && entryId ? { action: 'send-answer', ticketId, entryId } : undefined;
    }
    case 'rate-ticket': {
      const ticketId = ticketIdIn(data);
      return ticketId && typeof data.helped === 'boolean' ? { action: 'rate-ticket', ticketId, helped: data.helped } : undefined;
    }
    default:
      return undefined;
  }
}

function ticketIdIn(data: Record<string, unknown>): string | undefined {
  return typeof data.ticketId === 'string' && TICKET_ID.test(data.ticketId) ? data.ticketId : undefined;
}

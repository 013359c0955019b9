/*
 * tickets/: the ticket model and everything kept about it, independent of Bot Framework
 * routing: the store, the delivery outbox, help desk registrations, the gap report, the
 * webhook payload, and their settings.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConversationAddress } from './conversationAddress';
import type { DetailedEntry } from '../knowledge/types';
import type { Turn } from './transcript';

export type TicketStatus = 'open' | 'assigned' | 'resolved';

export interface Person {
  id: string;
  name?: string;
  /** Microsoft Entra object id, where Teams gives it. */
  aadObjectId?: string;
}

/** A knowledge base entry the bot answered with (or offered) before the user escalated. */
export interface AnsweredEntry {
  id: string;
  title: string;
  system: string;
  article?: string;
}

/** A ticket card posted into a help desk conversation, and the ticket revision it shows. */
interface Posting {
  helpDesk: string;
  activityId: string;
  revision: number;
  /** How many of the ticket's messages its thread has been given (the user's; the agents wrote theirs there). */
  messages?: number;
}

/** A message between the user and the help desk about the ticket, after it was escalated. */
export interface TicketMessage {
  from: 'user' | 'agent';
  person: Person;
  text: string;
  at: string;
  /** An entry whose answer card an agent sent (agent assist); `text` names it. */
  entryId?: string;
}

/** What the agent who resolved the ticket wrote: what fixed it, and why it happened if they know. */
export interface Resolution {
  text: string;
  cause: string;
}

/**
 * Closing the gap: the resolution written up as a knowledge entry, which a help desk lead
 * approves (it then answers the next user who asks) or discards. It lives on its ticket,
 * so the ticket cards and the webhook show where it stands.
 */
export interface TicketDraft {
  entry: DetailedEntry;
  status: 'pending' | 'approved' | 'discarded';
  decidedBy?: Person & { at: string };
}

/** Messages a ticket keeps, and the longest text of one: the ticket is one stored record. */
const MAX_TICKET_MESSAGES = 100;
const MAX_MESSAGE_TEXT = 2000;

/** Everything a new ticket is made of; the store adds id, status and bookkeeping. */
export interface TicketRequest {
  user: Person;
  channelId: string;
  /** Where the user is told about the ticket later. */
  conversation: ConversationAddress;
  question: string;
  answer: { decision: string; entries: AnsweredEntry[] };
  comment: string;
  transcript: Turn[];
}

export interface Ticket extends TicketRequest {
  id: string;
  /** What makes a second click find this ticket instead of creating another (see clickKey). */
  key: string;
  status: TicketStatus;
  /** Counts every change seen outside: cards and the webhook are refreshed when it moves on. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  assignedTo?: Person & { at: string };
  resolvedBy?: Person & { at: string };
  userFeedback?: { helped: boolean; at: string };
  resolution?: Resolution;
  draft?: TicketDraft;
  /** The conversation between the user and the help desk since the escalation (absent on older tickets). */
  messages?: TicketMessage[];
  /**
   * What has reached the help desk, the webhook and the user: the outbox does the rest.
   * `messagesToUser`: how many of the messages the user has been given (the agents').
   */
  delivery: { postings: Posting[]; webhookRevision?: number; notifiedStatus: TicketStatus; messagesToUser?: number };
}

/** Short, unambiguous ids: no 0/O or 1/I to misread over the phone. 32 symbols, 5 bits each. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const ID_LENGTH = 8;

/**
 * The idempotency key of an escalation click: the card it came from (a random UUID the
 * bot put in the card) and the user; two clicks on the same card make one ticket. A
 * request without a card id gets a random key: a ticket of its own.
 */
export function clickKey(cardId: string | undefined, userId: string): string {
  const source = cardId ? `${cardId}\n${userId}` : randomBytes(32).toString('hex');
  return createHash('sha256').update(source).digest('base64url');
}

/**
 * "HD-7K3M9QXZ": 40 bits drawn from the click key (itself random), so that retrying the
 * same click lands on the same id, and a collision with another ticket moves on to the
 * next attempt's id. 2^40 ids: with a million tickets stored, a new id collides once in a million.
 */
export function ticketId(key: string, attempt: number): string {
  const hash = createHash('sha256').update(`${key}#${attempt}`).digest();
  let id = '';
  for (let i = 0; i < ID_LENGTH; i++) id += ALPHABET[hash[i] % ALPHABET.length];
  return `HD-${id}`;
}

export const TICKET_ID = /^HD-[2-9A-HJ-NP-Z]{8}$/;

export function newTicket(request: TicketRequest, id: string, key: string, now: Date): Ticket {
  const at = now.toISOString();
  return { ...request, id, key, status: 'open', revision: 1, createdAt: at, updatedAt: at, delivery: { postings: [], notifiedStatus: 'open' } };
}

/** What an agent's click did: a changed ticket, the same ticket (nothing to do), or a refusal to show the agent. */
export type Outcome = { ticket: Ticket; refused?: string };

export function take(ticket: Ticket, agent: Person, now: Date): Outcome {
  if (ticket.status === 'resolved') return { ticket, refused: `${ticket.id} is already resolved by ${nameOf(ticket.resolvedBy)}.` };
  if (ticket.assignedTo) {
    return ticket.assignedTo.id === agent.id ? { ticket } : { ticket, refused: `${ticket.id} is already taken by ${nameOf(ticket.assignedTo)}.` };
  }
  return { ticket: changed(ticket, now, { status: 'assigned', assignedTo: { ...agent, at: now.toISOString() } }) };
}

/** Resolving an open ticket also assigns it to whoever resolved it; what fixed it is said, or nothing happens. */
export function resolve(ticket: Ticket, agent: Person, now: Date, resolution: Resolution): Outcome {
  if (ticket.status === 'resolved') return { ticket, refused: `${ticket.id} is already resolved by ${nameOf(ticket.resolvedBy)}.` };
  if (!resolution.text.trim()) {
    return { ticket, refused: `Say what fixed ${ticket.id}: open Resolve on its card and write it. The user gets it, and it becomes a draft knowledge entry.` };
  }
  const at = now.toISOString();
  return { ticket: changed(ticket, now, { status: 'resolved', assignedTo: ticket.assignedTo ?? { ...agent, at }, resolvedBy: { ...agent, at }, resolution }) };
}

/**
 * A lead's Approve or Discard on a draft: Discard also withdraws an approved entry; a
 * discarded draft stays discarded. The same click again changes nothing.
 */
export function decideDraft(ticket: Ticket, lead: Person, approve: boolean, now: Date): Outcome {
  const draft = ticket.draft;
  if (!draft) return { ticket, refused: `${ticket.id} has no draft knowledge entry.` };
  const wanted = approve ? 'approved' : 'discarded';
  if (draft.status === wanted) return { ticket };
  if (draft.status === 'discarded') return { ticket, refused: `The draft of ${ticket.id} was already discarded by ${nameOf(draft.decidedBy)}.` };
  return { ticket: changed(ticket, now, { draft: { ...draft, status: wanted, decidedBy: { ...lead, at: now.toISOString() } } }) };
}

/** The user's answer to "Did this help?" after a resolution; only the ticket's own user may give it. */
export function rateResolution(ticket: Ticket, user: Person, helped: boolean, now: Date): Outcome {
  if (user.id !== ticket.user.id) return { ticket, refused: 'Only the person who asked can rate this ticket.' };
  if (ticket.status !== 'resolved') return { ticket, refused: `${ticket.id} is not resolved yet.` };
  if (ticket.userFeedback?.helped === helped) return { ticket };
  return { ticket: changed(ticket, now, { userFeedback: { helped, at: now.toISOString() } }) };
}

/**
 * A message from the user or an agent, while the ticket is not resolved. An agent who
 * writes on an open ticket takes it. The oldest messages go first past the bound.
 */
export function addMessage(ticket: Ticket, from: TicketMessage['from'], person: Person, text: string, now: Date, entryId?: string): Outcome {
  if (ticket.status === 'resolved') {
    return { ticket, refused: `${ticket.id} is resolved${from === 'user' ? ': ask me again, or escalate a new question' : ''}.` };
  }
  const at = now.toISOString();
  const message: TicketMessage = { from, person, text: text.slice(0, MAX_MESSAGE_TEXT), at, ...(entryId ? { entryId } : {}) };
  const messages = [...(ticket.messages ?? []), message];
  const dropped = Math.max(0, messages.length - MAX_TICKET_MESSAGES);
  const takes = from === 'agent' && !ticket.assignedTo ? { status: 'assigned' as const, assignedTo: { ...person, at } } : {};
  return {
    ticket: changed(ticket, now, {
      ...takes,
      messages: messages.slice(dropped),
      // Counts of delivered messages move with the messages dropped from the front.
      delivery: {
        ...ticket.delivery,
        messagesToUser: Math.max(0, (ticket.delivery.messagesToUser ?? 0) - dropped),
        postings: ticket.delivery.postings.map((p) => ({ ...p, messages: Math.max(0, (p.messages ?? 0) - dropped) })),
      },
    }),
  };
}

function changed(ticket: Ticket, now: Date, change: Partial<Ticket>): Ticket {
  return { ...ticket, ...change, revision: ticket.revision + 1, updatedAt: now.toISOString() };
}

export function nameOf(person: Person | undefined): string {
  return person?.name || person?.id || 'someone';
}

/**
 * The ticket as the outside sees it (webhook, documented in the README): every field
 * always present (null when not set), without the idempotency key, the conversation
 * reference (the bot's own addressing) and the delivery bookkeeping.
 */
export function publicTicket(ticket: Ticket) {
  return {
    id: ticket.id,
    status: ticket.status,
    revision: ticket.revision,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    user: ticket.user,
    channelId: ticket.channelId,
    question: ticket.question,
    answer: ticket.answer,
    comment: ticket.comment,
    transcript: ticket.transcript.map((turn) => ({ role: turn.from.role, name: turn.from.name ?? null, text: turn.text, at: turn.timestamp })),
    assignedTo: ticket.assignedTo ?? null,
    resolvedBy: ticket.resolvedBy ?? null,
    userFeedback: ticket.userFeedback ?? null,
    resolution: ticket.resolution ?? null,
    draft: ticket.draft ? { entryId: ticket.draft.entry.id, title: ticket.draft.entry.title, status: ticket.draft.status, decidedBy: ticket.draft.decidedBy ?? null } : null,
    messages: (ticket.messages ?? []).map((m) => ({ from: m.from, name: nameOf(m.person), text: m.text, at: m.at, entryId: m.entryId ?? null })),
  };
}

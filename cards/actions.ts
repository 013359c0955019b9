/**
 * What the cards' buttons send back (Action.Submit `data`, or Action.Execute `data`
 * with the same fields and verb = action). Inputs of the card (the escalation
 * comment) arrive merged into the same object. The user's question stays on the
 * server: buttons carry its id (`questionId`), so that a card stays small whatever
 * was pasted. One schema, CARD_ACTIONS, gives both the type (CardAction) and the
 * parser of untrusted card data (parseCardAction).
 */
import { TICKET_ID } from '../tickets/ticket';

/** A field's reader: its value from untrusted card data, or REJECT when the whole action is forged. */
type Field<T> = (value: unknown) => T | typeof REJECT;
const REJECT = Symbol('reject');

const MAX_FIELD = 4000;
/** What the bot decided for the question a card answers; anything else in card data is forged. */
const DECISIONS = new Set(['answer', 'clarify', 'none']);

/** A non-empty text, cut to `max`; required. */
const text = (max: number): Field<string> => (value) => (typeof value === 'string' && value ? value.slice(0, max) : REJECT);
/** A text cut to `max`, or `absent` when there is none. */
const optionalText = <A extends string | null | undefined>(max: number, absent: A): Field<string | A> =>
  (value) => (typeof value === 'string' ? value.slice(0, max) : absent);
/**
 * What the user types into a card's input (a comment, a resolution): '' when left empty,
 * typed optional because the cards are built without it.
 */
const typed = (max: number): Field<string | undefined> => optionalText(max, '');
/** A question id, or '' (which finds no question) for anything else. */
const questionId: Field<string> = (value) => (typeof value === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(value) ? value : '');
const ticketId: Field<string> = (value) => (typeof value === 'string' && TICKET_ID.test(value) ? value : REJECT);
const flag: Field<boolean> = (value) => (typeof value === 'boolean' ? value : REJECT);
const decision: Field<string> = (value) => (DECISIONS.has(value as string) ? (value as string) : 'none');
const entryIds: Field<string[]> = (value) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string').slice(0, 10) : []);
/** An id the client may leave out; undefined then. */
const cardId = optionalText(100, undefined);
const entryId = text(200);

/** Every card verb, with the fields its data carries and how each is read. */
const CARD_ACTIONS = {
  /** "Escalate to help desk" on an answer, clarify, none or hand-over card (and the comment typed in it). */
  escalate: { questionId, decision, entryIds, comment: typed(2000), cardId },
  /** A candidate picked on a clarify card. */
  pick: { entryId, code: optionalText(100, null), questionId },
  'none-of-these': { questionId },
  /** An example question on the welcome card. */
  ask: { text: text(MAX_FIELD) },
  /** "Helpful" / "Not helpful" on an answer card. */
  feedback: { helpful: flag, entryId, questionId, cardId },
  /** An agent's buttons on a ticket card in the help desk conversation. */
  take: { ticketId },
  /** Resolve, with what the agent wrote in the card's inputs: what fixed it and, if known, why it happened. */
  resolve: { ticketId, resolution: typed(2000), cause: typed(1000) },
  /** A help desk lead's decision on the draft knowledge entry a resolved ticket brought. */
  'approve-draft': { ticketId },
  'discard-draft': { ticketId },
  /** An agent's "Send to the user" beside one of the bot's answers on a ticket card. */
  'send-answer': { ticketId, entryId },
  /** The user's "Did this help?" after the help desk resolved their ticket. */
  'rate-ticket': { ticketId, helped: flag },
} satisfies Record<string, Record<string, Field<unknown>>>;

type Schema = typeof CARD_ACTIONS;
export type CardVerb = keyof Schema;
type ValueOf<F> = F extends Field<infer T> ? T : never;
/** A verb's fields: a field read as '' or null when absent stays required; one that may be undefined is optional. */
type FieldsOf<S> = { [K in keyof S as undefined extends ValueOf<S[K]> ? never : K]: ValueOf<S[K]> }
  & { [K in keyof S as undefined extends ValueOf<S[K]> ? K : never]?: ValueOf<S[K]> };
/** The data of one card verb. */
export type ActionOf<V extends CardVerb> = { action: V } & FieldsOf<Schema[V]>;
/** The data of any card verb. */
export type CardAction = { [V in CardVerb]: ActionOf<V> }[CardVerb];

/** Reads a card action from untrusted input; undefined when it is not one of ours. */
export function parseCardAction(value: unknown): CardAction | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  const verb = data.action;
  if (typeof verb !== 'string' || !Object.hasOwn(CARD_ACTIONS, verb)) return undefined;
  const action: Record<string, unknown> = { action: verb };
  for (const [name, field] of Object.entries(CARD_ACTIONS[verb as CardVerb] as Record<string, Field<unknown>>)) {
    const read = field(data[name]);
    if (read === REJECT) return undefined;
    action[name] = read;
  }
  return action as CardAction;
}

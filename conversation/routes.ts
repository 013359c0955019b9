import type { ActionOf, CardVerb } from '../cards/actions';
import type { AdaptiveCard } from '../cards/cardTemplates';
import type { ChatTurn } from './turn';

/** A message as its branches see it: the user's words (the bot's @mention removed), and what came with them. */
interface IncomingMessage {
  text: string;
  /** Card data (an Action.Submit) or anything else the client put in `value`. */
  value?: unknown;
  attachments?: unknown;
}

/** A branch of the message route: true when it took the message (the branches after it are not tried). */
export type MessageBranch = (turn: ChatTurn, message: IncomingMessage) => Promise<boolean>;

/**
 * What a card click shows. A card takes the place of the card clicked where the channel
 * allows (bot/cardReplies.ts); a text is a message (or the invoke's message); `sent`: the
 * handler answered with messages of its own.
 */
export type CardReply =
  | {
    card: AdaptiveCard;
    /**
     * The message the card replaces when the click does not answer with it (Action.Submit):
     * the message that carried a card sent before (`cardId` in its data), else `activityId`.
     */
    replaces?: { cardId?: string; activityId?: string };
    /** Shown only in place of the clicked card: never as a second copy. */
    inPlaceOnly?: boolean;
    /** The id this card is remembered by, when it is sent as a new message. */
    cardId?: string;
  }
  | { text: string }
  | { sent: true };

/** The handler of one card verb, with the action's data as the schema in cards/actions.ts reads it. */
export type VerbHandler<V extends CardVerb> = (turn: ChatTurn, action: ActionOf<V>) => Promise<CardReply>;

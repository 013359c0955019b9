import type { OutgoingMessage } from '../channels/messages';
import type { ConversationAddress } from '../tickets/conversationAddress';
import type { Person } from '../tickets/ticket';
import type { Turn } from '../tickets/transcript';

/**
 * One turn of a conversation, as conversation/ and escalation/ need it: who wrote, where,
 * and how to answer. bot/turnAdapter.ts makes one from the Bot Framework's TurnContext,
 * for a message or a click and for a proactive turn alike; nothing here knows the SDK.
 */
export interface ChatTurn {
  /** Who wrote (in a proactive turn: the conversation's user). */
  readonly from: Person;
  /** The bot, as this conversation knows it. */
  readonly bot: { id: string; name?: string };
  readonly channelId: string;
  readonly conversation: { id: string; type?: string };
  /** The message this one answers (the card clicked, the root of a thread). */
  readonly replyToId?: string;
  /** What the turn keeps while it runs (its log, the conversation's transcript). */
  readonly turnState: Map<unknown, unknown>;
  /** Where this conversation is reached again later: the stored reference, at this activity. */
  reference(): ConversationAddress;
  /** Sends the messages in order; the ids the channel gave them. */
  send(...messages: OutgoingMessage[]): Promise<Array<string | undefined>>;
  /** Replaces a message sent before, in place; rejects where the channel cannot. */
  update(activityId: string, message: OutgoingMessage): Promise<void>;
  /** From now on, what this turn sends replies under that message (a Teams channel thread). */
  replyUnder(activityId: string): void;
  /** Asks an agent hub connected to the channel to take the conversation over (`handoff.initiate`). */
  handOff(handoffContext: object, transcript: Turn[]): Promise<void>;
}

/** Runs `logic` in a conversation reached again later, as a turn of its own (the outbox delivering a ticket). */
export type Proactive = (address: ConversationAddress, logic: (turn: ChatTurn) => Promise<void>) => Promise<void>;

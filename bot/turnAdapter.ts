import { type CloudAdapter, type ConversationReference, EventFactory, type Transcript, TurnContext } from 'botbuilder';
import type { ChatTurn, Proactive } from '../conversation/turn';
import type { ConversationAddress } from '../tickets/conversationAddress';

const CHAT_TURN = Symbol('chat turn');

/**
 * The turn as conversation/ and escalation/ see it, made once per TurnContext. Read when
 * asked: a proactive turn's activity has only what its stored address had.
 */
export function chatTurn(context: TurnContext): ChatTurn {
  const made = context.turnState.get(CHAT_TURN) as ChatTurn | undefined;
  if (made) return made;
  const { activity } = context;
  const turn: ChatTurn = {
    get from() {
      const { id, name, aadObjectId } = activity.from;
      return { id, ...(name ? { name } : {}), ...(aadObjectId ? { aadObjectId } : {}) };
    },
    get bot() {
      return { id: activity.recipient.id, name: activity.recipient.name };
    },
    get channelId() {
      return activity.channelId;
    },
    get conversation() {
      return { id: activity.conversation.id, type: activity.conversation.conversationType };
    },
    get replyToId() {
      return activity.replyToId;
    },
    turnState: context.turnState,
    reference: () => TurnContext.getConversationReference(activity) as ConversationAddress,
    send: async (...messages) => (await context.sendActivities(messages)).map((sent) => sent?.id),
    update: async (activityId, message) => {
      await context.updateActivity({ ...message, id: activityId });
    },
    replyUnder: (activityId) => {
      context.onSendActivities(async (_context, activities, next) => {
        for (const sent of activities) sent.replyToId = activityId;
        return next();
      });
    },
    handOff: async (handoffContext, transcript) => {
      const activities = { activities: transcript } as unknown as Transcript;
      await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, activities));
    },
  };
  context.turnState.set(CHAT_TURN, turn);
  return turn;
}

/** Proactive turns through the adapter's continueConversationAsync, with the bot's app id. */
export function proactiveTurns(adapter: Pick<CloudAdapter, 'continueConversationAsync'>, appId: string): Proactive {
  return (address, logic) =>
    adapter.continueConversationAsync(appId, address as Partial<ConversationReference>, (context) => logic(chatTurn(context)));
}

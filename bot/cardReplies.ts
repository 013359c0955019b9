import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { cardMessage, plainMessage } from '../channels/messages';
import { forTeams } from '../channels/teamsCards';
import type { CardReply } from '../conversation/routes';
import type { SentCards } from '../conversation/sentCards';
import type { ChatTurn } from '../conversation/turn';

const MESSAGE = 'application/vnd.microsoft.activity.message';

/**
 * Shows what a card click gave, as the click arrived. An invoke (Teams Universal Actions,
 * Action.Execute) answers with it: the card replaces the one clicked. An Action.Submit
 * (Web Chat, older Teams clients) updates the message the card replaces where the channel
 * can, and otherwise sends it as a new message (remembered under its card id).
 */
export class CardReplies {
  constructor(private readonly sentCards: SentCards) {}

  /** The invoke response for a click that came as an invoke. */
  invokeResponse(reply: CardReply): AdaptiveCardInvokeResponse {
    if ('sent' in reply) return { statusCode: 200, type: MESSAGE, value: 'Answered below.' as any };
    if ('text' in reply) return { statusCode: 200, type: MESSAGE, value: reply.text as any };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: forTeams(reply.card) as any };
  }

  /** Shows the reply to a click that came as a message (Action.Submit). */
  async show(turn: ChatTurn, reply: CardReply): Promise<void> {
    if ('sent' in reply) return;
    if ('text' in reply) {
      await turn.send(plainMessage(reply.text));
      return;
    }
    const message = cardMessage(turn.channelId, [reply.card]);
    const { cardId, activityId } = reply.replaces ?? {};
    const replaces = (cardId && this.sentCards.messageOf(cardId)) || activityId;
    if (replaces) {
      const replaced = await turn.update(replaces, message).then(() => true, () => false);
      if (replaced) return;
    }
    if (reply.inPlaceOnly) return;
    const [sent] = await turn.send(message);
    if (reply.cardId && sent) this.sentCards.remember(reply.cardId, sent);
  }
}

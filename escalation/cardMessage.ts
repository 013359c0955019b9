import { Activity, CardFactory, MessageFactory } from 'botbuilder';
import { AdaptiveCard, forTeams } from '../cards/cards';
import { cardSummary } from '../cards/summary';

/**
 * A message carrying the cards, with Universal Actions (Action.Execute) in Teams, and a
 * summary that notifications and chat previews show instead of "Card".
 */
export function cardMessage(channelId: string, cards: AdaptiveCard[]): Partial<Activity> {
  const teams = channelId === 'msteams';
  const message = MessageFactory.list(cards.map((card) => CardFactory.adaptiveCard(teams ? forTeams(card) : card)));
  const summary = cards.map(cardSummary).filter(Boolean).join('; ');
  return summary ? { ...message, summary: summary.slice(0, 250) } : message;
}

/**
 * Largest message the bot sends: Teams may refuse one past about 25 KB (413), counted
 * on the activity as sent, cards and their Teams fallbacks included.
 */
export const MAX_MESSAGE_BYTES = 24 * 1024;

/** The cards in as few messages as stay under MAX_MESSAGE_BYTES each, in order. */
export function cardMessages(channelId: string, cards: AdaptiveCard[]): Array<Partial<Activity>> {
  const messages: Array<Partial<Activity>> = [];
  let group: AdaptiveCard[] = [];
  for (const card of cards) {
    if (group.length && messageBytes(cardMessage(channelId, [...group, card])) > MAX_MESSAGE_BYTES) {
      messages.push(cardMessage(channelId, group));
      group = [];
    }
    group.push(card);
  }
  if (group.length) messages.push(cardMessage(channelId, group));
  return messages;
}

export function messageBytes(activity: Partial<Activity>): number {
  return Buffer.byteLength(JSON.stringify(activity));
}

/**
 * A text message shown as typed: texts that quote names or ids from other people (an
 * agent's display name) must not render as markdown links or formatting.
 */
export function plainMessage(text: string): Partial<Activity> {
  return { type: 'message', text, textFormat: 'plain' };
}

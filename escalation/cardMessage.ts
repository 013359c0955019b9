import { Activity, CardFactory, MessageFactory } from 'botbuilder';
import { AdaptiveCard, forTeams } from '../cards/cards';

/** A message carrying the cards, with Universal Actions (Action.Execute) in Teams. */
export function cardMessage(channelId: string, cards: AdaptiveCard[]): Partial<Activity> {
  const teams = channelId === 'msteams';
  return MessageFactory.list(cards.map((card) => CardFactory.adaptiveCard(teams ? forTeams(card) : card)));
}

/**
 * A text message shown as typed: texts that quote names or ids from other people (an
 * agent's display name) must not render as markdown links or formatting.
 */
export function plainMessage(text: string): Partial<Activity> {
  return { type: 'message', text, textFormat: 'plain' };
}

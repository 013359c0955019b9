import { Activity, CardFactory, MessageFactory } from 'botbuilder';
import { AdaptiveCard, forTeams } from '../cards/cards';

/** A message carrying the cards, with Universal Actions (Action.Execute) in Teams. */
export function cardMessage(channelId: string, cards: AdaptiveCard[]): Partial<Activity> {
  const teams = channelId === 'msteams';
  return MessageFactory.list(cards.map((card) => CardFactory.adaptiveCard(teams ? forTeams(card) : card)));
}

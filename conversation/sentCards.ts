import { BoundedMap } from '../memory/boundedMap';

/** How many sent cards are remembered, so that an escalation can replace the card it came from. */
const REMEMBERED_CARDS = 10_000;

/**
 * Which message carried a card the bot sent (card id, in the card's data → activity id):
 * where a click does not say which message it came from (Web Chat), the card shown for it
 * takes that message's place.
 */
export class SentCards {
  private readonly messages = new BoundedMap<string, string>({ maxEntries: REMEMBERED_CARDS });

  remember(cardId: string, activityId: string): void {
    this.messages.set(cardId, activityId);
  }

  messageOf(cardId: string): string | undefined {
    return this.messages.get(cardId);
  }
}

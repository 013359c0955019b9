import { Activity, Attachment, CardFactory, MessageFactory } from 'botbuilder';
import { AdaptiveCard, forTeams } from '../cards/cards';
import { cardSummary } from '../cards/summary';

/**
 * A message carrying the cards, with Universal Actions (Action.Execute) in Teams, and a
 * summary that notifications and chat previews show instead of "Card".
 */
export function cardMessage(channelId: string, cards: AdaptiveCard[]): Partial<Activity> {
  return messageOf(cards.map((card) => cardAttachment(channelId, card)), cards);
}

function cardAttachment(channelId: string, card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(channelId === 'msteams' ? forTeams(card) : card);
}

function messageOf(attachments: Attachment[], cards: AdaptiveCard[]): Partial<Activity> {
  const message = MessageFactory.list(attachments);
  const summary = cards.map(cardSummary).filter(Boolean).join('; ');
  return summary ? { ...message, summary: summary.slice(0, MAX_SUMMARY) } : message;
}

/**
 * Largest message the bot sends: Teams may refuse one past about 25 KB (413), counted
 * on the activity as sent, cards and their Teams fallbacks included.
 */
const MAX_MESSAGE_BYTES = 24 * 1024;
/** Longest summary of a message of several cards. */
const MAX_SUMMARY = 250;
/** What a message adds around its cards: type, layout, the summary, JSON punctuation. */
const ENVELOPE_BYTES = 1024;

/** The cards in as few messages as stay under MAX_MESSAGE_BYTES each, in order; each card converted and measured once. */
export function cardMessages(channelId: string, cards: AdaptiveCard[]): Array<Partial<Activity>> {
  // Most answers are one card, a message of its own whatever its size: nothing to measure.
  if (cards.length === 1) return [cardMessage(channelId, cards)];
  const messages: Array<Partial<Activity>> = [];
  let group: Array<{ card: AdaptiveCard; attachment: Attachment }> = [];
  let bytes = ENVELOPE_BYTES;
  const flush = () => messages.push(messageOf(group.map((g) => g.attachment), group.map((g) => g.card)));
  for (const card of cards) {
    const attachment = cardAttachment(channelId, card);
    const size = messageBytes(attachment) + 1;
    if (group.length && bytes + size > MAX_MESSAGE_BYTES) {
      flush();
      group = [];
      bytes = ENVELOPE_BYTES;
    }
    group.push({ card, attachment });
    bytes += size;
  }
  if (group.length) flush();
  return messages;
}

function messageBytes(value: Partial<Activity> | Attachment): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * A text message shown as typed: texts that quote names or ids from other people (an
 * agent's display name) must not render as markdown links or formatting.
 */
export function plainMessage(text: string): Partial<Activity> {
  return { type: 'message', text, textFormat: 'plain' };
}

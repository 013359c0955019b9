import type { AdaptiveCard } from '../cards/cardTemplates';
import { cardSummary } from '../cards/summary';
import { channel } from './channels';
import { forTeams } from './teamsCards';

/** A card as a message carries it (Bot Framework's attachment shape). */
interface CardAttachment {
  contentType: string;
  content: unknown;
  name?: string;
}

/** A message the bot sends: a plain, activity-shaped object, which bot/ hands to the Bot Framework as it is. */
export interface OutgoingMessage {
  type: 'message';
  text?: string;
  textFormat?: 'plain';
  attachmentLayout?: 'list';
  attachments?: CardAttachment[];
  inputHint?: 'acceptingInput';
  /** What notifications and chat previews show instead of "Card". */
  summary?: string;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** Longest summary of a message of several cards. */
const MAX_SUMMARY = 250;
/** What a message adds around its cards: type, layout, the summary, JSON punctuation. */
const ENVELOPE_BYTES = 1024;

/**
 * A message carrying the cards, with Universal Actions (Action.Execute) where the channel
 * runs them, and a summary that notifications and chat previews show instead of "Card".
 */
export function cardMessage(channelId: string, cards: AdaptiveCard[]): OutgoingMessage {
  return messageOf(cards.map((card) => cardAttachment(channelId, card)), cards);
}

/** The card as the channel takes it. */
function forChannel(channelId: string | undefined, card: AdaptiveCard): AdaptiveCard {
  return channel(channelId).cardActions === 'execute' ? forTeams(card) : card;
}

function cardAttachment(channelId: string, card: AdaptiveCard): CardAttachment {
  return { contentType: ADAPTIVE_CARD, content: forChannel(channelId, card) };
}

function messageOf(attachments: CardAttachment[], cards: AdaptiveCard[]): OutgoingMessage {
  const message: OutgoingMessage = { type: 'message', attachmentLayout: 'list', attachments, inputHint: 'acceptingInput' };
  const summary = cards.map(cardSummary).filter(Boolean).join('; ');
  return summary ? { ...message, summary: summary.slice(0, MAX_SUMMARY) } : message;
}

/** The cards in as few messages as the channel accepts, in order; each card converted and measured once. */
export function cardMessages(channelId: string, cards: AdaptiveCard[]): OutgoingMessage[] {
  // Most answers are one card, a message of its own whatever its size: nothing to measure.
  if (cards.length === 1) return [cardMessage(channelId, cards)];
  const { maxMessageBytes } = channel(channelId);
  const messages: OutgoingMessage[] = [];
  let group: Array<{ card: AdaptiveCard; attachment: CardAttachment }> = [];
  let bytes = ENVELOPE_BYTES;
  const flush = () => messages.push(messageOf(group.map((g) => g.attachment), group.map((g) => g.card)));
  for (const card of cards) {
    const attachment = cardAttachment(channelId, card);
    const size = Buffer.byteLength(JSON.stringify(attachment)) + 1;
    if (group.length && bytes + size > maxMessageBytes) {
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

/**
 * A text message shown as typed: texts that quote names or ids from other people (an
 * agent's display name) must not render as markdown links or formatting.
 */
export function plainMessage(text: string): OutgoingMessage {
  return { type: 'message', text, textFormat: 'plain' };
}

import type { DetailedEntry } from '../knowledge/types';
import type { MatchResult } from '../matching/matcher';
import { AdaptiveCard, answerCard, CardContext, entryText, headedTitle } from './cards';

/** Buttons that call the bot back; links (Action.OpenUrl) and cards shown in place work without it. */
const CALLS_THE_BOT = new Set(['Action.Submit', 'Action.Execute']);

/**
 * A card to insert into any conversation (from the compose box, or a link preview): the
 * same content, without what calls the bot back (feedback, escalate with its comment
 * form, pick), which would act for whoever clicks, in a conversation the bot may not be in.
 */
function shareableCard(card: AdaptiveCard): AdaptiveCard {
  return withoutBotActions(card) as AdaptiveCard;
}

function withoutBotActions(node: unknown): unknown {
  if (Array.isArray(node)) return node.filter(keepsWithoutBot).map(withoutBotActions);
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = withoutBotActions(value);
  // The schema wants at least one action where there are actions.
  if (Array.isArray(copy.actions) && copy.actions.length === 0) delete copy.actions;
  return copy;
}

/** False for a bot button, and for a card shown in place that collects input (a form for the bot). */
function keepsWithoutBot(item: { type?: string; card?: unknown } | unknown): boolean {
  const type = (item as { type?: string })?.type;
  if (type && CALLS_THE_BOT.has(type)) return false;
  if (type === 'ActionSet') return ((item as { actions?: unknown[] }).actions ?? []).some(keepsWithoutBot);
  if (type === 'Action.ShowCard') return !JSON.stringify((item as { card?: unknown }).card ?? {}).includes('"Input.');
  return true;
}

/** A result of a search from the compose box: the card to insert, and the line it shows as in the list. */
export interface SearchResultCard {
  card: AdaptiveCard;
  preview: { title: string; text: string };
}

/** Longest cause shown under a result's title in the compose box list. */
const PREVIEW_TEXT = 140;

/**
 * One shareable answer card per entry the matcher found (answered or offered), in its
 * order. None for a code the knowledge base does not document: its neighbours are other
 * codes, not answers to insert into a conversation.
 */
export function searchResultCards(result: MatchResult<DetailedEntry>, context: CardContext): SearchResultCard[] {
  if (result.decision === 'none' || result.matches.some((match) => match.neighbour)) return [];
  return result.matches.map((match) => ({
    card: shareableCard(answerCard(match, { ...result, decision: 'answer', matches: [match] }, context)),
    preview: {
      title: headedTitle(match.entry, match.code),
      text: preview(entryText(match.entry, match.entry.cause)),
    },
  }));
}

/** At most PREVIEW_TEXT characters, an ellipsis where cut. */
function preview(text: string): string {
  return text.length > PREVIEW_TEXT ? `${text.slice(0, PREVIEW_TEXT - 1)}…` : text;
}

import type { AppBasedLinkQuery, MessagingExtensionQuery, MessagingExtensionResponse } from 'botbuilder';
import { forTeams } from '../channels/teamsCards';
import { SearchResultCard, searchResultCards } from '../cards/shareable';
import type { AnsweringKnowledge } from '../cards/knowledgeCards';
import { handwrittenFirst } from '../matching/codes/codeIndex';

/** The search command of the app's message extension (appPackage/manifest.json). */
export const SEARCH_COMMAND = 'searchKnowledge';
/** Longest text searched from the compose box: a code or a message, not a log. */
const MAX_QUERY = 1000;

/**
 * The compose box search: what the user types, through the same matcher and decisions as
 * the bot, as answer cards to insert into any conversation. The list stays empty rather
 * than guess: a code nothing documents and a text nothing fits say so.
 */
export async function searchKnowledge(helpDesk: AnsweringKnowledge, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
  const parameter = query.parameters?.find((p) => p.name === 'query') ?? query.parameters?.[0];
  const text = typeof parameter?.value === 'string' ? parameter.value.slice(0, MAX_QUERY).trim() : '';
  if (query.commandId !== SEARCH_COMMAND) return message('This app has no such search.');
  if (!text) return message('Type an error code (MIS_3, 0x800706BA) or paste an error message.');
  const result = helpDesk.match(text);
  const found = searchResultCards(await helpDesk.withDetails(result), helpDesk.cardContext);
  if (found.length) return results(found);
  const unknown = result.unknownCodes.map((u) => u.text);
  return message(unknown.length ? `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the knowledge base.` : 'Nothing in the knowledge base fits. Try the code, or the exact error message.');
}

/**
 * A link to one of the bot's own article pages (`<public URL>/kb/Q224801`) pasted in a
 * message unfurls into the article's answer card; any other link is left alone.
 */
export async function articleLinkPreview(helpDesk: AnsweringKnowledge, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse | undefined> {
  const base = helpDesk.cardContext.articlePageBase?.();
  const url = URL.canParse(query.url ?? '') ? new URL(query.url!) : undefined;
  if (!base || !url || url.origin !== new URL(base).origin) return undefined;
  const number = /^\/kb\/(Q\d{5,6})$/i.exec(url.pathname)?.[1].toUpperCase();
  // The article's own entry (no code) before its code table's rows; hand-written first.
  const entry = number ? helpDesk.kb.entries.filter((e) => e.article === number).sort((a, b) => a.codes.length - b.codes.length || handwrittenFirst(a, b))[0] : undefined;
  if (!entry) return undefined;
  return results(searchResultCards(await helpDesk.withDetails(helpDesk.matcher.picked(entry, entry.codes[0] ?? null, '')), helpDesk.cardContext));
}

function results(found: SearchResultCard[]): MessagingExtensionResponse {
  return {
    composeExtension: {
      type: 'result',
      attachmentLayout: 'list',
      attachments: found.map(({ card, preview }) => ({
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: forTeams(card),
        preview: { contentType: 'application/vnd.microsoft.card.thumbnail', content: preview },
      })),
    },
  };
}

function message(text: string): MessagingExtensionResponse {
  return { composeExtension: { type: 'message', text } };
}

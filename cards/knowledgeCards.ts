import type { ServedKnowledge } from '../servedKnowledge/servedKnowledge';
import { AdaptiveCard, CardContext, CardSettings, replyCards } from './cards';

/** Served knowledge with the context its cards render in: what the bot and escalations answer from. */
export interface AnsweringKnowledge extends ServedKnowledge {
  cardContext: CardContext;
}

/** The knowledge with its card context: the settings (built once at start), its articles and those its hand-written entries document. */
export function withCardContext(knowledge: ServedKnowledge, settings: CardSettings): AnsweringKnowledge {
  const { kb } = knowledge;
  const documented = new Set(kb.entries.filter((e) => e.origin !== 'imported' && e.article).map((e) => e.article!));
  return { ...knowledge, cardContext: { ...settings, articles: kb.articles, documented, linkHosts: settings.linkHosts ?? [] } };
}

/**
 * The answer card of one entry, as if the user had picked it for `question` (an agent's
 * "Send", the answer an escalation came from); undefined when the entry is gone.
 */
export async function entryAnswerCard(knowledge: AnsweringKnowledge, entryId: string, question: string): Promise<AdaptiveCard | undefined> {
  const entry = knowledge.matcher.entryById(entryId);
  return entry && replyCards(await knowledge.withDetails(knowledge.matcher.picked(entry, entry.codes[0] ?? null, question)), knowledge.cardContext)[0];
}


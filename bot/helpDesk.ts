import type { BotConfig } from './config';
import { defaultKnowledgeDir, formatIssue, loadKnowledge } from '../knowledge/load';
import type { KnowledgeBase, KnowledgeIssue } from '../knowledge/types';
import { Matcher } from '../matching/matcher';
import type { CardContext } from '../cards/cards';

/** Knowledge, matcher and card settings, built together; no Bot Framework here. */
export interface HelpDesk {
  kb: KnowledgeBase;
  matcher: Matcher;
  cardContext: CardContext;
  issues: KnowledgeIssue[];
}

export function createHelpDesk(config: Pick<BotConfig, 'kbBaseUrl'>, paths: string[] = [defaultKnowledgeDir()]): HelpDesk {
  const { kb, issues } = loadKnowledge(paths);
  for (const issue of issues) console.warn(`[knowledge] ${issue.severity}: ${formatIssue(issue)}`);
  return {
    kb,
    matcher: new Matcher(kb),
    cardContext: { articles: kb.articles, kbBaseUrl: config.kbBaseUrl },
    issues,
  };
}

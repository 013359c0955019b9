/*
 * cli/: command-line tools over the same parts as the bot: `npm run ask`, `npm run report`,
 * `npm run doctor` and `npm run playground`. Each reads the configuration once, as the bot
 * does, and the read-only ones (ask, report, doctor) write nothing.
 */
import { BotConfig, readProcessConfig } from '../server/config';
import { knowledgeBesideBot } from './knowledgeBesideBot';
import { headedTitle } from '../cards/cards';
import type { DetailedEntry } from '../knowledge/types';
import type { MatchResult } from '../matching/matcher';

/** Plain-text rendering of what the bot would answer, for the terminal. */
export function formatResult(result: MatchResult<DetailedEntry>): string {
  const lines: string[] = [];
  if (result.decision === 'none' && !result.unknownCodes.length) lines.push('No answer: nothing in the knowledge base fits.');
  for (const unknown of result.unknownCodes) lines.push(`${unknown.text} is not in the knowledge base.`);
  if (result.decision === 'clarify') lines.push(result.unknownCodes.length ? 'Other codes near it:' : 'Not sure. Did you mean one of these?');
  for (const match of result.matches) {
    const { entry } = match;
    lines.push('', `${headedTitle(entry, match.code)}  [score ${match.score}]`);
    if (result.decision !== 'answer') continue;
    lines.push(`Cause: ${entry.cause}`, 'What to do:');
    entry.resolution.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
    if (entry.article) lines.push(`Article: ${entry.article}`);
    if (entry.related.length) lines.push(`Related: ${entry.related.join(', ')}`);
    for (const other of match.others) lines.push(`Also documented: ${other.title}${other.article ? ` (${other.article})` : ''}`);
  }
  return lines.join('\n');
}

/** What the bot on `config` would answer to `question`, from the knowledge it serves. */
export async function ask(config: BotConfig, question: string, say: (line: string) => void): Promise<string> {
  const knowledge = knowledgeBesideBot(config, say, true);
  return formatResult(await knowledge.withDetails(knowledge.match(question)));
}

if (require.main === module) {
  const question = process.argv.slice(2).join(' ');
  if (!question.trim()) {
    console.error('usage: npm run ask -- "what is MIS_3"');
    process.exit(2);
  }
  void ask(readProcessConfig(), question, (line) => console.error(line)).then((answer) => console.log(answer));
}

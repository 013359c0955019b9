import * as fs from 'node:fs';
import { BotConfig, knowledgeLocation } from '../server/config';
import { serveKnowledge, ServedKnowledge } from '../servedKnowledge/servedKnowledge';

/**
 * The knowledge a bot on `config` serves (the shipped files, KNOWLEDGE_PATH, the entries
 * leads approved and the phrasings they accepted), for a command that runs beside it and
 * writes nothing: read from the bot's cache when that is current, otherwise built in
 * memory, which `say` tells. The bot owns DATA_DIR: its cache and temporary files stay.
 */
export function knowledgeBesideBot(config: BotConfig, say: (line: string) => void, logIssues = false): ServedKnowledge {
  const { paths, cacheFile, approvedDir } = knowledgeLocation(config);
  // A folder the bot has not created yet holds no approved entries.
  const existing = fs.existsSync(approvedDir) ? paths : paths.filter((p) => p !== approvedDir);
  const knowledge = serveKnowledge(existing, { cacheFile, readOnly: true, logIssues, warmUp: false });
  if (!knowledge.stats.fromCache) say(`The knowledge cache (${cacheFile}) is missing or not current: the knowledge was read and indexed in memory for this command, and not written.`);
  return knowledge;
}

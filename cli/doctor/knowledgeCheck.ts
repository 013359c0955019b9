import * as fs from 'node:fs/promises';
import type { BotConfig } from '../../server/config';
import { fail, Finding, pass, warn } from './finding';

/**
 * Whether the folders and files of KNOWLEDGE_PATH are there. The bot starts without them,
 * logging one line, and answers from the shipped knowledge alone; what is in them is
 * npm run kb:check's to judge.
 */
export async function checkKnowledgePaths(config: BotConfig): Promise<Finding[]> {
  const check = 'knowledge';
  if (!config.knowledgePath.length) return [pass(check, 'KNOWLEDGE_PATH not set: the shipped knowledge only (knowledge/data)')];
  const findings = await Promise.all(
    config.knowledgePath.map(async (where): Promise<Finding | undefined> => {
      const stat = await fs.stat(where).catch(() => undefined);
      if (!stat) return fail(check, `${where} (KNOWLEDGE_PATH) does not exist: the bot would answer without it`, 'correct KNOWLEDGE_PATH (\':\'-separated), or mount the folder (Docker: -v "$PWD/kb:/knowledge:ro")');
      if (stat.isDirectory() && !(await fs.readdir(where)).length) {
        return warn(check, `${where} (KNOWLEDGE_PATH) is empty`, 'put the KB articles or knowledge files there (the bot reloads them), or remove it from KNOWLEDGE_PATH');
      }
      return undefined;
    }),
  );
  const problems = findings.filter((finding): finding is Finding => finding !== undefined);
  return problems.length ? problems : [pass(check, `${config.knowledgePath.join(', ')}: there; npm run kb:check -- ${config.knowledgePath.join(' ')} checks what they hold`)];
}

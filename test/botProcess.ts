import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { eventually } from './helpers';
import { REPO_ROOT } from './helpers';

/**
 * `node dist/bot/index.js` in a child process on a free port (PORT=0), with DATA_DIR and
 * file storage, resolving with its URL once it listens. Its own process: it can be killed
 * with SIGKILL, and it gets a CPU of its own when measured.
 */
export async function startBotProcess(dataDir: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server', 'index.js')], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, MicrosoftAppId: '', MicrosoftAppPassword: '', STORAGE: 'file', ESCALATION_WEBHOOK_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = await eventually(() => /listening on (http:\S+)/.exec(output)?.[1], `the bot to listen (output: ${output})`, 15_000);
  return { child, url };
}

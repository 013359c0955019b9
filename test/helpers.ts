import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHelpDesk, HelpDesk } from '../bot/helpDesk';

/** Repository root, whether tests run from dist/test or test/. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
/** ../shared beside the repository: seeds and the KB archive, read at test time. */
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');

export function readSeed(prefix: string): string {
  const dir = path.join(SHARED, 'seeds');
  const file = fs.readdirSync(dir).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}* in ${dir}`);
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

let shared: HelpDesk | undefined;
/** The shipped knowledge base, loaded once for all tests. */
export function shippedHelpDesk(): HelpDesk {
  shared ??= createHelpDesk({ kbBaseUrl: 'https://kb.example.test/' });
  return shared;
}

/** Retries `probe` until it returns something truthy; bots answer asynchronously. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

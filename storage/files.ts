import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as fs from 'node:fs/promises';

/** Makes the names in a folder (files created, renamed or removed) durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The names in a folder; none when it does not exist (nothing was ever written there). */
export async function namesIn(folder: string): Promise<string[]> {
  return fs.readdir(folder).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [] as string[];
    throw error;
  });
}

/** Writes `text` beside `target` and renames it over: a watcher never reads half a file. */
export async function replaceFile(target: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, target);
}

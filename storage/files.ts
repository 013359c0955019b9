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

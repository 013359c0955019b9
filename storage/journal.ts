import * as fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { namesIn, syncFolder } from './files';

/**
 * A change the journal records: the key, and the JSON text its file is to hold, or null
 * when the key was deleted. Text, not objects: what a writer does to its object after
 * writing it does not change what was written.
 */
export type Change = [key: string, json: string | null];

/**
 * Journal files in the storage's root: "%%journal.<n>". encodeURIComponent never produces
 * "%%", so no namespace folder can have such a name.
 */
const JOURNAL_FILE = /^%%journal\.(\d+)$/;

type Waiter =
  | { changes: Change[]; resolve: () => void; reject: (error: unknown) => void }
  | { rotate: true; resolve: (closed: string | undefined) => void };

/**
 * A write-ahead journal with group commit. Changes are appended as one JSON line per
 * write call; every change that arrives while the journal is being fsynced waits for the
 * next append, and all of them share one fsync. `durable` is told of each batch the moment
 * it is on disk, before any of its writers resumes.
 *
 * Lines that do not parse are the torn end of an append a crash interrupted, never
 * acknowledged: reading a file stops there. After a failed append the journal moves on to
 * a new file, so that a torn line is always the last of its file.
 */
export class Journal {
  private readonly waiting: Array<Waiter> = [];
  private draining = false;
  private handle?: FileHandle;
  private file?: string;
  /** Bytes appended to the current file. */
  bytes = 0;

  constructor(private readonly root: string, private next: number, private readonly durable: (changes: Change[]) => void) {}

  /** Resolves once the changes are on disk. */
  append(changes: Change[]): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({ changes, resolve, reject }));
  }

  /**
   * Later appends go to a new file. Resolves with the file that holds every change
   * appended before, or undefined when nothing was appended since the last rotation.
   */
  rotate(): Promise<string | undefined> {
    return new Promise((resolve) => this.enqueue({ rotate: true, resolve }));
  }

  /** Removes a file rotated away, once every change in it is in the items' own files. */
  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
    await syncFolder(this.root);
  }

  private enqueue(waiter: Waiter): void {
    this.waiting.push(waiter);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.waiting.length) {
      const first = this.waiting[0];
      if ('rotate' in first) {
        this.waiting.shift();
        first.resolve(await this.close());
        continue;
      }
      const end = this.waiting.findIndex((waiter) => 'rotate' in waiter);
      const batch = this.waiting.splice(0, end < 0 ? this.waiting.length : end) as Array<Extract<Waiter, { changes: unknown }>>;
      const text = batch.map(({ changes }) => `${changeLine(changes)}\n`).join('');
      try {
        const handle = await this.open();
        await handle.appendFile(text);
        await handle.datasync();
        this.bytes += Buffer.byteLength(text);
      } catch (error) {
        await this.close().catch(() => undefined);
        for (const waiter of batch) waiter.reject(error);
        continue;
      }
      for (const { changes } of batch) this.durable(changes);
      for (const waiter of batch) waiter.resolve();
    }
    this.draining = false;
  }

  private async open(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await fs.mkdir(this.root, { recursive: true });
    const file = path.join(this.root, `%%journal.${this.next++}`);
    const handle = await fs.open(file, 'a');
    // The new file's name must be on disk before anything in it is acknowledged.
    await syncFolder(this.root).catch(async (error) => {
      await handle.close();
      throw error;
    });
    this.handle = handle;
    this.file = file;
    this.bytes = 0;
    return handle;
  }

  private async close(): Promise<string | undefined> {
    const { handle, file } = this;
    this.handle = undefined;
    this.file = undefined;
    await handle?.close();
    return file;
  }
}

/**
 * Every change the journal files in `root` hold, oldest first, with the files and the
 * number the next file is to have. A file removed meanwhile (its owner has checkpointed
 * it) is skipped: its changes are in the items' files.
 */
export async function readJournals(root: string): Promise<{ changes: Change[]; files: string[]; next: number }> {
  const numbered = (await namesIn(root)).flatMap((name) => {
    const match = JOURNAL_FILE.exec(name);
    return match ? [{ file: path.join(root, name), n: Number(match[1]) }] : [];
  }).sort((a, b) => a.n - b.n);
  const changes: Change[] = [];
  for (const { file } of numbered) {
    const text = await fs.readFile(file, 'utf8').catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    });
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const parsed = JSON.parse(line) as Array<[string, unknown]>;
        changes.push(...parsed.map(([key, value]): Change => [key, value === null ? null : JSON.stringify(value)]));
      } catch {
        break;
      }
    }
  }
  return { changes, files: numbered.map(({ file }) => file), next: numbered.length ? numbered[numbered.length - 1].n + 1 : 0 };
}

/** One append: the changes as a JSON array of [key, value] pairs, the values' JSON as it is. */
function changeLine(changes: Change[]): string {
  return `[${changes.map(([key, json]) => `[${JSON.stringify(key)},${json ?? 'null'}]`).join(',')}]`;
}

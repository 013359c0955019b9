import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { StoreItem, StoreItems } from 'botbuilder';
import { ETagConflict, TicketStorage } from './storage';
import { KeyedLock } from './keyedLock';

/** What one file holds: the key (so that a hashed file name can be listed), the eTag and the item. */
interface StoredFile {
  key: string;
  eTag: string;
  item: StoreItem;
}

/** Longest encoded file name kept readable; longer keys (Teams conversation ids can be long) are hashed. */
const MAX_NAME = 180;
/** encodeURIComponent never produces "%%", so hashed names cannot collide with encoded ones. */
const HASHED = '%%';
/** Namespace folder for keys without a "/"; encodeURIComponent never produces a lone "%". */
const NO_NAMESPACE = '%';

/**
 * Storage on local disk, one JSON file per key under `root/<namespace>/`. Every write is
 * durable before it resolves: the new content goes to a temporary file that is fsynced,
 * then renamed over the old one (create: hard-linked, which fails if the key exists), and
 * the folder is fsynced so that the rename survives a crash. A reader sees the old item or
 * the new one, never half of one; `kill -9` at any moment loses no write that resolved.
 *
 * eTag checks are atomic within one process. Several bot instances must not share a
 * folder: they use Azure Blob Storage.
 */
export class FileStorage implements TicketStorage {
  private readonly lock = new KeyedLock();
  private readonly folders = new Set<string>();
  /** Temporary files older than this were left by an earlier process that crashed mid-write. */
  private readonly openedAt = Date.now();
  private cleared?: Promise<void>;

  constructor(readonly root: string) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const stored = await this.load(this.fileOf(key));
        if (stored) items[key] = { ...stored.item, eTag: stored.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, { eTag, ...item }]) =>
        this.lock.run(key, async () => {
          if (eTag && eTag !== '*' && (await this.load(this.fileOf(key)))?.eTag !== eTag) throw new ETagConflict(key);
          await this.put(key, item, (temporary, file) => fs.rename(temporary, file));
        }),
      ),
    );
  }

  create(key: string, { eTag: _eTag, ...item }: StoreItem): Promise<boolean> {
    return this.lock.run(key, () =>
      this.put(key, item, async (temporary, file) => {
        // link() is atomic and refuses an existing target, even against another process.
        await fs.link(temporary, file).finally(() => fs.unlink(temporary));
      }).then(
        () => true,
        (error) => {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
          throw error;
        },
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        this.lock.run(key, async () => {
          const file = this.fileOf(key);
          await fs.rm(file, { force: true });
          await syncFolder(path.dirname(file));
        }),
      ),
    );
  }

  async list(namespace: string): Promise<string[]> {
    const folder = path.join(this.root, folderName(namespace));
    const names = await fs.readdir(folder).catch((error) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [] as string[];
      throw error;
    });
    const keys = await Promise.all(
      names
        .filter((name) => name.endsWith('.json'))
        .map(async (name) => {
          const base = name.slice(0, -'.json'.length);
          if (!base.startsWith(HASHED)) return `${namespace}/${decodeURIComponent(base)}`;
          return (await this.load(path.join(folder, name)))?.key;
        }),
    );
    return keys.filter((key): key is string => key !== undefined).sort();
  }

  private fileOf(key: string): string {
    const slash = key.indexOf('/');
    const namespace = slash < 0 ? undefined : key.slice(0, slash);
    const encoded = encodeURIComponent(key.slice(slash + 1));
    const name = encoded.length > MAX_NAME ? `${HASHED}${createHash('sha256').update(key).digest('hex')}` : encoded;
    return path.join(this.root, namespace === undefined ? NO_NAMESPACE : folderName(namespace), `${name}.json`);
  }

  private async load(file: string): Promise<StoredFile | undefined> {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as StoredFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Writes the item to a fsynced temporary file, lets `commit` move it into place, and fsyncs the folder. */
  private async put(key: string, item: StoreItem, commit: (temporary: string, file: string) => Promise<void>): Promise<void> {
    const file = this.fileOf(key);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await fs.mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    await (this.cleared ??= clearAbandonedWrites(this.root, this.openedAt));
    const stored: StoredFile = { key, eTag: randomBytes(8).toString('hex'), item };
    // Never "*.json": a temporary file left by a crash is not listed as an item.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(temporary, 'wx');
    try {
      await handle.writeFile(JSON.stringify(stored));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await commit(temporary, file);
    await syncFolder(folder);
  }
}

/** A namespace's folder name: encoded, and never "." or "..". */
function folderName(namespace: string): string {
  return encodeURIComponent(namespace).replace(/^\./, '%2E');
}

/** Removes temporary files written before `before` in the namespace folders: writes a crash interrupted, never renamed into place. */
async function clearAbandonedWrites(root: string, before: number): Promise<void> {
  const folders = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((entry) => entry.isDirectory())) {
    const names = await fs.readdir(path.join(root, folder.name));
    for (const name of names.filter((n) => n.endsWith('.tmp'))) {
      const file = path.join(root, folder.name, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < before) await fs.rm(file, { force: true });
    }
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

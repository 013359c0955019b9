import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ETagConflict, StoreItem, StoreItems } from './keyValueStore';
import type { TicketStorage } from './storage';
import { BoundedMap } from '../memory/boundedMap';
import { KeyedLock } from './keyedLock';
import { Change, Journal, readJournals } from './journal';
import { log } from '../observability/log';
import { namesIn, syncFolder } from './files';
import { UnwrittenBounds, UnwrittenChanges } from './unwrittenChanges';

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

/** How often journaled changes are written to the items' own files while there are writes. */
const CHECKPOINT_MS = 500;
/** A journal this large is checkpointed at once: it bounds the memory of changes not yet in their files. */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;
/**
 * Items written to their files at once during a checkpoint. Each write holds one of
 * libuv's four threads for its open, write, fsync and rename: two leave the others to the
 * journal's appends, which every turn waits for (with 32, they queued behind a checkpoint
 * for tens of milliseconds twice a second).
 */
const CHECKPOINT_BATCH = 2;
/** Items written at once by a checkpoint that is behind: the turns' writes would soon wait for it (and fsyncs in parallel share the disk's flushes). */
const CATCH_UP_BATCH = 16;
/**
 * Files whose text is kept, and their characters in all: a turn's reads (its conversation
 * transcript, the ticket link its chat does not have) are served from memory instead of
 * opening a file, or failing to. Past them the least recently used is read from its file again.
 */
const KEPT_FILES = { maxEntries: 10_000, maxWeight: 16 * 1024 * 1024 };
/** Items written at once while a previous process's journal is replayed: nothing waits beside it. Bounds the open descriptors. */
const RECOVERY_BATCH = 32;

export interface FileStorageOptions {
  /**
   * For a process that reads a folder another process writes (a report beside the
   * running bot): it reads the journal as it is when opened and never writes.
   */
  readOnly?: boolean;
  /** What is held in memory at most (UNWRITTEN_BOUNDS and KEPT_FILES by default; smaller in tests). */
  memory?: { unwritten?: UnwrittenBounds; keptFiles?: { maxEntries: number; maxWeight: number } };
}

/**
 * Storage on local disk, one JSON file per key under `root/<namespace>/`. Every write is
 * durable before it resolves, and many writes share one fsync (group commit): a write is
 * appended to a journal (storage/journal.ts) that is fsynced once for every write that
 * arrived meanwhile, and served from memory from then on. Every half second the latest
 * value of each key written is put in its own file (temporary file fsynced, renamed into
 * place, folder fsynced), and the journal is dropped. Opening the storage replays what a
 * crash left in the journal first: `kill -9` at any moment loses no write that resolved,
 * and a turn's write costs an append, not four file operations and two fsyncs.
 *
 * eTag checks are atomic within one process. Several bot instances must not share a
 * folder: they use Azure Blob Storage.
 */
export class FileStorage implements TicketStorage {
  private readonly lock = new KeyedLock();
  private readonly folders = new Set<string>();
  private readonly pending: UnwrittenChanges;
  /** What files hold (JSON text, null for none) as this process last read or wrote them; none when read-only: another process writes. */
  private readonly files?: BoundedMap<string, string | null>;
  private readonly journal?: Journal;
  /** Replay of the journal a previous process left (read-only: the journal read into memory). */
  private readonly ready: Promise<void>;
  private checkpointTimer?: NodeJS.Timeout;
  private checkpointing: Promise<void> = Promise.resolve();
  /** The last checkpoint failed: writers waiting for room are told, instead of waiting for ever. */
  private checkpointFailed = false;
  private nextCheckpoint?: Promise<void>;
  /** Journal files rotated away whose changes are not all in their items' files yet. */
  private readonly journalsToDrop: string[] = [];

  constructor(readonly root: string, private readonly options: FileStorageOptions = {}) {
    this.pending = new UnwrittenChanges(options.memory?.unwritten);
    this.ready = this.recover();
    // A failed replay is reported by every call that waits for it, not as an unhandled rejection.
    this.ready.catch(() => undefined);
    if (!options.readOnly) {
      this.journal = new Journal(root, 0, (changes) => this.journaled(changes));
      this.files = new BoundedMap({ ...(options.memory?.keptFiles ?? KEPT_FILES), weigh: (json) => json?.length ?? 0 });
    }
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.ready;
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        // Under the key's lock: a file loaded while a write of the key goes to the journal and
        // its file would be remembered as it was before.
        const known = this.known(key);
        const stored = known !== undefined ? known : await this.lock.run(key, () => this.current(key));
        if (stored) items[key] = { ...stored.item, eTag: stored.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const journal = await this.writable();
    await Promise.all(
      Object.entries(changes).map(([key, { eTag, ...item }]) =>
        this.lock.run(key, async () => {
          if (eTag && eTag !== '*' && (await this.current(key))?.eTag !== eTag) throw new ETagConflict(key);
          await journal.append([[key, stored(key, item)]]);
        }),
      ),
    );
  }

  async create(key: string, { eTag: _eTag, ...item }: StoreItem): Promise<boolean> {
    const journal = await this.writable();
    return this.lock.run(key, async () => {
      if (await this.current(key)) return false;
      await journal.append([[key, stored(key, item)]]);
      return true;
    });
  }

  async delete(keys: string[]): Promise<void> {
    const journal = await this.writable();
    await Promise.all(keys.map((key) => this.lock.run(key, () => journal.append([[key, null]]))));
  }

  async list(namespace: string): Promise<string[]> {
    await this.ready;
    const folder = path.join(this.root, folderName(namespace));
    const inFiles = await Promise.all(
      (await namesIn(folder))
        .filter((name) => name.endsWith('.json'))
        .map(async (name) => {
          const base = name.slice(0, -'.json'.length);
          if (!base.startsWith(HASHED)) return `${namespace}/${decodeURIComponent(base)}`;
          return (await this.load(path.join(folder, name)))?.key;
        }),
    );
    const keys = new Set(inFiles.filter((key): key is string => key !== undefined));
    for (const [key, json] of this.pending.snapshot()) {
      if (!key.startsWith(`${namespace}/`)) continue;
      if (json !== null) keys.add(key);
      else keys.delete(key);
    }
    return [...keys].sort();
  }

  /**
   * Puts the latest journaled value of every key in its own file, durably, then drops
   * the journal that held them. Runs on its own while there are writes; waiting for it
   * leaves every item in its file (a clean shutdown, tests of the files).
   */
  checkpoint(): Promise<void> {
    if (!this.journal) return Promise.resolve();
    // One runs at a time and one waits at most: the waiting one writes everything journaled by the time it starts.
    this.nextCheckpoint ??= this.checkpointing.then(() => {
      this.nextCheckpoint = undefined;
      return this.writeJournaledFiles();
    });
    this.checkpointing = this.nextCheckpoint;
    return this.nextCheckpoint;
  }

  flush(): Promise<void> {
    return this.checkpoint();
  }

  /** Items held in memory now: changes waiting for their files, and files' texts kept. */
  get held(): { unwritten: number; keptFiles: number } {
    return { unwritten: this.pending.size, keptFiles: this.files?.size ?? 0 };
  }

  private async writable(): Promise<Journal> {
    if (!this.journal) throw new Error(`FileStorage: ${this.root} is open read-only`);
    await this.ready;
    while (this.pending.full) {
      const roomMade = this.pending.roomMade();
      void this.checkpoint();
      await roomMade;
      if (this.checkpointFailed && this.pending.full) throw new Error(`FileStorage: ${this.pending.size} changes wait for their files in ${this.root} and writing them failed`);
    }
    return this.journal;
  }

  /** The journal of a previous process: into the files (and dropped), or into memory when read-only. */
  private async recover(): Promise<void> {
    const { changes, files } = await readJournals(this.root);
    for (const change of changes) this.pending.set(change);
    if (this.options.readOnly) return;
    await clearAbandonedWrites(this.root);
    if (!files.length) return;
    await this.writeFiles(this.pending.snapshot(), RECOVERY_BATCH);
    this.pending.clear();
    for (const file of files) await fs.rm(file, { force: true });
    await syncFolder(this.root);
  }

  /** Called once changes are on disk in the journal, before their writers resume. */
  private journaled(changes: Change[]): void {
    for (const change of changes) this.pending.set(change);
    if (this.journal!.bytes >= CHECKPOINT_BYTES) {
      clearTimeout(this.checkpointTimer);
      this.checkpointTimer = undefined;
      void this.checkpoint();
    } else {
      this.checkpointTimer ??= setTimeout(() => {
        this.checkpointTimer = undefined;
        void this.checkpoint();
      }, CHECKPOINT_MS).unref();
    }
  }

  private async writeJournaledFiles(): Promise<void> {
    this.checkpointFailed = false;
    try {
      const closed = await this.journal!.rotate();
      if (closed) this.journalsToDrop.push(closed);
      if (!this.journalsToDrop.length) return;
      // Each change leaves memory once its file is written: the journal still holds it until every one is.
      await this.writeFiles(this.pending.snapshot(), this.pending.behind ? CATCH_UP_BATCH : CHECKPOINT_BATCH, (written) => {
        for (const change of written) if (this.pending.written(change)) this.files?.set(...change);
        this.pending.madeRoom();
      });
      // Oldest first: a journal left after a failed checkpoint must not outlive a newer one (a restart would replay it last).
      while (this.journalsToDrop.length) await this.journal!.remove(this.journalsToDrop.shift()!);
    } catch (error) {
      // The journal files stay and hold every change: the next checkpoint, or the next start, writes them.
      this.checkpointFailed = true;
      log.warn({ err: error }, 'storage: checkpoint failed');
    } finally {
      this.pending.madeRoom();
    }
  }

  /** Each item durably in its own file (a deleted one removed), then each folder touched fsynced. */
  private async writeFiles(items: Change[], batch: number, written?: (changes: Change[]) => void): Promise<void> {
    const touched = new Set<string>();
    for (let i = 0; i < items.length; i += batch) {
      const slice = items.slice(i, i + batch);
      await Promise.all(
        slice.map(async ([key, json]) => {
          const file = this.fileOf(key);
          touched.add(path.dirname(file));
          if (json !== null) await this.put(file, json);
          else await fs.rm(file, { force: true });
        }),
      );
      written?.(slice);
    }
    for (const folder of touched) await syncFolder(folder).catch((error) => {
      // A folder that never held a file (a key deleted before it was ever written) is fine.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  }

  /**
   * The item a key holds now: journaled, or in its file. Call with the key's lock held
   * (or none held by anyone: read-only), so that no write of the key runs meanwhile.
   */
  private async current(key: string): Promise<StoredFile | undefined> {
    const known = this.known(key);
    if (known !== undefined) return known ?? undefined;
    const json = await fileText(this.fileOf(key));
    this.files?.set(key, json);
    return json === null ? undefined : (JSON.parse(json) as StoredFile);
  }

  /** The item a key holds now if it is known without reading its file: null when it has none. */
  private known(key: string): StoredFile | null | undefined {
    const pending = this.pending.get(key);
    const json = pending !== undefined ? pending : this.files?.get(key);
    if (json === undefined) return undefined;
    return json === null ? null : (JSON.parse(json) as StoredFile);
  }

  private fileOf(key: string): string {
    const slash = key.indexOf('/');
    const namespace = slash < 0 ? undefined : key.slice(0, slash);
    const encoded = encodeURIComponent(key.slice(slash + 1));
    const name = encoded.length > MAX_NAME ? `${HASHED}${createHash('sha256').update(key).digest('hex')}` : encoded;
    return path.join(this.root, namespace === undefined ? NO_NAMESPACE : folderName(namespace), `${name}.json`);
  }

  private async load(file: string): Promise<StoredFile | undefined> {
    const json = await fileText(file);
    return json === null ? undefined : (JSON.parse(json) as StoredFile);
  }

  /** Writes a key's file content to a fsynced temporary file and renames it over the file. */
  private async put(file: string, json: string): Promise<void> {
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      await fs.mkdir(folder, { recursive: true });
      this.folders.add(folder);
    }
    // Never "*.json": a temporary file left by a crash is not listed as an item.
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(temporary, 'wx');
    try {
      await handle.writeFile(json);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  }
}

/** A file's text; null when there is no such file. */
async function fileText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * What a key's file is to hold, with a new eTag, as JSON text. A random UUID: Node draws
 * them from a buffer filled in bulk, where randomBytes asks OpenSSL on every call.
 */
function stored(key: string, item: StoreItem): string {
  return JSON.stringify({ key, eTag: randomUUID(), item } satisfies StoredFile);
}

/** Removes the temporary files of writes a crash interrupted before their rename: no process of this storage runs yet. */
async function clearAbandonedWrites(root: string): Promise<void> {
  const folders = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((entry) => entry.isDirectory())) {
    const names = await namesIn(path.join(root, folder.name));
    await Promise.all(names.filter((name) => name.endsWith('.tmp')).map((name) => fs.rm(path.join(root, folder.name, name), { force: true })));
  }
}

/** A namespace's folder name: encoded, and never "." or "..". */
function folderName(namespace: string): string {
  return encodeURIComponent(namespace).replace(/^\./, '%2E');
}

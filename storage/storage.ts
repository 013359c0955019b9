/*
 * storage/: where the bot's records last: a key-value store (keyValueStore.ts) plus
 * create-if-absent and listing, on local files or Azure Blob Storage.
 */
import { ETagConflict, KeyValueStore, StoreItem, StoreItems } from './keyValueStore';

/**
 * A key-value store (read, write with eTag concurrency, delete), plus the two things
 * tickets need that it lacks: writing a key only if nobody has (a ticket id is checked
 * for collisions and a click is made idempotent without a lock), and listing the keys of
 * a namespace (the outbox, registrations and reports are found again after a restart).
 */
export interface TicketStorage extends KeyValueStore {
  /** Writes the item only if no item has the key; false (and nothing written) if one has. */
  create(key: string, item: StoreItem): Promise<boolean>;
  /** Keys of every item in the namespace ("outbox" lists "outbox/..."). */
  list(namespace: string): Promise<string[]>;
  /** Leaves every write where a new process finds it fastest (a clean shutdown); storage that writes through has nothing to do. */
  flush?(): Promise<void>;
}

/** One item, or undefined; the eTag stays in the item so that it can be written back conditionally. */
export async function readItem<T extends object>(storage: KeyValueStore, key: string): Promise<(T & { eTag: string }) | undefined> {
  return (await storage.read([key]))[key] as (T & { eTag: string }) | undefined;
}

/** Every item of a namespace, read in batches (see readBatched). */
export async function readAll<T extends object>(storage: TicketStorage, namespace: string): Promise<T[]> {
  const keys = await storage.list(namespace);
  const found = await readBatched(storage, keys);
  return keys.filter((key) => found[key]).map((key) => withoutETag(found[key]) as T);
}

/** The items of these keys, read in batches so that thousands of keys do not open thousands of files at once. */
export async function readBatched(storage: KeyValueStore, keys: string[], batch = 64): Promise<StoreItems> {
  const items: StoreItems = {};
  for (let i = 0; i < keys.length; i += batch) Object.assign(items, await storage.read(keys.slice(i, i + batch)));
  return items;
}

/** Conflicting writes retried before giving up: each retry re-reads, so this bounds a pathological storm only. */
const UPDATE_ATTEMPTS = 20;

/**
 * Writes `change(current)` over the item at `key` (`current` undefined when there is none:
 * then it is created, only if still absent), on condition that nobody wrote it in between;
 * if somebody did, reads again and applies `change` to what they wrote. `change` returning
 * undefined writes nothing. Returns what was written.
 */
export async function updateItem<T extends object>(storage: TicketStorage, key: string,
  change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    const stored = await readItem<T>(storage, key);
    const next = change(stored && (withoutETag(stored) as T));
    if (next === undefined) return undefined;
    try {
      if (!stored) {
        if (await storage.create(key, next)) return next;
        throw new ETagConflict(key);
      }
      await storage.write({ [key]: { ...next, eTag: stored.eTag } });
      return next;
    } catch (error) {
      if (!(error instanceof ETagConflict) || attempt >= UPDATE_ATTEMPTS) throw error;
    }
  }
}

export function withoutETag<T extends { eTag?: string }>(item: T): Omit<T, 'eTag'> {
  const { eTag: _eTag, ...rest } = item;
  return rest;
}

/**
 * The part of `storage` under one namespace, as a plain key-value store. Conversation
 * keys begin with the caller's channel id ("msteams/conversations/..."): under a
 * namespace of our own, a channel id of "ticket" or "helpdesk" names no other record.
 */
export function namespaced(storage: KeyValueStore, namespace: string): KeyValueStore {
  const prefix = `${namespace}/`;
  return {
    async read(keys: string[]): Promise<StoreItems> {
      const found = await storage.read(keys.map((key) => prefix + key));
      const items: StoreItems = {};
      for (const key of keys) if (found[prefix + key]) items[key] = found[prefix + key];
      return items;
    },
    write: (changes: StoreItems) => storage.write(Object.fromEntries(Object.entries(changes).map(([key, item]) => [prefix + key, item]))),
    delete: (keys: string[]) => storage.delete(keys.map((key) => prefix + key)),
  };
}

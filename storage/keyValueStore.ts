/**
 * The product's own key-value store: read, write with eTag concurrency, delete. The same
 * contract as botbuilder's Storage (so a store could still be handed to the SDK through
 * an adapter in bot/), without importing the Bot Framework below bot/.
 */

/** One record: a JSON object; `eTag` is the version the store gave it when read. */
export interface StoreItem {
  [property: string]: any;
  eTag?: string;
}

/** Records by key. */
export interface StoreItems {
  [key: string]: any;
}

/**
 * Keys are "namespace/name". A write whose eTag is neither missing nor "*" succeeds only
 * if the stored item has that eTag; otherwise it throws ETagConflict. Reading a missing
 * key leaves it out of the result; deleting one is not an error.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** Someone else changed the item since it was read. */
export class ETagConflict extends Error {
  constructor(readonly key: string) {
    super(`Storage: "${key}" was changed by someone else (eTag conflict)`);
    this.name = 'ETagConflict';
  }
}

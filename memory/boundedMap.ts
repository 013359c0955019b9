/*
 * memory/: what the process keeps in memory of what callers create (conversations,
 * questions, files read), always bounded. Depends on nothing: every part may use it.
 */

export interface MapBounds<K, V> {
  /** Entries kept at most; the least recently used goes first. */
  maxEntries: number;
  /** What an entry weighs (characters, bytes), when the weight of all of them is bounded too. */
  weigh?: (value: V, key: K) => number;
  /** Weight of all entries together at most (with `weigh`); the least recently used go first. */
  maxWeight?: number;
  /** Told of every entry dropped to keep the bounds (not of those deleted or replaced). */
  evicted?: (key: K, value: V) => void;
}

/**
 * A Map that keeps at most `maxEntries` entries (and `maxWeight` in all): setting one
 * more drops the least recently used. Map order is insertion order: every get or set
 * re-inserts its entry last, so the first is the stalest. What is dropped is a copy of
 * what lives elsewhere (the store on disk, the knowledge) or what may be forgotten.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private totalWeight = 0;

  constructor(private readonly bounds: MapBounds<K, V>) {
    if (!(bounds.maxEntries >= 1)) throw new RangeError(`BoundedMap: maxEntries must be at least 1, not ${bounds.maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Weight of all entries (0 without `weigh`). */
  get weight(): number {
    return this.totalWeight;
  }

  /** The value, made the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value, without changing its order. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Keeps the value as the most recently used, then drops the least recently used past the bounds (never this one). */
  set(key: K, value: V): this {
    this.delete(key);
    const weight = this.bounds.weigh?.(value, key) ?? 0;
    this.entries.set(key, { value, weight });
    this.totalWeight += weight;
    const maxWeight = this.bounds.maxWeight ?? Infinity;
    for (const [oldest, entry] of this.entries) {
      if (oldest === key || (this.entries.size <= this.bounds.maxEntries && this.totalWeight <= maxWeight)) break;
      this.delete(oldest);
      this.bounds.evicted?.(oldest, entry.value);
    }
    return this;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
    return true;
  }

  /** Keys, least recently used first. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  /** Entries, least recently used first. */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const [key, { value }] of this.entries) yield [key, value];
  }
}

import type { Change } from './journal';

export interface UnwrittenBounds {
  /** Keys whose change may wait for its file. */
  maxKeys: number;
  /** Characters of keys and JSON text waiting in all. */
  maxChars: number;
}

/**
 * Past these, writers wait for the checkpoint to put changes in their files. A new
 * conversation's transcript is about 1,000 characters with its key; a checkpoint that is
 * behind writes files 16 at a time, thousands a second on an SSD.
 */
const UNWRITTEN_BOUNDS: UnwrittenBounds = { maxKeys: 10_000, maxChars: 16 * 1024 * 1024 };

/**
 * Changes journaled and not yet in their items' files: a key's file as JSON text, or
 * null when it was deleted. Served from here until the checkpoint writes them. Bounded:
 * when turns write new keys faster than files can be written (every message in a new
 * conversation), writers wait for room, so memory stays put and the disk sets the pace.
 */
export class UnwrittenChanges {
  private readonly changes = new Map<string, string | null>();
  private chars = 0;
  private waiting: Array<() => void> = [];

  constructor(private readonly bounds: UnwrittenBounds = UNWRITTEN_BOUNDS) {}

  get size(): number {
    return this.changes.size;
  }

  /** More waits than the bounds allow: writers wait for room. */
  get full(): boolean {
    return this.changes.size > this.bounds.maxKeys || this.chars > this.bounds.maxChars;
  }

  /** A quarter of the bounds waits: the checkpoint writes more files at once, or writers will soon wait. */
  get behind(): boolean {
    return this.changes.size > this.bounds.maxKeys / 4 || this.chars > this.bounds.maxChars / 4;
  }

  get(key: string): string | null | undefined {
    return this.changes.get(key);
  }

  set([key, json]: Change): void {
    this.forget(key);
    this.changes.set(key, json);
    this.chars += key.length + (json?.length ?? 0);
  }

  /** Forgets a change now in its file, unless the key was written again meanwhile (that one is in the next journal). True when forgotten. */
  written([key, json]: Change): boolean {
    if (this.changes.get(key) !== json) return false;
    this.forget(key);
    return true;
  }

  clear(): void {
    this.changes.clear();
    this.chars = 0;
  }

  /** The changes now, oldest key first. */
  snapshot(): Change[] {
    return [...this.changes];
  }

  /** Resolves once the checkpoint has written some files (or ended): there may be room. */
  roomMade(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Wakes the writers waiting for room. */
  madeRoom(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private forget(key: string): void {
    const json = this.changes.get(key);
    if (json === undefined) return;
    this.changes.delete(key);
    this.chars -= key.length + (json?.length ?? 0);
  }
}

/**
 * What this process last read from or wrote to each key's file, as JSON text, or null
 * for no file: a turn's reads (its conversation transcript, the ticket link its chat
 * does not have) are then served from memory instead of opening a file, or failing to.
 * Only for the one process that writes the folder. The least recently used goes first
 * past MAX_KEYS keys or MAX_CHARS characters in all.
 */
const MAX_KEYS = 10_000;
const MAX_CHARS = 16 * 1024 * 1024;

export class FileContents {
  private readonly contents = new Map<string, string | null>();
  private chars = 0;

  /** The key's file as JSON text, null when there is none, undefined when not known. */
  get(key: string): string | null | undefined {
    const json = this.contents.get(key);
    if (json === undefined) return undefined;
    // Map order is insertion order: re-inserted last, the least recently used is first.
    this.contents.delete(key);
    this.contents.set(key, json);
    return json;
  }

  set(key: string, json: string | null): void {
    this.forget(key);
    this.contents.set(key, json);
    this.chars += json?.length ?? 0;
    for (const oldest of this.contents.keys()) {
      if (this.contents.size <= MAX_KEYS && this.chars <= MAX_CHARS) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    this.chars -= this.contents.get(key)?.length ?? 0;
    this.contents.delete(key);
  }
}

/**
 * Runs async work one at a time per key, in call order; different keys run in parallel.
 * Used where a read-check-write must not interleave with another on the same key in
 * this process (eTag checks in FileStorage, syncing one ticket in the outbox).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget the key once nothing waits on it, so the map stays as small as the work in flight.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

interface Entry<T> {
  value: Promise<T>;
  loadedAt: number;
  /** Set once the load succeeded. */
  loaded?: { value: T };
}

export interface LruCacheOptions {
  capacity: number;
  /** Entries older than this are loaded again: the safety net if a change notice was lost. */
  ttlMs?: number;
}

/**
 * A least-recently-used cache of promises. It holds the load's promise, so concurrent first
 * requests for a key share one load, and a delete during a load drops that load's result too.
 * A failed load is forgotten.
 */
export class LruCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  /** The key last in recency order: a hit on it needs no reordering. */
  #mostRecent: string | undefined;

  constructor(private readonly options: LruCacheOptions) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && !this.#expired(hit)) {
      this.#markUsed(key, hit);
      return hit.value;
    }
    if (hit) this.delete(key);
    const entry: Entry<T> = { value: load(), loadedAt: Date.now() };
    this.#entries.set(key, entry);
    this.#mostRecent = key;
    entry.value.then(
      (value) => (entry.loaded = { value }),
      () => {
        if (this.#entries.get(key) === entry) this.delete(key);
      },
    );
    while (this.#entries.size > this.options.capacity) {
      this.delete(this.#entries.keys().next().value!);
    }
    return entry.value;
  }

  /** The value if it is loaded and fresh (marking it recently used); no promise to await. */
  peek(key: string): T | undefined {
    const hit = this.#entries.get(key);
    if (!hit?.loaded || this.#expired(hit)) return undefined;
    this.#markUsed(key, hit);
    return hit.loaded.value;
  }

  has(key: string): boolean {
    const hit = this.#entries.get(key);
    return hit !== undefined && !this.#expired(hit);
  }

  delete(key: string): void {
    this.#entries.delete(key);
    if (key === this.#mostRecent) this.#mostRecent = undefined;
  }

  /** Deletes every entry whose value matches, and every entry still loading (it may be stale). */
  deleteWhere(matches: (value: T) => boolean): void {
    for (const [key, entry] of [...this.#entries]) {
      if (!entry.loaded || matches(entry.loaded.value)) this.delete(key);
    }
  }

  #markUsed(key: string, entry: Entry<T>): void {
    if (key === this.#mostRecent) return;
    // Re-inserting moves the key to the end: Map iteration order is the recency order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#mostRecent = key;
  }

  #expired(entry: Entry<T>): boolean {
    return this.options.ttlMs !== undefined && Date.now() - entry.loadedAt > this.options.ttlMs;
  }
}

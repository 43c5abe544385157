/**
 * A least-recently-used cache of loaded models keyed by model version id. It holds the load's
 * promise, so concurrent first requests for a version share one read; a failed load is forgotten.
 */
export class ModelCache<T> {
  readonly #entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit) {
      // Re-inserting moves the key to the end: Map iteration order is the recency order.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const loading = load();
    this.#entries.set(key, loading);
    loading.catch(() => {
      if (this.#entries.get(key) === loading) this.#entries.delete(key);
    });
    while (this.#entries.size > this.capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return loading;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }
}

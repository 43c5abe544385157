import { Redis } from 'ioredis';
import { deepFreeze, type OrgReadCache } from './org-read-cache.js';

interface Entry {
  orgId: string;
  /** The org's generation read before the value was loaded; the entry is valid while it holds. */
  generation: string;
  storedAt: number;
  value: Promise<unknown>;
}

/**
 * Scale mode: the same exact reads as embedded mode's MemoryOrgReadCache, with the generations
 * in Redis so a write on any server makes every server's entries for that org stale. A hit costs
 * one Redis GET instead of the reads it saves in PostgreSQL (an API key, a membership, a role).
 *
 * A generation is read before its value is loaded, so a write that commits during the load leaves
 * the entry stale at once. When Redis cannot answer, reads go to PostgreSQL uncached; an
 * invalidation that could not reach Redis is reported, and `maxAgeMs` bounds how long another
 * server may then keep the old entry.
 */
export class RedisOrgReadCache implements OrgReadCache {
  readonly #redis: Redis;
  readonly #entries = new Map<string, Entry>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void,
    private readonly maxEntries = 20_000,
    private readonly maxAgeMs = 60_000,
  ) {
    // Fail fast: a slow Redis must not hold requests that PostgreSQL can answer.
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
    this.#redis.on('error', onError);
  }

  async get<V>(orgId: string, key: string, load: () => Promise<V>): Promise<V> {
    const generation = await this.#generations(this.#orgKey(orgId));
    if (generation === null) return load();
    const hit = this.#fresh(key);
    if (hit && hit.orgId === orgId && hit.generation === generation[0])
      return hit.value as Promise<V>;
    // The in-flight promise is cached too, so concurrent misses share one load.
    const value = load().then(deepFreeze);
    const entry = { orgId, generation: generation[0]!, storedAt: Date.now(), value };
    this.#remember(key, entry);
    value.catch(() => this.#forget(key, entry));
    return value;
  }

  async getByLoadedOrg<V>(
    key: string,
    load: () => Promise<{ orgId: string; value: V } | null>,
  ): Promise<V | null> {
    const hit = this.#fresh(key);
    if (hit) {
      const generation = await this.#generations(this.#orgKey(hit.orgId));
      if (generation?.[0] === hit.generation) return hit.value as Promise<V>;
    }
    // The org is known only after the load, so the instance-wide generation stands in for it:
    // the value is kept only if no org at all changed while it loaded.
    const before = await this.#generations(this.#anyKey());
    const loaded = await load();
    if (!loaded) return null; // misses are not cached, so random tokens cannot fill memory
    const value = deepFreeze(loaded.value);
    const after = before && (await this.#generations(this.#anyKey(), this.#orgKey(loaded.orgId)));
    if (after && after[0] === before[0]) {
      const entry = { orgId: loaded.orgId, generation: after[1]!, storedAt: Date.now() };
      this.#remember(key, { ...entry, value: Promise.resolve(value) });
    }
    return value;
  }

  async invalidate(orgId: string): Promise<void> {
    try {
      await this.#redis.multi().incr(this.#orgKey(orgId)).incr(this.#anyKey()).exec();
    } catch (error) {
      this.onError(error);
    }
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }

  /** Current generations of the keys ('0' for one never bumped); null when Redis cannot answer. */
  async #generations(...keys: string[]): Promise<string[] | null> {
    try {
      return (await this.#redis.mget(...keys)).map((value) => value ?? '0');
    } catch (error) {
      this.onError(error);
      return null;
    }
  }

  #fresh(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && Date.now() - entry.storedAt < this.maxAgeMs) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  #remember(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // Map iteration is insertion order: the first key is the least recently stored.
    if (this.#entries.size > this.maxEntries)
      this.#entries.delete(this.#entries.keys().next().value!);
  }

  #forget(key: string, entry: Entry): void {
    if (this.#entries.get(key) === entry) this.#entries.delete(key);
  }

  #orgKey(orgId: string): string {
    return `${this.prefix}org:${orgId}`;
  }

  #anyKey(): string {
    return `${this.prefix}any`;
  }
}

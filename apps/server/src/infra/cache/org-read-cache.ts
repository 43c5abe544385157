/**
 * Cached reads that are exact, not eventually consistent: every entry remembers the generation of
 * its organization when it was loaded, and every committed mutation of an org bumps that org's
 * generation (see audited-transaction.ts), so a later read never sees an entry older than the
 * last write. Embedded mode is one process, so the generations kept here see every write.
 */
export interface OrgReadCache {
  /** Returns the cached value for `key` if `orgId` has not changed since it was loaded. */
  get<V>(orgId: string, key: string, load: () => Promise<V>): Promise<V>;
  /** Like get, for reads whose org is known only once loaded (an API key by its hash). */
  getByLoadedOrg<V>(
    key: string,
    load: () => Promise<{ orgId: string; value: V } | null>,
  ): Promise<V | null>;
  /**
   * Marks everything cached for the org as stale; called after a mutation commits, and awaited
   * before the mutation answers, so the caller's next read (on any server) sees the write.
   */
  invalidate(orgId: string): Promise<void>;
}

interface Entry {
  orgId: string;
  /** The clock when the load started; the entry is valid while its org has not changed since. */
  loadedAt: number;
  value: Promise<unknown>;
}

/** Embedded mode: one process sees every write, so in-memory bookkeeping is exact. */
export class MemoryOrgReadCache implements OrgReadCache {
  private clock = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 20_000) {}

  async get<V>(orgId: string, key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.orgId === orgId && this.isFresh(hit)) return hit.value as Promise<V>;
    // The in-flight promise is cached too, so concurrent misses share one load.
    const value = load().then(deepFreeze);
    this.remember(key, { orgId, loadedAt: this.clock, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  async getByLoadedOrg<V>(
    key: string,
    load: () => Promise<{ orgId: string; value: V } | null>,
  ): Promise<V | null> {
    const hit = this.entries.get(key);
    if (hit && this.isFresh(hit)) return hit.value as Promise<V>;
    const loadedAt = this.clock;
    const loaded = await load();
    if (!loaded) return null; // misses are not cached, so random tokens cannot fill memory
    const value = deepFreeze(loaded.value);
    this.remember(key, { orgId: loaded.orgId, loadedAt, value: Promise.resolve(value) });
    return value;
  }

  async invalidate(orgId: string) {
    this.clock += 1;
    this.changedAt.set(orgId, this.clock);
  }

  // A write that commits while a load runs makes that load's entry stale at once.
  private isFresh(entry: Entry) {
    return (this.changedAt.get(entry.orgId) ?? 0) <= entry.loadedAt;
  }

  private remember(key: string, entry: Entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Map iteration is insertion order: the first key is the least recently stored.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** Cached values are shared by every request, so nothing may change them (and frozen responses
 * are serialized once: see response-serializer.ts). */
export function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Scale mode without Redis: other servers write too and this process would not see their
 * generations, so every read goes to PostgreSQL.
 */
export class NoOrgReadCache implements OrgReadCache {
  get<V>(_orgId: string, _key: string, load: () => Promise<V>) {
    return load();
  }
  async getByLoadedOrg<V>(_key: string, load: () => Promise<{ orgId: string; value: V } | null>) {
    return (await load())?.value ?? null;
  }
  async invalidate() {}
}

import { describe, expect, it } from 'vitest';
import { MemoryOrgReadCache } from './org-read-cache.js';

describe('MemoryOrgReadCache', () => {
  it('serves a cached value until its org changes', async () => {
    const cache = new MemoryOrgReadCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('o1', 'k', load)).toBe(1);
    expect(await cache.get('o1', 'k', load)).toBe(1);
    cache.invalidate('o2');
    expect(await cache.get('o1', 'k', load)).toBe(1);
    cache.invalidate('o1');
    expect(await cache.get('o1', 'k', load)).toBe(2);
  });

  it('does not keep a value loaded while a write to its org committed', async () => {
    const cache = new MemoryOrgReadCache();
    let release!: () => void;
    const slow = cache.get(
      'o1',
      'k',
      () => new Promise<string>((r) => (release = () => r('before the write'))),
    );
    cache.invalidate('o1'); // the write commits while the read is in flight
    release();
    expect(await slow).toBe('before the write');
    expect(await cache.get('o1', 'k', async () => 'after the write')).toBe('after the write');
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new MemoryOrgReadCache();
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return 'v';
    };
    await Promise.all([
      cache.get('o', 'k', load),
      cache.get('o', 'k', load),
      cache.get('o', 'k', load),
    ]);
    expect(loads).toBe(1);
  });

  it('caches by the org a value turns out to belong to, and never caches misses', async () => {
    const cache = new MemoryOrgReadCache();
    let loads = 0;
    const load = async () => (loads++, { orgId: 'o9', value: 'key' });
    await cache.getByLoadedOrg('hash', load);
    await cache.getByLoadedOrg('hash', load);
    expect(loads).toBe(1);
    cache.invalidate('o9');
    await cache.getByLoadedOrg('hash', load);
    expect(loads).toBe(2);
    let missLoads = 0;
    await cache.getByLoadedOrg('unknown', async () => (missLoads++, null));
    await cache.getByLoadedOrg('unknown', async () => (missLoads++, null));
    expect(missLoads).toBe(2);
  });

  it('evicts the oldest entries beyond its size', async () => {
    const cache = new MemoryOrgReadCache(2);
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('o', 'a', load);
    await cache.get('o', 'b', load);
    await cache.get('o', 'c', load);
    expect(await cache.get('o', 'a', load)).toBe(4);
  });
});

describe('MemoryOrgReadCache values', () => {
  it('freezes what it caches, deeply', async () => {
    const cache = new MemoryOrgReadCache();
    const value = await cache.get('o', 'k', async () => ({ items: [{ name: 'a' }] }));
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.items[0])).toBe(true);
  });
});

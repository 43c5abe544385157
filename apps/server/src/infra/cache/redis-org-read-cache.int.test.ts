import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisOrgReadCache } from './redis-org-read-cache.js';

const url = process.env.REDIS_URL;

describe.skipIf(!url)('RedisOrgReadCache (REDIS_URL)', () => {
  const caches: RedisOrgReadCache[] = [];
  let prefix = '';
  /** One server's cache; the servers of a test share Redis under one prefix. */
  const server = () => {
    const cache = new RedisOrgReadCache(url!, prefix, (error) => {
      throw error;
    });
    caches.push(cache);
    return cache;
  };
  const counter = () => {
    let loads = 0;
    return { load: async () => ++loads, loads: () => loads };
  };
  afterEach(async () => {
    for (const cache of caches.splice(0)) await cache.close();
  });
  prefix = `aistudio-test-${randomUUID().slice(0, 8)}:`;

  it('serves a value from memory until a write to its org on another server', async () => {
    const [a, b] = [server(), server()];
    const { load, loads } = counter();
    expect(await a.get('o1', 'k', load)).toBe(1);
    expect(await a.get('o1', 'k', load)).toBe(1);
    await b.invalidate('o2');
    expect(await a.get('o1', 'k', load)).toBe(1);
    await b.invalidate('o1');
    expect(await a.get('o1', 'k', load)).toBe(2);
    expect(loads()).toBe(2);
  });

  it('does not keep a value loaded while a write to its org committed elsewhere', async () => {
    const [a, b] = [server(), server()];
    let release!: () => void;
    const slow = a.get(
      'o3',
      'k',
      () => new Promise<string>((resolve) => (release = () => resolve('before the write'))),
    );
    await expect.poll(() => release).toBeDefined();
    await b.invalidate('o3');
    release();
    expect(await slow).toBe('before the write');
    expect(await a.get('o3', 'k', async () => 'after the write')).toBe('after the write');
  });

  it('caches a read whose org is known only once loaded (an API key), until that org changes', async () => {
    const [a, b] = [server(), server()];
    let loads = 0;
    const load = async () => ({ orgId: 'o4', value: { loads: ++loads } });
    expect(await a.getByLoadedOrg('key', load)).toEqual({ loads: 1 });
    expect(await a.getByLoadedOrg('key', load)).toEqual({ loads: 1 });
    await b.invalidate('o4'); // e.g. the key was revoked through server b
    expect(await a.getByLoadedOrg('key', load)).toEqual({ loads: 2 });
    expect(await a.getByLoadedOrg('missing', async () => null)).toBeNull();
  });

  it('keeps no value whose load overlapped a write anywhere (its org was unknown meanwhile)', async () => {
    const [a, b] = [server(), server()];
    let loads = 0;
    const load = async () => {
      loads += 1;
      if (loads === 1) await b.invalidate('o5');
      return { orgId: 'o5', value: loads };
    };
    expect(await a.getByLoadedOrg('key2', load)).toBe(1);
    expect(await a.getByLoadedOrg('key2', load)).toBe(2);
    expect(await a.getByLoadedOrg('key2', load)).toBe(2);
  });

  it('reads through, uncached, when Redis cannot answer', async () => {
    const errors: unknown[] = [];
    const cache = new RedisOrgReadCache('redis://127.0.0.1:1', prefix, (e) => errors.push(e));
    caches.push(cache);
    const { load, loads } = counter();
    expect(await cache.get('o6', 'k', load)).toBe(1);
    expect(await cache.get('o6', 'k', load)).toBe(2);
    await cache.invalidate('o6');
    expect(loads()).toBe(2);
    expect(errors.length).toBeGreaterThan(0);
  });
});

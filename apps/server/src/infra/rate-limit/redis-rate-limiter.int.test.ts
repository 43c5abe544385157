import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const url = process.env.REDIS_URL;

describe.skipIf(!url)('RedisRateLimiter (REDIS_URL)', () => {
  const prefix = `aistudio:test:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
  const a = new RedisRateLimiter(url!, () => {}, prefix);
  const b = new RedisRateLimiter(url!, () => {}, prefix);
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('shares one window between two servers', async () => {
    await a.hit('k', 60_000);
    const second = await b.hit('k', 60_000);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(0);
    expect((await a.peek('k')).count).toBe(2);
    await b.reset('k');
    expect((await a.peek('k')).count).toBe(0);
  });

  it('starts a new window when the old one expires', async () => {
    await a.hit('short', 50);
    await new Promise((r) => setTimeout(r, 80));
    expect((await a.hit('short', 50)).count).toBe(1);
  });
});

describe('RedisRateLimiter without Redis', () => {
  it('fails open and reports the error instead of failing the request', async () => {
    const errors: unknown[] = [];
    // Port 1 on loopback refuses connections at once.
    const limiter = new RedisRateLimiter('redis://127.0.0.1:1', (error) => errors.push(error));
    await new Promise((r) => setTimeout(r, 50));
    expect(await limiter.hit('k', 60_000)).toEqual({ count: 0, resetInMs: 0 });
    expect(errors.length).toBeGreaterThan(0);
    await limiter.close();
  });
});

import { Redis } from 'ioredis';
import type { RateLimiter } from './rate-limiter.js';

// INCR and set the expiry only on the first hit, atomically, so every server shares one window.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}
`;

const NOTHING_COUNTED = { count: 0, resetInMs: 0 };

/**
 * Scale mode: counters in Redis, shared by every server process. When Redis is unreachable the
 * limiter fails open (and reports it): an outage of the limiter must not take the API down.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly onError: (error: unknown) => void,
    private readonly prefix = 'aistudio:rl:',
  ) {
    // A command waits at most half a second (queued while connecting), then the limiter fails open.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500 });
    this.redis.on('error', onError);
  }

  async hit(key: string, windowMs: number) {
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.prefix + key, windowMs)) as [
        number,
        number,
      ];
      return { count, resetInMs: ttl > 0 ? ttl : windowMs };
    } catch (error) {
      this.onError(error);
      return NOTHING_COUNTED;
    }
  }

  async peek(key: string) {
    try {
      const [count, ttl] = await Promise.all([
        this.redis.get(this.prefix + key),
        this.redis.pttl(this.prefix + key),
      ]);
      return { count: Number(count ?? 0), resetInMs: Math.max(0, ttl) };
    } catch (error) {
      this.onError(error);
      return NOTHING_COUNTED;
    }
  }

  async reset(key: string) {
    try {
      await this.redis.del(this.prefix + key);
    } catch (error) {
      this.onError(error);
    }
  }

  async close() {
    this.redis.disconnect();
  }
}

import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../infra/rate-limit/memory-rate-limiter.js';
import { TooManyRequestsError } from '../../http/errors.js';
import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  it('waits longer after each failure from the third on, then refuses the account', async () => {
    const waits: number[] = [];
    const throttle = new LoginThrottle(new MemoryRateLimiter(), async (ms) => void waits.push(ms));
    for (let i = 0; i < 10; i++) {
      await throttle.beforeAttempt('a@example.com', '10.0.0.1');
      await throttle.recordFailure('a@example.com', '10.0.0.1');
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000]);
    await expect(throttle.beforeAttempt('a@example.com', '10.0.0.2')).rejects.toBeInstanceOf(
      TooManyRequestsError,
    );
  });

  it('forgets an account after a successful sign-in', async () => {
    const throttle = new LoginThrottle(new MemoryRateLimiter(), async () => {});
    for (let i = 0; i < 9; i++) await throttle.recordFailure('b@example.com', '10.0.0.1');
    await throttle.recordSuccess('b@example.com');
    await expect(throttle.beforeAttempt('b@example.com', '10.0.0.3')).resolves.toBeUndefined();
  });

  it('refuses an IP that fails across many accounts', async () => {
    const throttle = new LoginThrottle(new MemoryRateLimiter(), async () => {});
    for (let i = 0; i < 50; i++) await throttle.recordFailure(`u${i}@example.com`, '10.0.0.9');
    await expect(throttle.beforeAttempt('fresh@example.com', '10.0.0.9')).rejects.toBeInstanceOf(
      TooManyRequestsError,
    );
  });
});

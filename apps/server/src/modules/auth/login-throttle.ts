import { TooManyRequestsError } from '../../http/errors.js';
import type { RateLimiter } from '../../infra/rate-limit/rate-limiter.js';

const WINDOW_MS = 15 * 60_000;
const ACCOUNT_REFUSE_AFTER = 10;
const IP_REFUSE_AFTER = 50;
const SLOW_AFTER = 3;

/**
 * Repeated sign-in failures are first slowed (doubling delay from the 3rd failure) and then refused
 * with 429 until the 15-minute window ends, per account and per IP.
 */
export class LoginThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {}

  async beforeAttempt(email: string, ip: string) {
    const [account, fromIp] = await Promise.all([
      this.limiter.peek(accountKey(email)),
      this.limiter.peek(ipKey(ip)),
    ]);
    if (account.count >= ACCOUNT_REFUSE_AFTER || fromIp.count >= IP_REFUSE_AFTER) {
      const wait = Math.max(
        account.count >= ACCOUNT_REFUSE_AFTER ? account.resetInMs : 0,
        fromIp.count >= IP_REFUSE_AFTER ? fromIp.resetInMs : 0,
      );
      throw new TooManyRequestsError(
        `Too many failed sign-in attempts; try again in ${Math.ceil(wait / 60_000)} minute(s).`,
        wait / 1000,
      );
    }
    // An IP shared by many people (an office NAT) gets half its budget before slowing down.
    const failures = Math.max(account.count, fromIp.count - IP_REFUSE_AFTER / 2);
    if (failures >= SLOW_AFTER)
      await this.sleep(Math.min(250 * 2 ** (failures - SLOW_AFTER), 4000));
  }

  async recordFailure(email: string, ip: string) {
    await Promise.all([
      this.limiter.hit(accountKey(email), WINDOW_MS),
      this.limiter.hit(ipKey(ip), WINDOW_MS),
    ]);
  }

  async recordSuccess(email: string) {
    await this.limiter.reset(accountKey(email));
  }
}

const accountKey = (email: string) => `login:account:${email}`;
const ipKey = (ip: string) => `login:ip:${ip}`;

/** A fixed-window counter: the port behind API rate limits and sign-in throttling. */
export interface RateLimiter {
  /** Counts one hit for `key` in the current window; returns the count so far and when it resets. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** Reads the current count without adding to it. */
  peek(key: string): Promise<{ count: number; resetInMs: number }>;
  /** Forgets `key` (after a successful sign-in, say). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

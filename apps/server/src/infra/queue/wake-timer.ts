/**
 * One pending wake-up, moved whenever the next due time changes: for a process that is its
 * database's only writer and so can sleep until something becomes due instead of polling.
 */
export class WakeTimer {
  #timer: NodeJS.Timeout | null = null;

  constructor(
    /** The longest sleep: the safety net should a due time be missed. */
    private readonly maxMs: number,
    private readonly onWake: () => void,
  ) {}

  /** Replaces the pending wake-up with one in `ms` (null: nothing due, sleep the longest). */
  armIn(ms: number | null): void {
    this.clear();
    // Rounded up: a timer that fires a fraction early would find nothing due and sleep again.
    const delay = Math.min(this.maxMs, Math.max(0, Math.ceil(ms ?? this.maxMs)));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.onWake();
    }, delay);
    this.#timer.unref();
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

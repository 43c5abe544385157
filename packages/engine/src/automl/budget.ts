import type { AutoMlAlgorithm, AutoMlTrial, AutoMlValidation } from './types.js';

/**
 * The time budget of one AutoML run: how long each algorithm's trials take, whether another fits,
 * and when running trials must stop. Time left is kept for refitting the best candidate on all
 * rows, estimated from its trial (a k-fold trial fits k times per repeat on (k-1)/k of the rows).
 */
export class TimeBudget {
  readonly #now: () => number;
  readonly #start: number;
  readonly #end: number;
  readonly #refitShare: number;
  readonly #longest = new Map<AutoMlAlgorithm, number>();
  #refitReserve = 0;

  constructor(budgetMs: number, validation: AutoMlValidation, now: () => number) {
    this.#now = now;
    this.#start = now();
    this.#end = this.#start + budgetMs;
    this.#refitShare =
      validation.kind === 'kFold' ? 1 / (validation.folds - 1) : 1 / (1 - validation.validFraction);
  }

  now(): number {
    return this.#now();
  }

  elapsed(): number {
    return this.#now() - this.#start;
  }

  /** Learns from a finished trial; `best` is the leader once it is counted. */
  record(trial: AutoMlTrial, best: AutoMlTrial | null): void {
    const longest = this.#longest.get(trial.algorithm) ?? 0;
    // Pruned and cancelled trials stopped early, so they only ever raise the estimate.
    if (trial.status === 'complete' || trial.durationMs > longest) {
      this.#longest.set(trial.algorithm, Math.max(longest, trial.durationMs));
    }
    if (best) this.#refitReserve = best.durationMs * this.#refitShare;
  }

  /**
   * Whether a trial of `algorithm` fits in the time left after the refit. An algorithm not yet
   * timed is assumed as quick as the quickest one timed (its first trial teaches the estimate).
   */
  fits(algorithm: AutoMlAlgorithm): boolean {
    const timed = [...this.#longest.values()];
    const estimate = this.#longest.get(algorithm) ?? (timed.length ? Math.min(...timed) : 0);
    return this.#now() + estimate + this.#refitReserve <= this.#end;
  }

  /** Whether the search has used all the time not kept for the refit. */
  spent(): boolean {
    return this.#now() + this.#refitReserve >= this.#end;
  }
}

import type { TrainedModel } from '../model.js';
import type { Task } from '../task.js';
import type { TrainSpec } from '../train.js';
import type { ParallelMap } from '../tuning/tune.js';

/** Algorithms AutoML chooses among. */
export type AutoMlAlgorithm = 'gbdt' | 'linear' | 'forest' | 'mlp';

/** What candidates are ranked by (higher is better): accuracy, or R² for regression. */
export type AutoMlMetric = 'accuracy' | 'r2';

/**
 * How a trial ended: `complete` (scored), `pruned` (stopped early on its intermediate validation
 * loss), `failed` (the algorithm threw), `cancelled` (stopped at the end of the time budget).
 */
export type AutoMlTrialStatus = 'complete' | 'pruned' | 'failed' | 'cancelled';

/** One evaluated candidate: an algorithm with concrete `train` parameters. */
export interface AutoMlTrial {
  /** Order in which trials were planned, from 0. */
  readonly number: number;
  readonly algorithm: AutoMlAlgorithm;
  /** The `params` of a `TrainSpec` that trains this candidate. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: AutoMlTrialStatus;
  /** Validation score in `metric` (higher is better); null unless complete. */
  readonly score: number | null;
  readonly metric: AutoMlMetric;
  /** Validation loss the search minimises (log loss, or mean squared error); null unless complete. */
  readonly loss: number | null;
  readonly durationMs: number;
  /** Why a failed trial failed. */
  readonly error?: string;
}

/** A trial with its place: complete trials by score (ties: lower loss, then earlier), then the rest. */
export interface AutoMlLeaderboardEntry extends AutoMlTrial {
  readonly rank: number;
}

/** How candidates were validated. */
export type AutoMlValidation =
  | { readonly kind: 'kFold'; readonly folds: number; readonly repeats: number }
  | { readonly kind: 'holdout'; readonly validFraction: number };

/** Options of `automl`. */
export interface AutoMlOptions {
  readonly target: string;
  /** Feature columns; default every column but the target. */
  readonly features?: readonly string[];
  /** Detected from the target when not given. */
  readonly task?: Task;
  /**
   * Wall-clock budget for the search and the final refit. No trial starts when the time left
   * cannot fit one, and running trials are cancelled when it runs out (once one has completed).
   */
  readonly timeBudgetMs: number;
  /** Seed of folds, samplers and every model, default 0. */
  readonly seed?: number;
  /** Cancels the search: `automl` then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
  /** Called as each trial ends (before the search goes on). */
  readonly onTrial?: (trial: AutoMlTrial) => void;
  /**
   * Runs a batch of trials, possibly concurrently; default one at a time. Trials are planned in
   * fixed batches, so the result does not depend on how many run at once.
   */
  readonly parallel?: ParallelMap;
  /** Most trials to run; with a budget that is not reached, the result is deterministic per seed. */
  readonly maxTrials?: number;
  /** Algorithms to consider; default those that suit the data size. */
  readonly algorithms?: readonly AutoMlAlgorithm[];
  /** Milliseconds clock, default `Date.now`; tests pass a fake one. */
  readonly now?: () => number;
}

/** Outcome of `automl`. */
export interface AutoMlResult {
  readonly task: Task;
  readonly metric: AutoMlMetric;
  readonly validation: AutoMlValidation;
  /** Every trial, best first. */
  readonly leaderboard: readonly AutoMlLeaderboardEntry[];
  /** The winning trial (leaderboard rank 1). */
  readonly best: AutoMlLeaderboardEntry;
  /** The winner refitted on every training row. */
  readonly model: TrainedModel;
  /** The spec that trains `model` with `train` (same table, same model). */
  readonly spec: TrainSpec;
  /** Search and refit time on the clock. */
  readonly elapsedMs: number;
  /** Why the search stopped. */
  readonly stoppedBy: 'budget' | 'maxTrials';
}

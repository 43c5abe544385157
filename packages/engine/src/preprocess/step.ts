import type { Table } from '../table.js';
import type { Target } from './target.js';

/** What a step sees while it is fitted. */
export interface FitContext {
  /** The target, when `fitPipeline` was given one. */
  readonly target: Target | null;
  /** Seed of every random choice (target-encoding folds). */
  readonly seed: number;
  /** Where the step sits, e.g. `steps[2]`, to name bad options. */
  readonly where: string;
}

/** A fitted step and the training table it produces (out-of-fold for target encoding). */
export interface StepFit<F> {
  readonly fitted: F;
  readonly train: Table;
}

import type { Params, SearchSpace } from './search-space.js';

/** Whether lower or higher objective values are better. */
export type Direction = 'minimize' | 'maximize';

/** What became of a trial. */
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

/** One value an objective reported while it ran (a boosting iteration's validation loss, say). */
export interface IntermediateValue {
  readonly step: number;
  readonly value: number;
}

/** A trial as the study stores it: plain JSON. */
export interface TrialRecord {
  readonly number: number;
  readonly params: Params;
  state: TrialState;
  /** Final objective value of a complete trial, else null. */
  value: number | null;
  /** Reported values, in the order reported (steps strictly increasing). */
  readonly intermediate: IntermediateValue[];
  /** Successive halving: the value with which the trial reached each rung. */
  readonly rungs: number[];
  /** Why a failed trial failed. */
  error?: string;
}

/** Tree-structured Parzen estimator settings (defaults as in Optuna). */
export interface TpeSamplerConfig {
  readonly type: 'tpe';
  /** Trials sampled at random before TPE starts, default 10. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from the good-trial density per parameter, default 24. */
  readonly nEiCandidates?: number;
  /** Weight of the broad prior kernel, default 1. */
  readonly priorWeight?: number;
}

/** Uniform random search. */
export interface RandomSamplerConfig {
  readonly type: 'random';
}

export type SamplerConfig = TpeSamplerConfig | RandomSamplerConfig;

/**
 * Stops a trial whose best intermediate value so far is worse than the median of completed
 * trials' values at the same step (Optuna's MedianPruner).
 */
export interface MedianPrunerConfig {
  readonly type: 'median';
  /** Completed trials needed before anything is pruned, default 5. */
  readonly nStartupTrials?: number;
  /** Steps of every trial that are never pruned, default 0. */
  readonly nWarmupSteps?: number;
  /** Completed trials with a value at the step needed to compare, default 1. */
  readonly nMinTrials?: number;
}

/**
 * Asynchronous successive halving (Optuna's SuccessiveHalvingPruner): at steps
 * minResource × reductionFactor^(minEarlyStoppingRate + rung), a trial continues only if its value
 * is in the best 1 / reductionFactor of every trial that reached that rung.
 */
export interface SuccessiveHalvingPrunerConfig {
  readonly type: 'successiveHalving';
  /** Steps before the first rung, default 1. */
  readonly minResource?: number;
  /** Share kept at each rung is 1 / reductionFactor, default 4. */
  readonly reductionFactor?: number;
  /** Rungs skipped at the start, default 0. */
  readonly minEarlyStoppingRate?: number;
}

export type PrunerConfig = MedianPrunerConfig | SuccessiveHalvingPrunerConfig;

/** Everything a study knows, as plain JSON: store it, send it to a job, resume from it. */
export interface StudyState {
  readonly format: 'aistudio.study';
  readonly version: 1;
  readonly space: SearchSpace;
  readonly direction: Direction;
  readonly sampler: SamplerConfig;
  readonly pruner: PrunerConfig | null;
  readonly seed: number;
  readonly trials: TrialRecord[];
}

import type { TrainSpec } from '../train.js';
import { trainingCostTerms, type TrainingShape } from './cost-terms.js';
import { TRAINING_COST } from './training-cost-table.js';

/** Expected compute time of a training run, with the range calibration saw around it. */
export interface TrainingEstimate {
  readonly seconds: number;
  readonly low: number;
  readonly high: number;
}

/**
 * Estimates the single-thread compute time of `train(spec, table)` for a table of `shape`,
 * before it runs: a linear model of the algorithm's inner-loop work (rows × features × trees ×
 * levels, epochs × weights, …) with coefficients measured by bench/training/estimate.mjs.
 * Throws `EngineInputError` naming a bad shape field or parameter.
 */
export function estimateTrainingSeconds(spec: TrainSpec, shape: TrainingShape): TrainingEstimate {
  const { algorithm, names, values } = trainingCostTerms(spec, shape);
  const table = TRAINING_COST[algorithm];
  let seconds = 0;
  names.forEach((name, i) => (seconds += (table.perUnit[name] ?? 0) * values[i]!));
  return { seconds, low: seconds * table.low, high: seconds * table.high };
}

import type { Task } from '../task.js';
import type { Params, SearchSpace } from '../tuning/search-space.js';
import type { AutoMlAlgorithm } from './types.js';

/** What the candidates need to know about the data. */
export interface DataShape {
  readonly rows: number;
  readonly task: Task;
  /** Rows each candidate trains on during the search (a fold's or the holdout's train part). */
  readonly fitRows: number;
}

// Forests grow unpruned trees on every row: past this size one forest outlasts most budgets.
const FOREST_MAX_ROWS = 200_000;
// Below this the network has too little to learn from to beat the trees or a linear model.
const MLP_MIN_ROWS = 500;
// Above this GBDT and the MLP hold out rows and stop early instead of fixing their iterations.
const EARLY_STOPPING_ROWS = 10_000;

/** The algorithms worth trying on data of this shape, cheapest first. */
export function candidateAlgorithms(shape: DataShape): AutoMlAlgorithm[] {
  return [
    'linear',
    ...(shape.rows <= FOREST_MAX_ROWS ? (['forest'] as const) : []),
    'gbdt',
    ...(shape.rows >= MLP_MIN_ROWS ? (['mlp'] as const) : []),
  ];
}

/**
 * Each algorithm's search space. Ranges follow what FLAML and Optuna's LightGBM tuner search,
 * narrowed so a trial stays within a few times the default's cost.
 */
export function searchSpaceOf(algorithm: AutoMlAlgorithm, shape: DataShape): SearchSpace {
  const leafCap = Math.max(2, Math.min(64, Math.floor(shape.fitRows / 10)));
  switch (algorithm) {
    case 'gbdt':
      return {
        learningRate: { type: 'logUniform', low: 0.01, high: 0.3 },
        ...(stopsEarly(shape) ? {} : { nIter: { type: 'int', low: 30, high: 300, log: true } }),
        numLeaves: { type: 'int', low: 4, high: 64, log: true },
        minSamplesLeaf: { type: 'int', low: 1, high: leafCap, log: true },
        l2: { type: 'logUniform', low: 1e-3, high: 10 },
        subsample: { type: 'uniform', low: 0.5, high: 1 },
        colsampleByTree: { type: 'uniform', low: 0.3, high: 1 },
      };
    case 'forest':
      return {
        nTrees: { type: 'int', low: 50, high: 300, log: true },
        maxFeatures: { type: 'categorical', choices: ['sqrt', 'log2', 0.5, 'all'] },
        minSamplesLeaf: { type: 'int', low: 1, high: Math.min(20, leafCap), log: true },
        maxSamples: { type: 'uniform', low: 0.5, high: 1 },
      };
    case 'linear':
      return shape.task === 'regression'
        ? {
            alpha: { type: 'logUniform', low: 1e-4, high: 100 },
            penalty: { type: 'categorical', choices: ['l2', 'l1'] },
          }
        : {
            C: { type: 'logUniform', low: 1e-3, high: 100 },
            penalty: { type: 'categorical', choices: ['l2', 'l1'] },
          };
    case 'mlp':
      return {
        units: { type: 'int', low: 16, high: 256, log: true },
        layers: { type: 'int', low: 1, high: 2 },
        activation: { type: 'categorical', choices: ['relu', 'tanh'] },
        learningRate: { type: 'logUniform', low: 1e-4, high: 1e-2 },
        alpha: { type: 'logUniform', low: 1e-6, high: 1e-1 },
      };
  }
}

/** The `train` parameters of the algorithm's defaults: the first trial of each algorithm. */
export function baselineParams(
  algorithm: AutoMlAlgorithm,
  shape: DataShape,
): Record<string, unknown> {
  // GBDT's own defaults already stop early on large data.
  return algorithm === 'gbdt' ? {} : withFixedParams(algorithm, shape, {});
}

/** A sampled point of `searchSpaceOf(algorithm)` as `train` parameters. */
export function trainParamsOf(
  algorithm: AutoMlAlgorithm,
  shape: DataShape,
  sampled: Params,
): Record<string, unknown> {
  if (algorithm !== 'mlp') return withFixedParams(algorithm, shape, sampled);
  const { units, layers, ...rest } = sampled;
  return withFixedParams(algorithm, shape, {
    ...rest,
    hiddenLayerSizes: Array.from({ length: Number(layers) }, () => Number(units)),
  });
}

function withFixedParams(
  algorithm: AutoMlAlgorithm,
  shape: DataShape,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const earlyStopping = stopsEarly(shape);
  switch (algorithm) {
    case 'gbdt':
      // Large data: stop on held-out loss, so nIter is only a ceiling.
      return earlyStopping ? { ...params, nIter: 1000, earlyStopping: true } : params;
    case 'linear':
      // The default 100 L-BFGS iterations leave unscaled-looking problems unconverged.
      return { maxIter: 1000, ...params };
    case 'forest':
      return params;
    case 'mlp':
      return { ...params, ...(earlyStopping ? { earlyStopping: true } : {}) };
  }
}

function stopsEarly(shape: DataShape): boolean {
  return shape.fitRows > EARLY_STOPPING_ROWS;
}

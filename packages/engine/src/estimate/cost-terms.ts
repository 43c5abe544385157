import { EngineInputError } from '../errors.js';
import { featuresPerSplit, resolveForestParams } from '../forest/params.js';
import { resolveGbdtParams, type GbdtObjective } from '../gbdt/params.js';
import { resolveLinearParams, type LinearParams } from '../linear/params.js';
import { resolveMlpParams, type MlpParams } from '../mlp/params.js';
import type { Algorithm } from '../model.js';
import type { Task } from '../task.js';
import { DEFAULT_ONE_HOT_CATEGORIES, type TrainSpec } from '../train.js';
import type { ForestParams } from '../forest/params.js';

/** The size of a training job: rows, feature columns and, for classification, classes. */
export interface TrainingShape {
  readonly rows: number;
  readonly features: number;
  /** Classes of the target; absent or 0 for regression. */
  readonly classes?: number;
  /**
   * Columns linear models and MLPs see after the default encoding (see `encodedFeatureCount`);
   * default `features`. Trees split categories natively, so they count `features`.
   */
  readonly encodedFeatures?: number;
}

/**
 * Columns after the default encoding: one per numeric feature, and per categorical feature one
 * per category up to the one-hot cap (a 200-airport column is 20 columns to a linear model).
 */
export function encodedFeatureCount(
  numericFeatures: number,
  categoryCounts: readonly number[],
): number {
  let columns = numericFeatures;
  for (const count of categoryCounts) {
    columns += Math.max(1, Math.min(count, DEFAULT_ONE_HOT_CATEGORIES));
  }
  return columns;
}

/** The work of one training run as the terms the cost model weighs, one coefficient each. */
export interface CostTerms {
  readonly algorithm: Algorithm;
  /** What each term counts (the names in the coefficient table), in `values` order. */
  readonly names: readonly string[];
  readonly values: readonly number[];
}

/**
 * The cost-model terms of `spec` on data of `shape`: counts of the inner-loop work of the chosen
 * algorithm (row × feature passes per tree, per level, per epoch), with the parameters' defaults
 * filled in and checked as `train` checks them. Every term grows with rows and iterations, so
 * an estimate with non-negative coefficients does too. Iterative models are counted at their
 * full budget (GBDT early stopping and MLP convergence can end sooner).
 */
export function trainingCostTerms(spec: TrainSpec, shape: TrainingShape): CostTerms {
  const { rows, features, classes, encodedFeatures } = readShape(shape);
  const task = taskOf(spec.task, classes);
  const outputs = task === 'multiclass' ? classes : 1;
  const algorithm = spec.algorithm ?? 'gbdt';
  const params = spec.params ?? {};
  const n = rows;
  const f = features;
  switch (algorithm) {
    case 'gbdt': {
      const objective = (params.objective as GbdtObjective | undefined) ?? task;
      const p = resolveGbdtParams({ ...params, objective } as never);
      const trees = p.nIter * outputs;
      const sampled = n * p.subsample;
      const columns = Math.max(1, Math.round(f * p.colsampleByTree));
      const levels = Math.log2(2 * p.numLeaves);
      return terms(algorithm, {
        constant: 1,
        binning: n * f,
        histograms: trees * sampled * columns * levels,
        rowUpdates: trees * n,
        splitSearch: trees * p.numLeaves * columns * p.maxBins,
      });
    }
    case 'forest':
    case 'tree': {
      const forestTask = task === 'regression' ? 'regression' : 'classification';
      const given: ForestParams =
        algorithm === 'tree'
          ? {
              ...params,
              task: forestTask,
              maxFeatures: (params.maxFeatures as never) ?? 'all',
              nTrees: 1,
              bootstrap: false,
            }
          : ({ ...params, task: forestTask } as ForestParams);
      const p = resolveForestParams(given);
      const drawn = p.bootstrap ? n * p.maxSamples : n;
      const tried = featuresPerSplit(p.maxFeatures, f);
      // Trees grow until leaves hold minSamplesLeaf rows, unless depth or leaves are capped.
      const leaves = Math.max(
        2,
        Math.min(
          drawn / p.minSamplesLeaf,
          p.maxLeaves ?? Infinity,
          p.maxDepth === null ? Infinity : 2 ** p.maxDepth,
        ),
      );
      const levels = Math.log2(leaves);
      return terms(algorithm, {
        constant: 1,
        binning: n * f,
        histograms: p.nTrees * drawn * tried * levels,
        // Gini scans keep one count per class in every histogram bin.
        splitSearch: p.nTrees * leaves * tried * Math.max(1, classes),
      });
    }
    case 'linear': {
      const f = encodedFeatures;
      const p = resolveLinearParams({ ...params, task } as LinearParams, f);
      const exact = p.solver === 'cholesky';
      return terms(algorithm, {
        constant: 1,
        // The default pipeline imputes, standardises and encodes every cell once.
        preprocessing: n * f,
        // Iterative solvers pass over the data once per step; the fit absorbs the typical count.
        gradientPasses: exact ? 0 : n * f * outputs * Math.min(p.maxIter, 100),
        normalEquations: exact ? n * f * f + f * f * f : 0,
      });
    }
    case 'mlp': {
      const f = encodedFeatures;
      const p = resolveMlpParams({ ...params, objective: task } as MlpParams);
      const widths = [f, ...p.hiddenLayerSizes, outputs];
      let weights = 0;
      for (let i = 1; i < widths.length; i++) weights += widths[i - 1]! * widths[i]!;
      const units = widths.slice(1).reduce((a, b) => a + b, 0);
      const batch = p.batchSize === 'auto' ? Math.min(200, n) : Math.min(p.batchSize, n);
      return terms(algorithm, {
        constant: 1,
        preprocessing: n * f,
        forwardBackward: p.maxEpochs * n * weights,
        // Activations, their derivatives and the loss: per unit, not per weight.
        activations: p.maxEpochs * n * units,
        optimizerSteps: p.maxEpochs * Math.ceil(n / batch) * weights,
      });
    }
    default:
      throw new EngineInputError('algorithm', `must be gbdt, forest, tree, linear or mlp`);
  }
}

function terms(algorithm: Algorithm, named: Record<string, number>): CostTerms {
  return { algorithm, names: Object.keys(named), values: Object.values(named) };
}

function readShape(shape: TrainingShape): {
  rows: number;
  features: number;
  classes: number;
  encodedFeatures: number;
} {
  const { rows, features } = shape;
  const classes = shape.classes ?? 0;
  if (!Number.isInteger(rows) || rows < 1) {
    throw new EngineInputError('rows', `must be an integer >= 1, got ${String(rows)}`);
  }
  if (!Number.isInteger(features) || features < 1) {
    throw new EngineInputError('features', `must be an integer >= 1, got ${String(features)}`);
  }
  if (!Number.isInteger(classes) || classes < 0 || classes === 1) {
    throw new EngineInputError(
      'classes',
      `must be 0 (regression) or an integer >= 2, got ${String(classes)}`,
    );
  }
  const encodedFeatures = shape.encodedFeatures ?? features;
  if (!Number.isInteger(encodedFeatures) || encodedFeatures < features) {
    throw new EngineInputError(
      'encodedFeatures',
      `must be an integer >= features (${features}), got ${String(encodedFeatures)}`,
    );
  }
  return { rows, features, classes, encodedFeatures };
}

function taskOf(task: Task | undefined, classes: number): Task {
  if (task === undefined)
    return classes === 0 ? 'regression' : classes === 2 ? 'binary' : 'multiclass';
  if (task !== 'regression' && classes === 0) {
    throw new EngineInputError('classes', `is needed for a ${task} estimate`);
  }
  if (task === 'binary' && classes !== 2) {
    throw new EngineInputError('classes', `is ${classes}; a binary task has 2`);
  }
  return task;
}

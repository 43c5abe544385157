import { applyBinning, splitThresholds, fitBinning, type FeatureBinning } from '../binning.js';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { createRandom } from '../random.js';
import type { Table } from '../table.js';
import { toModelFeature, type ForestModel, type ForestTree } from './model.js';
import type { TreeTargets } from './node-split.js';
import { accumulateOob, finishOob, type OobTally } from './oob.js';
import {
  featuresPerSplit,
  resolveForestParams,
  type ForestParams,
  type MaxFeatures,
  type ResolvedForestParams,
} from './params.js';
import { ForestTreeGrower, type BinnedForestTree } from './tree-grower.js';

/** Reported after every tree. */
export interface ForestProgress {
  /** Trees grown so far. */
  readonly tree: number;
  readonly nTrees: number;
}

/** Callbacks and cancellation of `trainForest`. */
export interface TrainForestOptions {
  onProgress?(event: ForestProgress): void;
  /** Checked between trees; training then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

/** Parameters of `trainDecisionTree`: a forest's, minus the ensemble ones. */
export type DecisionTreeParams = Omit<ForestParams, 'nTrees' | 'bootstrap' | 'maxSamples'>;

// Yield to the event loop this often so an AbortSignal (or a UI) gets a chance to run.
const YIELD_EVERY_MS = 50;
// Past this many classes a probability vector per node is the wrong model.
const MAX_CLASSES = 1_000;

/**
 * Trains a random forest on every column of `table` to predict `target` (class codes 0..k-1
 * for classification). Trees grow on the same quantile bins as the GBDT.
 */
export async function trainForest(
  params: ForestParams,
  table: Table,
  target: Float64Array,
  options: TrainForestOptions = {},
): Promise<ForestModel> {
  const p = resolveForestParams(params);
  const numOutputs = checkInputs(p, table, target);
  const names = table.columns.map((c) => c.name);
  const binnings = fitBinning(table, names, {
    maxBins: p.maxBins,
    sampleSize: p.binSampleSize,
    seed: p.seed,
  });
  const binned = applyBinning(table, binnings);
  const { targets, offset } = encodeTargets(p, target, numOutputs);
  const grower = new ForestTreeGrower(binned, targets, {
    ...p,
    featuresPerSplit: featuresPerSplit(p.maxFeatures, names.length),
    offset,
  });
  const n = table.numRows;
  const trees: ForestTree[] = [];
  const importance = new Float64Array(names.length);
  let treesWithSplits = 0;
  const oob: OobTally | null = p.bootstrap
    ? { sums: new Float64Array(n * numOutputs), votes: new Uint32Array(n) }
    : null;
  const weights = new Float64Array(n);
  let lastYield = Date.now();
  for (let t = 0; t < p.nTrees; t++) {
    if (options.signal?.aborted) throw new TrainingAbortedError(t);
    // Each tree draws from its own seeded generator: tree t is the same whatever ran before it.
    const random = createRandom((p.seed ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0);
    drawRows(weights, p, random);
    const tree = grower.grow(weights, random);
    if (addImportance(tree, importance)) treesWithSplits++;
    if (oob) accumulateOob(tree, binned, weights, numOutputs, oob);
    trees.push(toModelTree(tree, binnings));
    options.onProgress?.({ tree: t + 1, nTrees: p.nTrees });
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }
  if (options.signal?.aborted) throw new TrainingAbortedError(p.nTrees);
  return {
    format: 'aistudio.forest',
    version: 1,
    task: p.task,
    numOutputs,
    params: p,
    features: binnings.map(toModelFeature),
    trees,
    featureImportance: normalise(importance, treesWithSplits),
    oob: oob ? finishOob(p.task, target, numOutputs, oob) : null,
  };
}

/**
 * Trains one decision tree: a forest of one tree on every row (no bootstrap), examining every
 * feature at each split unless `maxFeatures` says otherwise.
 */
export async function trainDecisionTree(
  params: DecisionTreeParams,
  table: Table,
  target: Float64Array,
  options: TrainForestOptions = {},
): Promise<ForestModel> {
  for (const key of ['nTrees', 'bootstrap', 'maxSamples']) {
    if (params && key in params) {
      throw new EngineInputError(
        key,
        'is a random-forest parameter; a decision tree has one tree on every row',
      );
    }
  }
  const maxFeatures: MaxFeatures = params?.maxFeatures ?? 'all';
  return trainForest(
    { ...params, maxFeatures, nTrees: 1, bootstrap: false },
    table,
    target,
    options,
  );
}

/** Validates the table and target; returns the number of outputs (classes, or 1). */
function checkInputs(p: ResolvedForestParams, table: Table, target: Float64Array): number {
  if (table.numRows === 0) throw new EngineInputError('table', 'has no rows');
  if (table.columns.length === 0) throw new EngineInputError('table', 'has no feature columns');
  if (!(target instanceof Float64Array)) {
    throw new EngineInputError('target', 'must be a Float64Array');
  }
  if (target.length !== table.numRows) {
    throw new EngineInputError('target', `has ${target.length} values for ${table.numRows} rows`);
  }
  let maxClass = 0;
  for (let i = 0; i < target.length; i++) {
    const y = target[i]!;
    if (!Number.isFinite(y))
      throw new EngineInputError('target', `row ${i} is ${y}; must be finite`);
    if (p.task === 'classification') {
      if (!Number.isInteger(y) || y < 0 || y >= MAX_CLASSES) {
        throw new EngineInputError(
          'target',
          `row ${i} is ${y}; classification targets must be class codes 0..${MAX_CLASSES - 1}`,
        );
      }
      maxClass = Math.max(maxClass, y);
    }
  }
  if (p.task === 'regression') {
    checkTargetScale(target);
    return 1;
  }
  const numClasses = maxClass + 1;
  if (numClasses < 2) {
    throw new EngineInputError('target', 'has a single class; classification needs two or more');
  }
  const counts = new Float64Array(numClasses);
  for (const y of target) counts[y]! += 1;
  const absent = counts.findIndex((c) => c === 0);
  if (absent >= 0) {
    throw new EngineInputError(
      'target',
      `class ${absent} has no rows; classification targets must use every code 0..${numClasses - 1}`,
    );
  }
  return numClasses;
}

// Squared deviations are summed in float64: they must not overflow to Infinity (NaN splits).
function checkTargetScale(target: Float64Array): void {
  let mean = 0;
  for (const y of target) mean += y / target.length;
  let sumSquares = 0;
  for (const y of target) sumSquares += (y - mean) ** 2;
  if (!Number.isFinite(mean) || !Number.isFinite(sumSquares * target.length)) {
    throw new EngineInputError('target', 'values are too large to square in float64; rescale them');
  }
}

function encodeTargets(
  p: ResolvedForestParams,
  target: Float64Array,
  numOutputs: number,
): { targets: TreeTargets; offset: number } {
  if (p.task === 'classification') {
    return { targets: { numOutputs, classOf: Int32Array.from(target), centred: null }, offset: 0 };
  }
  let offset = 0;
  for (const y of target) offset += y / target.length;
  const centred = Float64Array.from(target, (y) => y - offset);
  return { targets: { numOutputs: 1, classOf: null, centred }, offset };
}

// Bootstrap draw counts per row (scikit-learn draws round(maxSamples * n) rows with replacement).
function drawRows(weights: Float64Array, p: ResolvedForestParams, random: () => number): void {
  const n = weights.length;
  if (!p.bootstrap) {
    weights.fill(1);
    return;
  }
  weights.fill(0);
  const draws = Math.max(1, Math.round(p.maxSamples * n));
  for (let i = 0; i < draws; i++) weights[Math.floor(random() * n)]! += 1;
}

// scikit-learn's importance: per tree, impurity decrease over the root weight, normalised to 1.
function addImportance(tree: BinnedForestTree, importance: Float64Array): boolean {
  const perTree = new Float64Array(importance.length);
  tree.feature.forEach((f, node) => {
    if (f >= 0) perTree[f]! += tree.gain[node]! / tree.weight[0]!;
  });
  const total = perTree.reduce((a, b) => a + b, 0);
  if (tree.feature.length <= 1) return false;
  if (total > 0) for (let f = 0; f < perTree.length; f++) importance[f]! += perTree[f]! / total;
  return true;
}

function normalise(importance: Float64Array, trees: number): number[] {
  const total = importance.reduce((a, b) => a + b, 0);
  if (trees === 0 || total === 0) return Array.from(importance, () => 0);
  return Array.from(importance, (v) => v / total);
}

function toModelTree(tree: BinnedForestTree, binnings: readonly FeatureBinning[]): ForestTree {
  return {
    feature: tree.feature,
    threshold: splitThresholds(tree, binnings),
    leftBins: tree.leftBins,
    left: tree.left,
    right: tree.right,
    defaultLeft: tree.defaultLeft,
    value: tree.value,
    gain: tree.gain,
    count: tree.count,
    weight: tree.weight,
  };
}

import {
  applyBinning,
  fitBinning,
  FLOAT32_MAX,
  type BinnedTable,
  type FeatureBinning,
} from '../binning.js';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import type { Table } from '../table.js';
import { shouldStopEarly } from './early-stopping.js';
import { lossFor } from './loss.js';
import type { GbdtFeature, GbdtModel, GbdtTree } from './model.js';
import { resolveGbdtParams, type GbdtParams, type ResolvedGbdtParams } from './params.js';
import { predictBinnedRow, TreeBuilder, type BinnedTree } from './tree-builder.js';
import { splitTrainValidation } from './validation-split.js';

/** Reported after every boosting iteration. */
export interface GbdtProgress {
  /** Iterations done so far (1 after the first tree). */
  readonly iteration: number;
  readonly trainLoss: number;
  readonly validLoss?: number;
}

/** Callbacks and cancellation of `trainGbdt`. */
export interface TrainGbdtOptions {
  onProgress?(event: GbdtProgress): void;
  /** Checked between iterations; training then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

// Yield to the event loop this often so an AbortSignal (or a UI) gets a chance to run.
const YIELD_EVERY_MS = 50;

/** Trains histogram gradient-boosted trees on every column of `table` to predict `target`. */
export async function trainGbdt(
  params: GbdtParams,
  table: Table,
  target: Float64Array,
  options: TrainGbdtOptions = {},
): Promise<GbdtModel> {
  const p = resolveGbdtParams(params);
  checkInputs(p, table, target);
  const loss = lossFor(p.objective);
  const earlyStopping = p.earlyStopping === 'auto' ? table.numRows > 10_000 : p.earlyStopping;
  const split = splitTrainValidation(target, earlyStopping ? p.validationFraction : 0, {
    stratify: p.objective === 'binary',
    seed: p.seed,
  });
  const names = table.columns.map((c) => c.name);
  const binnings = fitBinning(table, names, {
    maxBins: p.maxBins,
    sampleSize: p.binSampleSize,
    seed: p.seed,
    rows: split.train,
  });
  const binned = applyBinning(table, binnings);
  const train = takeRows(binned, split.train);
  const valid = takeRows(binned, split.valid);
  const yTrain = gather(target, split.train);
  const yValid = gather(target, split.valid);
  if (p.objective === 'binary') requireBothClasses(yTrain);

  const baseline = loss.baseline(yTrain);
  const rawTrain = new Float64Array(train.numRows).fill(baseline);
  const rawValid = new Float64Array(valid.numRows).fill(baseline);
  const grad = new Float64Array(train.numRows);
  const hess = new Float64Array(train.numRows);
  const builder = new TreeBuilder(train, { ...p, constantHessian: loss.constantHessian });
  const trees: GbdtTree[] = [];
  const gainImportance = new Array<number>(names.length).fill(0);
  const splitImportance = new Array<number>(names.length).fill(0);
  const trainLosses: number[] = [];
  const validLosses = earlyStopping ? [loss.meanLoss(yValid, rawValid)] : [];
  let lastYield = Date.now();

  for (let iteration = 1; iteration <= p.nIter; iteration++) {
    if (options.signal?.aborted) throw new TrainingAbortedError(iteration - 1);
    loss.gradients(yTrain, rawTrain, grad, hess);
    const tree = builder.grow(grad, hess, (value, start, end) => {
      for (let i = start; i < end; i++) rawTrain[builder.rows[i]!]! += value;
    });
    for (let row = 0; row < valid.numRows; row++)
      rawValid[row]! += predictBinnedRow(tree, valid, row);
    trees.push(toModelTree(tree, binnings));
    tree.feature.forEach((f, node) => {
      if (f < 0) return;
      gainImportance[f]! += tree.gain[node]!;
      splitImportance[f]! += 1;
    });
    const trainLoss = loss.meanLoss(yTrain, rawTrain);
    trainLosses.push(trainLoss);
    const validLoss = earlyStopping ? loss.meanLoss(yValid, rawValid) : undefined;
    if (validLoss !== undefined) validLosses.push(validLoss);
    options.onProgress?.({
      iteration,
      trainLoss,
      ...(validLoss === undefined ? {} : { validLoss }),
    });
    if (earlyStopping && shouldStopEarly(validLosses, p.nIterNoChange, p.tol)) break;
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
  }
  if (options.signal?.aborted) throw new TrainingAbortedError(trees.length);

  return {
    format: 'aistudio.gbdt',
    version: 1,
    objective: p.objective,
    baseline,
    features: binnings.map(toModelFeature),
    trees,
    featureImportance: { gain: gainImportance, split: splitImportance },
    history: earlyStopping
      ? { trainLoss: trainLosses, validLoss: validLosses.slice(1) }
      : { trainLoss: trainLosses },
  };
}

function checkInputs(p: ResolvedGbdtParams, table: Table, target: Float64Array): void {
  if (table.numRows === 0) throw new EngineInputError('table', 'has no rows');
  if (table.columns.length === 0) throw new EngineInputError('table', 'has no feature columns');
  if (target.length !== table.numRows) {
    throw new EngineInputError('target', `has ${target.length} values for ${table.numRows} rows`);
  }
  for (let i = 0; i < target.length; i++) {
    const y = target[i]!;
    if (!Number.isFinite(y))
      throw new EngineInputError('target', `row ${i} is ${y}; must be finite`);
    if (p.objective === 'binary' && y !== 0 && y !== 1) {
      throw new EngineInputError('target', `row ${i} is ${y}; binary targets must be 0 or 1`);
    }
  }
}

function requireBothClasses(y: Float64Array): void {
  let positives = 0;
  for (const v of y) positives += v;
  if (positives === 0 || positives === y.length) {
    throw new EngineInputError('target', 'has a single class; binary training needs both 0 and 1');
  }
}

function takeRows(data: BinnedTable, rows: Uint32Array): BinnedTable {
  if (rows.length === data.numRows) return data;
  return {
    numRows: rows.length,
    numBins: data.numBins,
    codes: data.codes.map((column) => {
      const out = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
      return out;
    }),
  };
}

function gather(values: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function toModelTree(tree: BinnedTree, binnings: readonly FeatureBinning[]): GbdtTree {
  const threshold = tree.feature.map((f, node) => {
    if (f < 0) return 0;
    const binning = binnings[f]!;
    const bin = tree.bin[node]!;
    if (binning.kind === 'categorical') return bin;
    // The last value bin has no edge: that split separates "has a value" from "is missing".
    return bin < binning.numBins - 1 ? binning.edges[bin]! : FLOAT32_MAX;
  });
  return {
    feature: tree.feature,
    threshold,
    left: tree.left,
    right: tree.right,
    defaultLeft: tree.defaultLeft,
    value: tree.value,
    gain: tree.gain,
    count: tree.count,
  };
}

function toModelFeature(binning: FeatureBinning): GbdtFeature {
  if (binning.kind === 'numeric') return { name: binning.name, kind: 'numeric' };
  return {
    name: binning.name,
    kind: 'categorical',
    missingBin: binning.numBins,
    categories: binning.categories,
    categoryBins: binning.categoryBins,
  };
}

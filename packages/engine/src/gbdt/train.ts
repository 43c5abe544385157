import {
  applyBinning,
  splitThresholds,
  fitBinning,
  FLOAT32_MAX,
  type BinnedTable,
  type FeatureBinning,
} from '../binning.js';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { createRandom, sampleSorted, shuffleInPlace } from '../random.js';
import type { Table } from '../table.js';
import { shouldStopEarly } from './early-stopping.js';
import { lossFor, type Loss } from './loss.js';
import type { GbdtFeature, GbdtModel, GbdtTree } from './model.js';
import { sharedArray, type HistogramThreads } from './parallel.js';
import { resolveGbdtParams, type GbdtParams, type ResolvedGbdtParams } from './params.js';
import { predictBinnedRow, TreeBuilder, type BinnedTree } from './tree-builder.js';
import { splitTrainValidation } from './validation-split.js';

/** Reported after every boosting iteration. */
export interface GbdtProgress {
  /** Iterations done so far (1 after the first tree, or the first tree per class). */
  readonly iteration: number;
  readonly trainLoss: number;
  readonly validLoss?: number;
}

/** Callbacks, cancellation and checkpoints of `trainGbdt`. */
export interface TrainGbdtOptions {
  onProgress?(event: GbdtProgress): void;
  /** Checked between iterations; training then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
  /** Calls `onCheckpoint` with the model so far after every this many iterations. */
  readonly checkpointEvery?: number;
  /** Receives a partial model; passing it back as `resumeFrom` continues the same run. */
  onCheckpoint?(partial: GbdtModel): void;
  /**
   * A checkpoint (or a finished model) of the same parameters and data: training continues after
   * its last iteration and ends with the model an uninterrupted run would have given.
   */
  readonly resumeFrom?: GbdtModel;
  /**
   * Extra threads to share histogram building (see `HistogramThreads`). Histograms sum quantised
   * gradients as exact integers, so the trees are the same for any number of threads.
   */
  readonly threads?: HistogramThreads;
  /**
   * Below this many training cells (rows × features) `threads` are left idle: on small data,
   * meeting the threads at every node costs more than sharing the work saves. Default 1,000,000.
   */
  readonly minThreadedCells?: number;
}

const MIN_THREADED_CELLS = 1_000_000;

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
  const numClasses = checkInputs(p, table, target);
  const loss = lossFor(p.objective, { numClasses, huberDelta: p.huberDelta });
  const k = loss.numOutputs;
  const earlyStopping = p.earlyStopping === 'auto' ? table.numRows > 10_000 : p.earlyStopping;
  const split = splitTrainValidation(target, earlyStopping ? p.validationFraction : 0, {
    stratify: p.objective === 'binary' || p.objective === 'multiclass',
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
  const threaded =
    split.train.length * names.length >= (options.minThreadedCells ?? MIN_THREADED_CELLS);
  const threads = threaded && options.threads && options.threads.size > 0 ? options.threads : null;
  // Worker threads compute gradients too: their inputs go on shared memory.
  const allocate = (length: number) =>
    threads ? sharedArray(Float64Array, length) : new Float64Array(length);
  const yTrain = gather(target, split.train, allocate);
  const yValid = gather(target, split.valid);
  requireEveryClass(p, yTrain, numClasses);

  const n = train.numRows;
  const baseline = options.resumeFrom
    ? Float64Array.from(checkResume(options.resumeFrom, p, names).baseline)
    : loss.baseline(yTrain);
  const rawTrain = startingScores(baseline, n, allocate);
  const rawValid = startingScores(baseline, valid.numRows);
  const gradients = {
    ...{ objective: p.objective, numClasses, huberDelta: p.huberDelta },
    ...{ y: yTrain, raw: rawTrain, grad: allocate(n * k), hess: allocate(n * k) },
  };
  const builder = new TreeBuilder(train, p, gradients, threads);
  try {
    return await boost();
  } finally {
    builder.close();
  }

  async function boost(): Promise<GbdtModel> {
    const trees: GbdtTree[] = [];
    const gainImportance = new Array<number>(names.length).fill(0);
    const splitImportance = new Array<number>(names.length).fill(0);
    const trainLosses: number[] = [];
    const trainLossOf = trainLossEstimator(loss, yTrain, p.seed);
    const validLosses = earlyStopping ? [loss.meanLoss(yValid, rawValid)] : [];
    const modelSoFar = (): GbdtModel => ({
      format: 'aistudio.gbdt',
      version: 1,
      objective: p.objective,
      treesPerIteration: k,
      params: p,
      baseline: [...baseline],
      features: binnings.map(toModelFeature),
      trees: [...trees],
      featureImportance: { gain: [...gainImportance], split: [...splitImportance] },
      history: earlyStopping
        ? { trainLoss: [...trainLosses], validLoss: validLosses.slice(1) }
        : { trainLoss: [...trainLosses] },
    });
    const addTree = (tree: BinnedTree): void => {
      trees.push(toModelTree(tree, binnings));
      tree.feature.forEach((f, node) => {
        if (f < 0) return;
        gainImportance[f]! += tree.gain[node]!;
        splitImportance[f]! += 1;
      });
    };

    let firstIteration = 1;
    if (options.resumeFrom) {
      // Replaying the checkpoint's trees on the binned rows repeats, addition for addition, the
      // updates the interrupted run made, so the scores (and the rest of the run) are bit-identical.
      const done = options.resumeFrom.trees.length / k;
      for (let t = 0; t < options.resumeFrom.trees.length; t++) {
        const tree = toBinnedTree(options.resumeFrom.trees[t]!, binnings);
        const out = t % k;
        addScores(tree, train, rawTrain.subarray(out * n, (out + 1) * n));
        addScores(tree, valid, rawValid.subarray(out * valid.numRows, (out + 1) * valid.numRows));
        addTree(tree);
        if (out === k - 1) {
          trainLosses.push(trainLossOf(rawTrain));
          if (earlyStopping) validLosses.push(loss.meanLoss(yValid, rawValid));
        }
      }
      firstIteration = done + 1;
    }

    let lastYield = Date.now();
    const allRows = Uint32Array.from({ length: n }, (_, i) => i);
    for (let iteration = firstIteration; iteration <= p.nIter; iteration++) {
      if (earlyStopping && shouldStopEarly(validLosses, p.nIterNoChange, p.tol)) break;
      if (options.signal?.aborted) throw new TrainingAbortedError(iteration - 1);
      builder.computeGradients();
      // Each iteration draws from its own seeded generator, so a resumed run draws the same rows.
      const random = createRandom((p.seed ^ Math.imul(iteration, 0x9e3779b1)) >>> 0);
      const sample =
        p.subsample < 1
          ? sampleSorted(
              allRows,
              Math.max(1, Math.round(p.subsample * n)),
              Math.floor(random() * 2 ** 32),
            )
          : null;
      const roundingSeed = Math.floor(random() * 2 ** 32);
      for (let out = 0; out < k; out++) {
        const raw = rawTrain.subarray(out * n, (out + 1) * n);
        const allowed = p.colsampleByTree < 1 ? pickFeatures(names.length, p, random) : null;
        const tree = builder.grow(
          out,
          sample,
          allowed,
          (roundingSeed + out) >>> 0,
          (grown, node, start, end) => {
            if (loss.leafValue) {
              const best = loss.leafValue(yTrain, raw, builder.rows, start, end);
              grown.value[node] = p.learningRate * best;
            }
            if (sample) return; // rows outside the sample are scored below, through the tree
            const value = grown.value[node]!;
            for (let i = start; i < end; i++) raw[builder.rows[i]!]! += value;
          },
        );
        if (sample) addScores(tree, train, raw);
        addScores(tree, valid, rawValid.subarray(out * valid.numRows, (out + 1) * valid.numRows));
        addTree(tree);
      }
      const trainLoss = trainLossOf(rawTrain);
      trainLosses.push(trainLoss);
      const validLoss = earlyStopping ? loss.meanLoss(yValid, rawValid) : undefined;
      if (validLoss !== undefined) validLosses.push(validLoss);
      options.onProgress?.({
        iteration,
        trainLoss,
        ...(validLoss === undefined ? {} : { validLoss }),
      });
      if (options.checkpointEvery && iteration % options.checkpointEvery === 0) {
        options.onCheckpoint?.(modelSoFar());
      }
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
    }
    if (options.signal?.aborted) throw new TrainingAbortedError(trees.length / k);
    return modelSoFar();
  }
}

/** Validates the table and target; returns the number of classes (1 unless multiclass). */
function checkInputs(p: ResolvedGbdtParams, table: Table, target: Float64Array): number {
  if (table.numRows === 0) throw new EngineInputError('table', 'has no rows');
  if (table.columns.length === 0) throw new EngineInputError('table', 'has no feature columns');
  if (target.length !== table.numRows) {
    throw new EngineInputError('target', `has ${target.length} values for ${table.numRows} rows`);
  }
  let maxClass = 0;
  for (let i = 0; i < target.length; i++) {
    const y = target[i]!;
    if (!Number.isFinite(y))
      throw new EngineInputError('target', `row ${i} is ${y}; must be finite`);
    if (p.objective === 'binary' && y !== 0 && y !== 1) {
      throw new EngineInputError('target', `row ${i} is ${y}; binary targets must be 0 or 1`);
    }
    if (p.objective === 'multiclass') {
      if (!Number.isInteger(y) || y < 0 || y >= MAX_CLASSES) {
        throw new EngineInputError(
          'target',
          `row ${i} is ${y}; multiclass targets must be class codes 0..${MAX_CLASSES - 1}`,
        );
      }
      maxClass = Math.max(maxClass, y);
    }
  }
  return p.objective === 'multiclass' ? maxClass + 1 : 1;
}

// One tree per class and iteration: beyond this the model is better framed another way.
const MAX_CLASSES = 1_000;

function requireEveryClass(p: ResolvedGbdtParams, y: Float64Array, numClasses: number): void {
  if (p.objective !== 'binary' && p.objective !== 'multiclass') return;
  const counts = new Float64Array(Math.max(2, numClasses));
  for (const v of y) counts[v]! += 1;
  const absent = counts.findIndex((c) => c === 0);
  if (p.objective === 'binary' && absent >= 0) {
    throw new EngineInputError('target', 'has a single class; binary training needs both 0 and 1');
  }
  if (absent >= 0) {
    throw new EngineInputError(
      'target',
      `class ${absent} has no training rows; multiclass targets must use every code 0..${numClasses - 1}`,
    );
  }
  if (p.objective === 'multiclass' && numClasses < 2) {
    throw new EngineInputError(
      'target',
      'has a single class; multiclass training needs two or more',
    );
  }
}

function checkResume(from: GbdtModel, p: ResolvedGbdtParams, names: readonly string[]): GbdtModel {
  const { nIter: _a, ...want } = p;
  const { nIter: _b, ...have } = from.params;
  if (JSON.stringify(want) !== JSON.stringify(have)) {
    throw new EngineInputError(
      'resumeFrom',
      'was trained with other parameters (only nIter may differ)',
    );
  }
  if (JSON.stringify(from.features.map((f) => f.name)) !== JSON.stringify(names)) {
    throw new EngineInputError('resumeFrom', 'was trained on other feature columns');
  }
  if (from.trees.length % from.treesPerIteration !== 0) {
    throw new EngineInputError('resumeFrom', 'holds a partial iteration');
  }
  return from;
}

// The training loss reported per iteration is measured on at most this many rows, as
// scikit-learn scores training progress on a 10,000-row subsample: on large data the full loss
// would cost as much as a good share of a tree.
const TRAIN_LOSS_ROWS = 10_000;

/** Mean training loss at `raw`, on every row or on a fixed seeded sample of them. */
function trainLossEstimator(
  loss: Loss,
  y: Float64Array,
  seed: number,
): (raw: Float64Array) => number {
  const n = y.length;
  if (n <= TRAIN_LOSS_ROWS) return (raw) => loss.meanLoss(y, raw);
  const rows = sampleSorted(
    Uint32Array.from({ length: n }, (_, i) => i),
    TRAIN_LOSS_ROWS,
    seed,
  );
  const ySample = gather(y, rows);
  const k = loss.numOutputs;
  const rawSample = new Float64Array(TRAIN_LOSS_ROWS * k);
  return (raw) => {
    for (let out = 0; out < k; out++) {
      for (let i = 0; i < TRAIN_LOSS_ROWS; i++) {
        rawSample[out * TRAIN_LOSS_ROWS + i] = raw[out * n + rows[i]!]!;
      }
    }
    return loss.meanLoss(ySample, rawSample);
  };
}

function pickFeatures(
  numFeatures: number,
  p: ResolvedGbdtParams,
  random: () => number,
): Uint8Array {
  const count = Math.max(1, Math.round(p.colsampleByTree * numFeatures));
  const order = shuffleInPlace(
    Uint32Array.from({ length: numFeatures }, (_, i) => i),
    random,
  );
  const allowed = new Uint8Array(numFeatures);
  for (let i = 0; i < count; i++) allowed[order[i]!] = 1;
  return allowed;
}

function startingScores(
  baseline: Float64Array,
  n: number,
  allocate = (length: number) => new Float64Array(length),
): Float64Array {
  const raw = allocate(n * baseline.length);
  baseline.forEach((b, out) => raw.fill(b, out * n, (out + 1) * n));
  return raw;
}

function addScores(tree: BinnedTree, data: BinnedTable, raw: Float64Array): void {
  for (let row = 0; row < data.numRows; row++) raw[row]! += predictBinnedRow(tree, data, row);
}

function takeRows(data: BinnedTable, rows: Uint32Array): BinnedTable {
  if (rows.length === data.numRows) return data;
  return {
    ...data,
    numRows: rows.length,
    codes: data.codes.map((column) => {
      const out = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
      return out;
    }),
  };
}

function gather(
  values: Float64Array,
  rows: Uint32Array,
  allocate = (length: number) => new Float64Array(length),
): Float64Array {
  const out = allocate(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function toModelTree(tree: BinnedTree, binnings: readonly FeatureBinning[]): GbdtTree {
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
  };
}

// The inverse of toModelTree, for replaying a checkpoint: thresholds back to bins.
function toBinnedTree(tree: GbdtTree, binnings: readonly FeatureBinning[]): BinnedTree {
  const bin = tree.feature.map((f, node) => {
    const binning = binnings[f];
    if (!binning || binning.kind === 'categorical') return 0;
    const t = tree.threshold[node]!;
    if (t === FLOAT32_MAX) return binning.numBins - 1;
    const b = binning.edges.indexOf(t);
    if (b < 0) throw new EngineInputError('resumeFrom', 'was binned on other data');
    return b;
  });
  return { ...tree, bin, leftBins: [...tree.leftBins], value: [...tree.value] };
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

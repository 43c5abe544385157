import type { Table } from '../table.js';
import { rawToPrediction } from './loss.js';
import type { GbdtObjective, ResolvedGbdtParams } from './params.js';
import { treeInput, type TreeFeature } from '../tree-input.js';

/** One tree as flat arrays; node 0 is the root and `feature[n] === -1` marks a leaf. */
export interface GbdtTree {
  readonly feature: number[];
  /** Numeric splits: go left when float32(x) <= threshold. */
  readonly threshold: number[];
  /**
   * Categorical splits: the bins (see the feature's `categoryBins`) that go left; every other bin
   * goes right. Null on numeric splits and leaves.
   */
  readonly leftBins: (readonly number[] | null)[];
  readonly left: number[];
  readonly right: number[];
  /** Where missing values (and unseen categories) go. */
  readonly defaultLeft: boolean[];
  /** Leaf value added to the raw score (internal nodes: the value they would have as a leaf). */
  readonly value: number[];
  /** Split gain on internal nodes, 0 on leaves. */
  readonly gain: number[];
  /** Training rows that reached the node. */
  readonly count: number[];
}

/** An input feature of a GBDT model and how its values were binned. */
export type GbdtFeature = TreeFeature;

/** A trained GBDT as plain JSON-serialisable data. */
export interface GbdtModel {
  readonly format: 'aistudio.gbdt';
  readonly version: 1;
  readonly objective: GbdtObjective;
  /** Trees grown per iteration: the number of classes for multiclass, else 1. */
  readonly treesPerIteration: number;
  /** Every parameter the model was trained with, defaults filled in. */
  readonly params: ResolvedGbdtParams;
  /** Raw score before the first tree, one per tree of an iteration. */
  readonly baseline: readonly number[];
  readonly features: readonly GbdtFeature[];
  /** Iteration i's tree for output (class) k is `trees[i * treesPerIteration + k]`. */
  readonly trees: readonly GbdtTree[];
  /** Total split gain and number of splits per feature, in `features` order. */
  readonly featureImportance: { readonly gain: number[]; readonly split: number[] };
  /** Per-iteration mean training loss (and validation loss when early stopping ran). */
  readonly history: { readonly trainLoss: number[]; readonly validLoss?: number[] };
}

/** Options of `predictGbdt`. */
export interface PredictGbdtOptions {
  /** Return raw scores (log-odds for binary) instead of probabilities. */
  readonly raw?: boolean;
}

/**
 * Predicts every row of `table`: the value for regression, P(class 1) for binary, and class
 * probabilities row-major (row i's k values at i * k) for multiclass.
 */
export function predictGbdt(
  model: GbdtModel,
  table: Table,
  options: PredictGbdtOptions = {},
): Float64Array {
  const inputs = model.features.map((feature) => treeInput(feature, table));
  const n = table.numRows;
  const k = model.treesPerIteration;
  const forest = flatForestOf(model);
  // Output-major while summing: each tree adds into one contiguous block.
  const raw = new Float64Array(n * k);
  for (let out = 0; out < k; out++) raw.fill(model.baseline[out]!, out * n, (out + 1) * n);
  for (let t = 0; t < forest.roots.length; t++)
    addTreeScores(forest, t, inputs, raw, (t % k) * n, n);
  if (!options.raw) return rawToPrediction(model.objective, raw, n);
  if (k === 1) return raw;
  const rowMajor = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) rowMajor[i * k + c] = raw[c * n + i]!;
  return rowMajor;
}

/** Every tree's nodes in shared typed arrays; `left`/`right` hold absolute node indices. */
interface FlatForest {
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float64Array;
  /** Categorical nodes: offset of their 256-entry "bin goes left" table in `leftBinTables`, else -1. */
  readonly leftBinTable: Int32Array;
  readonly leftBinTables: Uint8Array;
}

// Flattened once per model object: serving scores one row at a time, so per-call conversion of
// 300 trees into typed arrays cost more than the traversal itself.
const flatForests = new WeakMap<GbdtModel, FlatForest>();

function flatForestOf(model: GbdtModel): FlatForest {
  let forest = flatForests.get(model);
  if (!forest) {
    forest = flattenForest(model.trees);
    flatForests.set(model, forest);
  }
  return forest;
}

function flattenForest(trees: readonly GbdtTree[]): FlatForest {
  const nodes = trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  const categorical = trees.reduce((sum, tree) => sum + tree.leftBins.filter(Boolean).length, 0);
  const forest = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(nodes),
    threshold: new Float64Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    defaultLeft: new Uint8Array(nodes),
    value: new Float64Array(nodes),
    leftBinTable: new Int32Array(nodes).fill(-1),
    leftBinTables: new Uint8Array(categorical * 256),
  };
  let base = 0;
  let tables = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = base;
    for (let i = 0; i < tree.feature.length; i++) {
      const node = base + i;
      forest.feature[node] = tree.feature[i]!;
      forest.threshold[node] = tree.threshold[i]!;
      forest.left[node] = base + tree.left[i]!;
      forest.right[node] = base + tree.right[i]!;
      forest.defaultLeft[node] = tree.defaultLeft[i] ? 1 : 0;
      forest.value[node] = tree.value[i]!;
      const bins = tree.leftBins[i];
      if (bins) {
        forest.leftBinTable[node] = tables;
        for (const b of bins) forest.leftBinTables[tables + b] = 1;
        tables += 256;
      }
    }
    base += tree.feature.length;
  });
  return forest;
}

/** Adds tree `t`'s leaf values for rows 0..n-1 into `out[offset + row]`. */
function addTreeScores(
  forest: FlatForest,
  t: number,
  inputs: readonly Float32Array[],
  out: Float64Array,
  offset: number,
  n: number,
): void {
  const { feature, threshold, left, right, defaultLeft, value, leftBinTable, leftBinTables } =
    forest;
  const root = forest.roots[t]!;
  for (let row = 0; row < n; row++) {
    let node = root;
    let f = feature[node]!;
    while (f >= 0) {
      const x = inputs[f]![row]!;
      const table = leftBinTable[node]!;
      const goLeft =
        x !== x
          ? defaultLeft[node] === 1
          : table >= 0
            ? leftBinTables[table + x] === 1
            : x <= threshold[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[offset + row]! += value[node]!;
  }
}

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
  // Output-major while summing: each tree adds into one contiguous block.
  const raw = new Float64Array(n * k);
  model.baseline.forEach((b, out) => raw.fill(b, out * n, (out + 1) * n));
  model.trees.forEach((tree, t) => {
    const out = t % k;
    addTreeScores(tree, inputs, raw.subarray(out * n, (out + 1) * n));
  });
  if (!options.raw) return rawToPrediction(model.objective, raw, n);
  if (k === 1) return raw;
  const rowMajor = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) rowMajor[i * k + c] = raw[c * n + i]!;
  return rowMajor;
}

function addTreeScores(tree: GbdtTree, inputs: readonly Float32Array[], out: Float64Array): void {
  const feature = Int32Array.from(tree.feature);
  const threshold = Float64Array.from(tree.threshold);
  const left = Int32Array.from(tree.left);
  const right = Int32Array.from(tree.right);
  const defaultLeft = Uint8Array.from(tree.defaultLeft, Number);
  const value = Float64Array.from(tree.value);
  // Categorical splits as 256-entry lookup tables of "goes left" per bin.
  const leftSets = tree.leftBins.map((bins) => {
    if (!bins) return null;
    const set = new Uint8Array(256);
    for (const b of bins) set[b] = 1;
    return set;
  });
  for (let row = 0; row < out.length; row++) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const x = inputs[f]![row]!;
      const set = leftSets[node];
      const goLeft = x !== x ? defaultLeft[node] === 1 : set ? set[x] === 1 : x <= threshold[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[row]! += value[node]!;
  }
}

import type { FeatureBinning } from '../binning.js';
import { EngineInputError } from '../errors.js';
import type { GbdtFeature } from '../gbdt/model.js';
import type { Table } from '../table.js';
import type { ForestTask, ResolvedForestParams } from './params.js';
import { treeInput } from '../tree-input.js';

/**
 * One tree as flat arrays, laid out as a `GbdtTree` so the GBDT's ONNX exporter can walk it:
 * node 0 is the root and `feature[n] === -1` marks a leaf.
 */
export interface ForestTree {
  readonly feature: number[];
  /** Numeric splits: go left when float32(x) <= threshold (an exact float32 value). */
  readonly threshold: number[];
  /** Categorical splits: the bins (see the feature's `categoryBins`) that go left; else null. */
  readonly leftBins: (readonly number[] | null)[];
  readonly left: number[];
  readonly right: number[];
  /** Where missing values (and unseen categories) go. */
  readonly defaultLeft: boolean[];
  /**
   * `numOutputs` values per node, node n's at n * numOutputs: class probabilities for
   * classification, the mean target for regression (internal nodes: their value as a leaf).
   */
  readonly value: number[];
  /** Weighted impurity decrease of the split on internal nodes, 0 on leaves. */
  readonly gain: number[];
  /** Distinct training rows (in the tree's bootstrap sample) that reached the node. */
  readonly count: number[];
  /** Bootstrap draws that reached the node (scikit-learn's `weighted_n_node_samples`). */
  readonly weight: number[];
}

/** Out-of-bag evaluation: every row scored only by the trees that did not train on it. */
export interface ForestOob {
  /** Accuracy (classification) or R² (regression) over the rows with an OOB prediction. */
  readonly score: number | null;
  /** Rows that were out of bag for at least one tree. */
  readonly scoredRows: number;
  /**
   * Per training row (row-major, `numOutputs` each): averaged OOB class probabilities or value;
   * null for a row every tree trained on.
   */
  readonly predictions: (number | null)[];
}

/** A trained random forest (or single decision tree) as plain JSON-serialisable data. */
export interface ForestModel {
  readonly format: 'aistudio.forest';
  readonly version: 1;
  readonly task: ForestTask;
  /** Classes (classification) or 1 (regression): values per node and per predicted row. */
  readonly numOutputs: number;
  /** Every parameter the model was trained with, defaults filled in. */
  readonly params: ResolvedForestParams;
  readonly features: readonly GbdtFeature[];
  readonly trees: readonly ForestTree[];
  /** Mean impurity decrease per feature, normalised to sum to 1 (scikit-learn's definition). */
  readonly featureImportance: number[];
  /** Out-of-bag score and predictions; null without bootstrap. */
  readonly oob: ForestOob | null;
}

/**
 * Predicts every row of `table` as the mean over trees: the value for regression, class
 * probabilities row-major (row i's k values at i * k) for classification.
 */
export function predictForest(model: ForestModel, table: Table): Float64Array {
  if (model?.format !== 'aistudio.forest') {
    throw new EngineInputError('model', 'is not a random-forest model (format aistudio.forest)');
  }
  const inputs = model.features.map((feature) => treeInput(feature, table));
  const n = table.numRows;
  const k = model.numOutputs;
  const out = new Float64Array(n * k);
  for (const tree of model.trees) addTreeValues(tree, inputs, k, out);
  const scale = 1 / model.trees.length;
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}

/** The class of highest probability per row (the lowest class on ties), from `predictForest`. */
export function forestClasses(probabilities: Float64Array, numClasses: number): Int32Array {
  const n = probabilities.length / numClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) {
      if (probabilities[i * numClasses + c]! > probabilities[i * numClasses + best]!) best = c;
    }
    out[i] = best;
  }
  return out;
}

function addTreeValues(
  tree: ForestTree,
  inputs: readonly Float32Array[],
  k: number,
  out: Float64Array,
): void {
  const feature = Int32Array.from(tree.feature);
  const threshold = Float64Array.from(tree.threshold);
  const left = Int32Array.from(tree.left);
  const right = Int32Array.from(tree.right);
  const defaultLeft = Uint8Array.from(tree.defaultLeft, Number);
  // Categorical splits as 256-entry lookup tables of "goes left" per bin.
  const leftSets = tree.leftBins.map((bins) => {
    if (!bins) return null;
    const set = new Uint8Array(256);
    for (const b of bins) set[b] = 1;
    return set;
  });
  const n = out.length / k;
  for (let row = 0; row < n; row++) {
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const x = inputs[f]![row]!;
      const set = leftSets[node];
      const goLeft = x !== x ? defaultLeft[node] === 1 : set ? set[x] === 1 : x <= threshold[node]!;
      node = goLeft ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    for (let c = 0; c < k; c++) out[row * k + c]! += tree.value[node * k + c]!;
  }
}

/** How the model records a binned input feature (the GBDT's `features` layout). */
export function toModelFeature(binning: FeatureBinning): GbdtFeature {
  if (binning.kind === 'numeric') return { name: binning.name, kind: 'numeric' };
  return {
    name: binning.name,
    kind: 'categorical',
    missingBin: binning.numBins,
    categories: binning.categories,
    categoryBins: binning.categoryBins,
  };
}

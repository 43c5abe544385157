import type { GbdtModel, GbdtTree } from '../gbdt/model.js';
import type { Table } from '../table.js';
import { explainTrees, type ModelShapValues, type ShapEnsemble } from './explain-trees.js';
import type { ShapTree } from './shap-tree.js';
import { treeInput } from '../tree-input.js';

/**
 * Exact TreeSHAP values of a GBDT model on every row of `table`, in raw-score units (log-odds for
 * binary, per-class scores for multiclass, one SHAP vector per class). For each row and output,
 * `expectedValue + Σ values` equals `predictGbdt(model, table, { raw: true })`.
 */
export function explainGbdt(model: GbdtModel, table: Table): ModelShapValues {
  const k = model.treesPerIteration;
  const ensemble: ShapEnsemble = {
    trees: model.trees.map((tree, t) => ({ tree: gbdtShapTree(tree), firstOutput: t % k })),
    numFeatures: model.features.length,
    numOutputs: k,
    baseline: model.baseline,
  };
  const inputs = model.features.map((feature) => treeInput(feature, table));
  return { ...explainTrees(ensemble, inputs), featureNames: model.features.map((f) => f.name) };
}

/** A GBDT tree seen through the TreeSHAP interface: training row counts are the cover. */
export function gbdtShapTree(tree: GbdtTree): ShapTree {
  const leftSets = tree.leftBins.map((bins) => (bins ? new Set(bins) : null));
  return {
    feature: tree.feature,
    left: tree.left,
    right: tree.right,
    cover: tree.count,
    value: tree.value,
    // Same decision as predictGbdt: float32 input, categorical bin sets, missing by defaultLeft.
    goesLeft: (node, x) => {
      if (x !== x) return tree.defaultLeft[node]!;
      const set = leftSets[node];
      return set ? set.has(x) : x <= tree.threshold[node]!;
    },
  };
}

import { EngineInputError } from '../errors.js';
import type { ForestModel, ForestTree } from '../forest/model.js';
import type { Table } from '../table.js';
import { explainTrees, type ModelShapValues } from './explain-trees.js';
import type { ShapTree } from './shap-tree.js';
import { treeInput } from '../tree-input.js';

/**
 * Exact TreeSHAP values of a random forest on every row of `table`: one SHAP vector per class
 * (probability units) for classification, one for regression. For each row and output,
 * `expectedValue + Σ values` equals `predictForest(model, table)`.
 */
export function explainForest(model: ForestModel, table: Table): ModelShapValues {
  if (model?.format !== 'aistudio.forest') {
    throw new EngineInputError('model', 'is not a random-forest model (format aistudio.forest)');
  }
  const k = model.numOutputs;
  const scale = 1 / model.trees.length;
  const values = explainTrees(
    {
      trees: model.trees.map((tree) => ({ tree: forestShapTree(tree), width: k, scale })),
      numFeatures: model.features.length,
      numOutputs: k,
    },
    model.features.map((feature) => treeInput(feature, table)),
  );
  return { ...values, featureNames: model.features.map((f) => f.name) };
}

/**
 * A forest tree seen through the TreeSHAP interface. The cover is the bootstrap draws that reached
 * each node, as scikit-learn's `weighted_n_node_samples` (the distinct rows for models saved
 * before trees recorded weights).
 */
export function forestShapTree(tree: ForestTree): ShapTree {
  const leftSets = tree.leftBins.map((bins) => (bins ? new Set(bins) : null));
  return {
    feature: tree.feature,
    left: tree.left,
    right: tree.right,
    cover: (tree.weight as readonly number[] | undefined) ?? tree.count,
    value: tree.value,
    // Same decision as predictForest: float32 input, categorical bin sets, missing by defaultLeft.
    goesLeft: (node, x) => {
      if (x !== x) return tree.defaultLeft[node]!;
      const set = leftSets[node];
      return set ? set.has(x) : x <= tree.threshold[node]!;
    },
  };
}

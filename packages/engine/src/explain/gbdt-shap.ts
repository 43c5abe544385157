import { categoryBinsFor } from '../binning.js';
import { EngineInputError } from '../errors.js';
import type { GbdtFeature, GbdtModel, GbdtTree } from '../gbdt/model.js';
import type { Table } from '../table.js';
import { explainTrees, type ModelShapValues, type ShapEnsemble } from './explain-trees.js';
import type { ShapTree } from './shap-tree.js';

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
  const inputs = model.features.map((feature) => float32Input(feature, table));
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

// The inputs predictGbdt compares: float32 numbers, categorical bins, NaN when missing.
function float32Input(feature: GbdtFeature, table: Table): Float32Array {
  const column = table.column(feature.name);
  if (column.kind !== feature.kind) {
    throw new EngineInputError(
      feature.name,
      `expected a ${feature.kind} column, got ${column.kind}`,
    );
  }
  if (column.kind === 'numeric') return Float32Array.from(column.values);
  if (column.kind !== 'categorical' || feature.kind !== 'categorical') {
    throw new EngineInputError(feature.name, 'expected a numeric or categorical column');
  }
  const bins = categoryBinsFor(column, { ...feature, numBins: feature.missingBin });
  return Float32Array.from(column.codes, (code) => {
    const bin = code < 0 ? feature.missingBin : bins[code]!;
    return bin === feature.missingBin ? NaN : bin;
  });
}

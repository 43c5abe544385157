import { permutationImportance } from '../explain/permutation-importance.js';
import { accuracy } from '../metrics/label-metrics.js';
import { r2Score } from '../metrics/regression-metrics.js';
import { predict, type Estimator, type TrainedModel } from '../model.js';
import { sampleSorted } from '../random.js';
import { alignToInputs } from '../records.js';
import type { Table } from '../table.js';
import { featureSources, sumByColumn } from './feature-sources.js';

/** Importance of each input column, most important first. */
export type FeatureImportanceReport =
  | {
      /** Tree models: total split gain and number of splits, summed over derived features. */
      readonly method: 'tree';
      /** GBDT: loss reduction; forest and tree: impurity decrease normalised to sum to 1. */
      readonly gainKind: 'loss reduction' | 'impurity decrease';
      readonly features: { column: string; gain: number; gainShare: number; splits: number }[];
    }
  | {
      /** Other models: drop of the score when one column is shuffled, over `repeats` shuffles. */
      readonly method: 'permutation';
      readonly scoring: 'accuracy' | 'r2';
      readonly repeats: number;
      readonly rows: number;
      readonly features: { column: string; mean: number; std: number }[];
    };

// Permutation importance predicts columns × repeats times; this many rows keep it to seconds.
const PERMUTATION_ROWS = 2000;
const PERMUTATION_REPEATS = 5;

/**
 * Gain and split counts for tree models; permutation importance on the held-out rows for the
 * others (`truth`: class codes or target values of those rows).
 */
export async function featureImportance(
  model: TrainedModel,
  table: Table,
  truth: Float64Array,
  seed: number,
): Promise<FeatureImportanceReport> {
  const inputs = model.inputs.map((f) => f.name);
  const tree = treeGainAndSplits(model);
  if (tree) {
    const { names, gain, splits } = tree;
    const sources = featureSources(names, inputs);
    const byGain = sumByColumn(sources, gain, inputs);
    const bySplits = sumByColumn(sources, splits, inputs);
    const total = byGain.values.reduce((a, b) => a + b, 0);
    const features = byGain.columns.map((column, i) => ({
      column,
      gain: byGain.values[i]!,
      gainShare: total > 0 ? byGain.values[i]! / total : 0,
      splits: bySplits.values[i]!,
    }));
    return {
      method: 'tree',
      gainKind: model.algorithm === 'gbdt' ? 'loss reduction' : 'impurity decrease',
      features: features.sort((a, b) => b.gain - a.gain || b.splits - a.splits),
    };
  }
  const all = Uint32Array.from({ length: table.numRows }, (_, i) => i);
  const rows = sampleSorted(all, PERMUTATION_ROWS, seed);
  const data = alignToInputs(model.inputs, table.take(rows));
  const y = Float64Array.from(rows, (r) => truth[r]!);
  const regression = model.task === 'regression';
  const result = await permutationImportance(data, {
    predict: (d: Table) => predict(model, d),
    score: (p) =>
      regression
        ? r2Score(y, p.values!)
        : accuracy(
            Int32Array.from(y),
            Int32Array.from(p.labels!, (label) => model.target.classes!.indexOf(label)),
          ),
    nRepeats: PERMUTATION_REPEATS,
    seed,
  });
  const features = result.columns.map((column, c) => ({
    column,
    mean: result.importancesMean[c]!,
    std: result.importancesStd[c]!,
  }));
  return {
    method: 'permutation',
    scoring: regression ? 'r2' : 'accuracy',
    repeats: PERMUTATION_REPEATS,
    rows: rows.length,
    features: features.sort((a, b) => b.mean - a.mean),
  };
}

// Null for models without trees.
function treeGainAndSplits(
  model: Estimator,
): { names: string[]; gain: number[]; splits: number[] } | null {
  switch (model.algorithm) {
    case 'gbdt': {
      const { features, featureImportance } = model.estimator;
      return {
        names: features.map((f) => f.name),
        gain: featureImportance.gain,
        splits: featureImportance.split,
      };
    }
    case 'forest':
    case 'tree': {
      const forest = model.estimator;
      const splits = new Array<number>(forest.features.length).fill(0);
      for (const tree of forest.trees) for (const f of tree.feature) if (f >= 0) splits[f]!++;
      return { names: forest.features.map((f) => f.name), gain: forest.featureImportance, splits };
    }
    default:
      return null;
  }
}

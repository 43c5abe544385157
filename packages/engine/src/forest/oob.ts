import type { BinnedTable } from '../binning.js';
import type { ForestOob } from './model.js';
import type { ForestTask } from './params.js';
import { leafOfBinnedRow, type BinnedForestTree } from './tree-grower.js';

/** Running out-of-bag sums: leaf values per row and output, and trees that scored the row. */
export interface OobTally {
  readonly sums: Float64Array;
  readonly votes: Uint32Array;
}

/** Adds the tree's prediction to every row it did not train on (bootstrap weight 0). */
export function accumulateOob(
  tree: BinnedForestTree,
  data: BinnedTable,
  weights: Float64Array,
  k: number,
  tally: OobTally,
): void {
  for (let row = 0; row < data.numRows; row++) {
    if (weights[row]! > 0) continue;
    const leaf = leafOfBinnedRow(tree, data, row);
    for (let c = 0; c < k; c++) tally.sums[row * k + c]! += tree.value[leaf * k + c]!;
    tally.votes[row]! += 1;
  }
}

/**
 * Averages the OOB predictions and scores them as scikit-learn's `oob_score_` does (accuracy of
 * the most probable class, or R²), over the rows some tree left out. R² is null when those rows
 * have a constant target; the score is null when no row was ever left out.
 */
export function finishOob(
  task: ForestTask,
  target: Float64Array,
  k: number,
  tally: OobTally,
): ForestOob {
  const n = target.length;
  const predictions: (number | null)[] = new Array<number | null>(n * k).fill(null);
  let scoredRows = 0;
  let correct = 0;
  let sumY = 0;
  for (let row = 0; row < n; row++) {
    const votes = tally.votes[row]!;
    if (votes === 0) continue;
    scoredRows++;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const v = tally.sums[row * k + c]! / votes;
      predictions[row * k + c] = v;
      if (v > predictions[row * k + best]!) best = c;
    }
    if (best === target[row]) correct++;
    sumY += target[row]!;
  }
  if (scoredRows === 0) return { score: null, scoredRows, predictions };
  if (task === 'classification') return { score: correct / scoredRows, scoredRows, predictions };
  const meanY = sumY / scoredRows;
  let residual = 0;
  let total = 0;
  for (let row = 0; row < n; row++) {
    const p = predictions[row];
    if (p === null || p === undefined) continue;
    residual += (target[row]! - p) ** 2;
    total += (target[row]! - meanY) ** 2;
  }
  return { score: total > 0 ? 1 - residual / total : null, scoredRows, predictions };
}

import {
  readFinite,
  readLabels,
  readWeights,
  type LabelInput,
  type NumberInput,
} from './inputs.js';
import { ascendingByScore } from './score-order.js';
import { UndefinedMetricError } from './undefined-metric.js';

/** Options of the binary curves. */
export interface BinaryCurveOptions {
  /** One non-negative weight per row; rows of weight 0 are left out, as in scikit-learn. */
  readonly sampleWeight?: NumberInput;
  /**
   * Drop points that cannot change the plot. Default true for `rocCurve` (collinear points) and
   * false for `precisionRecallCurve` (inner points of a run with equal true positives), like
   * scikit-learn's defaults.
   */
  readonly dropIntermediate?: boolean;
}

/** scikit-learn's `roc_curve`: the first threshold is +Infinity, where no row is positive. */
export interface RocCurve {
  readonly fpr: Float64Array;
  readonly tpr: Float64Array;
  /** Decreasing; a row is predicted positive when its score >= the threshold. */
  readonly thresholds: Float64Array;
}

/** scikit-learn's `precision_recall_curve`: recall decreases and ends at (recall 0, precision 1). */
export interface PrecisionRecallCurve {
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  /** Increasing, one fewer than the points: the final (0, 1) point has no threshold. */
  readonly thresholds: Float64Array;
}

/** Weighted false and true positive counts at each distinct score, from the highest score down. */
export interface ThresholdCounts {
  readonly fps: Float64Array;
  readonly tps: Float64Array;
  readonly thresholds: Float64Array;
}

/** ROC curve points of binary `yTrue` (0/1) against `scores` (higher means class 1). */
export function rocCurve(
  yTrue: LabelInput,
  scores: NumberInput,
  options: BinaryCurveOptions = {},
): RocCurve {
  const { positive, s, w } = readBinary(yTrue, scores, options.sampleWeight);
  return rocFromCounts(countByThreshold(positive, s, w), options.dropIntermediate ?? true);
}

/** Precision–recall curve points of binary `yTrue` (0/1) against `scores`. */
export function precisionRecallCurve(
  yTrue: LabelInput,
  scores: NumberInput,
  options: BinaryCurveOptions = {},
): PrecisionRecallCurve {
  const { positive, s, w } = readBinary(yTrue, scores, options.sampleWeight);
  return prFromCounts(countByThreshold(positive, s, w), options.dropIntermediate ?? false);
}

/** scikit-learn's `_binary_clf_curve`: cumulative counts at the last row of each score tie. */
export function countByThreshold(
  positive: Uint8Array,
  scores: Float64Array,
  weights: Float64Array | null,
): ThresholdCounts {
  const counted = new Uint32Array(scores.length);
  let m = 0;
  for (let i = 0; i < scores.length; i++) if (!weights || weights[i] !== 0) counted[m++] = i;
  const order = ascendingByScore(scores, counted.subarray(0, m));
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  // Walked backwards: highest score first, ties in reverse row order, as numpy's reversed stable
  // argsort leaves them, so weighted running sums round exactly as scikit-learn's cumsum does.
  for (let j = order.length - 1; j >= 0; j--) {
    const row = order[j]!;
    const wi = weights ? weights[row]! : 1;
    if (positive[row]) tp += wi;
    else fp += wi;
    if (j === 0 || scores[order[j - 1]!] !== scores[row]) {
      tps.push(tp);
      fps.push(fp);
      thresholds.push(scores[row]!);
    }
  }
  return {
    fps: Float64Array.from(fps),
    tps: Float64Array.from(tps),
    thresholds: Float64Array.from(thresholds),
  };
}

/** ROC points from threshold counts; throws when either class has no (weighted) rows. */
export function rocFromCounts(
  counts: ThresholdCounts,
  dropIntermediate: boolean,
  metric = 'rocCurve',
): RocCurve {
  let { fps, tps, thresholds } = counts;
  if (dropIntermediate && fps.length > 2) {
    // numpy's second difference, (c - b) - (b - a), so the zero test rounds the same way.
    const corner = (x: Float64Array, i: number): boolean =>
      x[i + 1]! - x[i]! - (x[i]! - x[i - 1]!) !== 0;
    const keep = keepIndices(fps.length, (i) => corner(fps, i) || corner(tps, i));
    ({ fps, tps, thresholds } = pick({ fps, tps, thresholds }, keep));
  }
  const n = fps.length;
  const totalFp = fps[n - 1]!;
  const totalTp = tps[n - 1]!;
  // Also reached when every row of a class has weight 0 (scikit-learn gives NaN there).
  if (!(totalFp > 0)) throw new UndefinedMetricError(metric, 'yTrue has no rows of class 0');
  if (!(totalTp > 0)) throw new UndefinedMetricError(metric, 'yTrue has no rows of class 1');
  const fpr = new Float64Array(n + 1);
  const tpr = new Float64Array(n + 1);
  const outThresholds = new Float64Array(n + 1);
  outThresholds[0] = Infinity;
  for (let i = 0; i < n; i++) {
    fpr[i + 1] = fps[i]! / totalFp;
    tpr[i + 1] = tps[i]! / totalTp;
    outThresholds[i + 1] = thresholds[i]!;
  }
  return { fpr, tpr, thresholds: outThresholds };
}

/** Precision–recall points from threshold counts; throws when class 1 has no (weighted) rows. */
export function prFromCounts(
  counts: ThresholdCounts,
  dropIntermediate: boolean,
  metric = 'precisionRecallCurve',
): PrecisionRecallCurve {
  let { fps, tps, thresholds } = counts;
  if (dropIntermediate && fps.length > 2) {
    // Equal tps means equal recall: keep only the two ends of each vertical run.
    const keep = keepIndices(fps.length, (i) => tps[i]! !== tps[i - 1]! || tps[i + 1]! !== tps[i]!);
    ({ fps, tps, thresholds } = pick({ fps, tps, thresholds }, keep));
  }
  const n = fps.length;
  const totalTp = tps[n - 1]!;
  // scikit-learn warns and sets recall to 1 here; we refuse a curve with no positives.
  if (!(totalTp > 0)) {
    throw new UndefinedMetricError(metric, 'yTrue has no rows of class 1');
  }
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const outThresholds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i;
    const predicted = tps[j]! + fps[j]!;
    precision[i] = predicted !== 0 ? tps[j]! / predicted : 0;
    recall[i] = tps[j]! / totalTp;
    outThresholds[i] = thresholds[j]!;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: outThresholds };
}

/** Area under a curve by the trapezoidal rule (scikit-learn's `auc`), for x sorted either way. */
export function trapezoidArea(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return Math.abs(area);
}

/** Checks binary labels (0/1), finite scores of the same length and optional weights. */
export function readBinary(
  yTrue: LabelInput,
  scores: NumberInput,
  sampleWeight: NumberInput | undefined,
): { positive: Uint8Array; s: Float64Array; w: Float64Array | null } {
  const positive = Uint8Array.from(readLabels('yTrue', yTrue, 2));
  const s = readFinite('scores', scores, positive.length);
  return { positive, s, w: readWeights(sampleWeight, positive.length) };
}

function keepIndices(n: number, inner: (i: number) => boolean): number[] {
  const keep = [0];
  for (let i = 1; i < n - 1; i++) if (inner(i)) keep.push(i);
  keep.push(n - 1);
  return keep;
}

function pick(counts: ThresholdCounts, keep: number[]): ThresholdCounts {
  const take = (x: Float64Array): Float64Array => Float64Array.from(keep, (i) => x[i]!);
  return { fps: take(counts.fps), tps: take(counts.tps), thresholds: take(counts.thresholds) };
}

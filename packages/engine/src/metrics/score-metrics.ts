import { EngineInputError } from '../errors.js';
import {
  countByThreshold,
  prFromCounts,
  rocFromCounts,
  trapezoidArea,
  type ThresholdCounts,
} from './binary-curves.js';
import {
  column,
  readLabels,
  readProbabilities,
  readWeights,
  readFinite,
  type LabelInput,
  type NumberInput,
  type ProbabilityLayout,
} from './inputs.js';
import { UndefinedMetricError } from './undefined-metric.js';

/** Options of the metrics that rank rows by score. */
export interface ScoreMetricOptions {
  /** One non-negative weight per row (scikit-learn's `sample_weight`). */
  readonly sampleWeight?: NumberInput;
  /**
   * How per-class one-vs-rest values are combined for k >= 3 classes: `macro` (default,
   * unweighted mean) or `weighted` (by the weight of each class's true rows).
   */
  readonly average?: 'macro' | 'weighted';
}

/** One-vs-rest values: one per class, and their average. */
export interface OneVsRest {
  readonly perClass: number[];
  readonly macro: number;
  readonly weighted: number;
}

/**
 * Area under the ROC curve; tied scores count half (trapezoids). `scores` holds either n scores
 * of class 1 or row-major n × k probabilities (k = 2 uses column 1; k >= 3 is one-vs-rest).
 */
export function rocAuc(
  yTrue: LabelInput,
  scores: NumberInput,
  options: ScoreMetricOptions = {},
): number {
  return byAverage(rankingMetric('rocAuc', rocAucBinary, yTrue, scores, options), options);
}

/**
 * Average precision: Σ (R_n − R_{n−1}) · P_n over thresholds, without interpolation. Same input
 * shapes as `rocAuc`; k >= 3 is one-vs-rest, like scikit-learn >= 1.3.
 */
export function averagePrecision(
  yTrue: LabelInput,
  scores: NumberInput,
  options: ScoreMetricOptions = {},
): number {
  return byAverage(
    rankingMetric('averagePrecision', averagePrecisionBinary, yTrue, scores, options),
    options,
  );
}

/** Per-class ROC AUC and AP (one-vs-rest) of k >= 2 class probabilities, for the reports. */
export function oneVsRest(
  metric: 'rocAuc' | 'averagePrecision',
  yTrue: LabelInput,
  proba: NumberInput,
  sampleWeight?: NumberInput,
): OneVsRest {
  const binary = metric === 'rocAuc' ? rocAucBinary : averagePrecisionBinary;
  const result = rankingMetric(metric, binary, yTrue, proba, { sampleWeight });
  if (typeof result === 'number') {
    throw new EngineInputError('proba', 'must hold n × k class probabilities for one-vs-rest');
  }
  return result;
}

/**
 * Mean negative log-likelihood of the true class (natural log). Probabilities are clipped to
 * [ε, 1 − ε] with ε = 2⁻⁵² and rows are not renormalised (scikit-learn >= 1.5). `proba` holds
 * n values of P(class 1) or row-major n × k probabilities whose rows sum to 1.
 */
export function logLoss(
  yTrue: LabelInput,
  proba: NumberInput,
  options: { readonly sampleWeight?: NumberInput } = {},
): number {
  const n = yTrue.length;
  if (n === 0) throw new EngineInputError('yTrue', 'is empty; need at least one row');
  const layout = readProbabilities('proba', proba, n);
  const k = Math.max(layout.columns, 2);
  const y = readLabels('yTrue', yTrue, k);
  const w = readWeights(options.sampleWeight, n);
  const eps = Number.EPSILON;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const p =
      layout.columns === 1
        ? y[i] === 1
          ? layout.values[i]!
          : 1 - layout.values[i]!
        : layout.values[i * k + y[i]!]!;
    const wi = w ? w[i]! : 1;
    num += wi * -Math.log(Math.min(Math.max(p, eps), 1 - eps));
    den += wi;
  }
  return num / den;
}

type BinaryMetric = (
  positive: Uint8Array,
  scores: Float64Array,
  weights: Float64Array | null,
) => number;

/** ROC AUC from threshold counts (so a report sorts each class's scores once). */
export function rocAucFromCounts(counts: ThresholdCounts): number {
  const { fpr, tpr } = rocFromCounts(counts, true, 'rocAuc');
  return trapezoidArea(fpr, tpr);
}

/** Average precision from threshold counts: −Σ (R_{i+1} − R_i) · P_i over the reversed curve. */
export function averagePrecisionFromCounts(counts: ThresholdCounts): number {
  const { precision, recall } = prFromCounts(counts, false, 'averagePrecision');
  let sum = 0;
  for (let i = 0; i + 1 < recall.length; i++) sum += (recall[i + 1]! - recall[i]!) * precision[i]!;
  return -sum;
}

function rocAucBinary(positive: Uint8Array, s: Float64Array, w: Float64Array | null): number {
  return rocAucFromCounts(countByThreshold(positive, s, w));
}

function averagePrecisionBinary(
  positive: Uint8Array,
  s: Float64Array,
  w: Float64Array | null,
): number {
  return averagePrecisionFromCounts(countByThreshold(positive, s, w));
}

function rankingMetric(
  name: string,
  binary: BinaryMetric,
  yTrue: LabelInput,
  scores: NumberInput,
  options: ScoreMetricOptions,
): number | OneVsRest {
  const n = yTrue.length;
  if (n === 0) throw new EngineInputError('yTrue', 'is empty; need at least one row');
  const columns = scores.length / n;
  const layout: ProbabilityLayout =
    columns === 1
      ? { values: readFinite('scores', scores, n), rows: n, columns: 1 }
      : readProbabilities('scores', scores, n);
  const k = Math.max(layout.columns, 2);
  const y = readLabels('yTrue', yTrue, k);
  const w = readWeights(options.sampleWeight, n);
  const classOf = (c: number): Uint8Array => Uint8Array.from(y, (v) => (v === c ? 1 : 0));
  const guarded = (c: number, s: Float64Array): number => {
    const positive = classOf(c);
    // AP needs positives only (all positives scores 1); ROC AUC needs both classes.
    if (!positive.includes(1) || (name === 'rocAuc' && !positive.includes(0))) {
      throw new UndefinedMetricError(
        name,
        k === 2
          ? `needs ${name === 'rocAuc' ? 'rows of both classes' : 'rows of class 1'} in yTrue`
          : `class ${c} has no rows in yTrue, so its one-vs-rest value is undefined`,
      );
    }
    return binary(positive, s, w);
  };
  if (layout.columns === 1) return guarded(1, layout.values);
  if (layout.columns === 2) return guarded(1, column(layout.values, n, 2, 1));
  const perClass = Array.from({ length: k }, (_, c) => guarded(c, column(layout.values, n, k, c)));
  const support = Array.from({ length: k }, (_, c) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (y[i] === c) s += w ? w[i]! : 1;
    return s;
  });
  const total = support.reduce((a, b) => a + b, 0);
  return {
    perClass,
    macro: perClass.reduce((a, b) => a + b, 0) / k,
    weighted: perClass.reduce((a, v, c) => a + v * support[c]!, 0) / total,
  };
}

function byAverage(result: number | OneVsRest, options: ScoreMetricOptions): number {
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') {
    throw new EngineInputError('average', `must be 'macro' or 'weighted', got ${String(average)}`);
  }
  return typeof result === 'number' ? result : result[average];
}

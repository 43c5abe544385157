import { EngineInputError } from '../errors.js';
import {
  MAX_CLASSES,
  readLabels,
  readNumClasses,
  readWeights,
  type LabelInput,
  type NumberInput,
} from './inputs.js';
import { UndefinedMetricError } from './undefined-metric.js';

/** Options shared by the metrics that compare predicted class codes with true ones. */
export interface LabelMetricOptions {
  /**
   * Number of classes k; classes are 0..k-1 (scikit-learn's `labels=range(k)`). Default: the
   * largest code in either array + 1. A class seen in neither array still counts in macro
   * averages, at the `zeroDivision` value.
   */
  readonly numClasses?: number;
  /** One non-negative weight per row (scikit-learn's `sample_weight`). */
  readonly sampleWeight?: NumberInput;
}

/** Share of rows whose predicted class is the true one (weighted when weights are given). */
export function accuracy(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: LabelMetricOptions = {},
): number {
  const { t, p, w } = readPair(yTrue, yPred, options);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const wi = w ? w[i]! : 1;
    if (t[i] === p[i]) hit += wi;
    total += wi;
  }
  return hit / total;
}

/** Mean recall over the classes present in `yTrue` (scikit-learn's `balanced_accuracy_score`). */
export function balancedAccuracy(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: LabelMetricOptions = {},
): number {
  const cm = confusionMatrix(yTrue, yPred, options);
  let sum = 0;
  let present = 0;
  cm.forEach((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    // Classes never true are left out, as scikit-learn does (it warns about them).
    if (support === 0) return;
    sum += row[c]! / support;
    present++;
  });
  if (present === 0) throw new UndefinedMetricError('balancedAccuracy', 'every row has weight 0');
  return sum / present;
}

/** How `confusionMatrix` divides its counts (scikit-learn's `normalize`). */
export type ConfusionNormalize = 'true' | 'pred' | 'all';

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions extends LabelMetricOptions {
  /** Divide by row totals (`true`), column totals (`pred`) or the grand total; 0/0 gives 0. */
  readonly normalize?: ConfusionNormalize;
}

/** k × k matrix: `[i][j]` counts (or weighs) rows of true class i predicted as class j. */
export function confusionMatrix(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: ConfusionMatrixOptions = {},
): number[][] {
  const { t, p, w, k } = readPair(yTrue, yPred, options);
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) cm[t[i]!]![p[i]!]! += w ? w[i]! : 1;
  const { normalize } = options;
  if (normalize === undefined) return cm;
  if (normalize !== 'true' && normalize !== 'pred' && normalize !== 'all') {
    throw new EngineInputError(
      'normalize',
      `must be 'true', 'pred' or 'all', got ${String(normalize)}`,
    );
  }
  const total = (r: number, c: number): number =>
    normalize === 'true'
      ? sumOf(cm[r]!)
      : normalize === 'pred'
        ? sumOf(cm.map((row) => row[c]!))
        : sumOf(cm.map(sumOf));
  return cm.map((row, r) =>
    row.map((v, c) => {
      const d = total(r, c);
      return d === 0 ? 0 : v / d;
    }),
  );
}

/** Precision, recall and F1 of one averaging. */
export interface PrecisionRecallF1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Per-class precision, recall, F1 and support, plus their macro, weighted and micro averages. */
export interface ClassificationScores {
  readonly perClass: {
    readonly precision: number[];
    readonly recall: number[];
    readonly f1: number[];
    /** Rows (or total weight) of each true class. */
    readonly support: number[];
  };
  /** Unweighted mean over the k classes. */
  readonly macro: PrecisionRecallF1;
  /** Mean weighted by support. */
  readonly weighted: PrecisionRecallF1;
  /** From the pooled counts; with every class counted this equals accuracy. */
  readonly micro: PrecisionRecallF1;
}

/** Options of `precisionRecallF1`. */
export interface PrecisionRecallF1Options extends LabelMetricOptions {
  /**
   * Value of a ratio whose denominator is 0 (scikit-learn's `zero_division`), default 0:
   * precision of a class never predicted, recall of a class never true, F1 of a class neither
   * true nor predicted. F1 is `2·tp / (2·tp + fp + fn)` (scikit-learn >= 1.4), so it is 0, not
   * `zeroDivision`, when only one of precision and recall is undefined.
   */
  readonly zeroDivision?: 0 | 1;
}

/** scikit-learn's `precision_recall_fscore_support` (beta = 1) with every averaging at once. */
export function precisionRecallF1(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: PrecisionRecallF1Options = {},
): ClassificationScores {
  const zd = options.zeroDivision ?? 0;
  if (zd !== 0 && zd !== 1) {
    throw new EngineInputError('zeroDivision', `must be 0 or 1, got ${String(zd)}`);
  }
  const { t, p, w, k } = readPair(yTrue, yPred, options);
  const tp = new Array<number>(k).fill(0);
  const predSum = new Array<number>(k).fill(0);
  const trueSum = new Array<number>(k).fill(0);
  for (let i = 0; i < t.length; i++) {
    const wi = w ? w[i]! : 1;
    if (t[i] === p[i]) tp[t[i]!]! += wi;
    predSum[p[i]!]! += wi;
    trueSum[t[i]!]! += wi;
  }
  const divide = (a: number, b: number): number => (b === 0 ? zd : a / b);
  const precision = tp.map((v, c) => divide(v, predSum[c]!));
  const recall = tp.map((v, c) => divide(v, trueSum[c]!));
  const f1 = tp.map((v, c) => divide(2 * v, trueSum[c]! + predSum[c]!));
  const mean = (xs: number[], weights?: number[]): number => {
    if (!weights) return sumOf(xs) / xs.length;
    return sumOf(xs.map((x, c) => x * weights[c]!)) / sumOf(weights);
  };
  const tpAll = sumOf(tp);
  const microP = divide(tpAll, sumOf(predSum));
  const microR = divide(tpAll, sumOf(trueSum));
  return {
    perClass: { precision, recall, f1, support: trueSum },
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    weighted: {
      precision: mean(precision, trueSum),
      recall: mean(recall, trueSum),
      f1: mean(f1, trueSum),
    },
    micro: {
      precision: microP,
      recall: microR,
      f1: divide(2 * tpAll, sumOf(trueSum) + sumOf(predSum)),
    },
  };
}

function sumOf(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function readPair(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: LabelMetricOptions,
): { t: Int32Array; p: Int32Array; w: Float64Array | null; k: number } {
  const numClasses = readNumClasses(options.numClasses);
  const t = readLabels('yTrue', yTrue, numClasses ?? MAX_CLASSES);
  const p = readLabels('yPred', yPred, numClasses ?? MAX_CLASSES);
  if (p.length !== t.length) {
    throw new EngineInputError('yPred', `has ${p.length} rows, yTrue has ${t.length}`);
  }
  const w = readWeights(options.sampleWeight, t.length);
  let k = numClasses ?? 1;
  if (numClasses === undefined)
    for (let i = 0; i < t.length; i++) k = Math.max(k, t[i]! + 1, p[i]! + 1);
  return { t, p, w, k };
}

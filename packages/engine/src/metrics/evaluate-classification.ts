import { EngineInputError } from '../errors.js';
import {
  countByThreshold,
  prFromCounts,
  rocFromCounts,
  type PrecisionRecallCurve,
  type RocCurve,
} from './binary-curves.js';
import { calibrationCurve, type CalibrationCurve } from './calibration-curve.js';
import { evenlyAlongCurve, takeAt } from './curve-downsampling.js';
import {
  column,
  MAX_CLASSES,
  readLabels,
  readProbabilities,
  readWeights,
  type LabelInput,
  type NumberInput,
} from './inputs.js';
import {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  precisionRecallF1,
  type ClassificationScores,
} from './label-metrics.js';
import { averagePrecisionFromCounts, logLoss, rocAucFromCounts } from './score-metrics.js';
import { UndefinedMetricError } from './undefined-metric.js';

/** Options of `evaluateClassification`. */
export interface EvaluateClassificationOptions {
  /** Class names; index = class code. Their count k (>= 2) fixes the shape of `proba`. */
  readonly labels: readonly string[];
  /** One non-negative weight per row; the calibration curves ignore it, as scikit-learn does. */
  readonly sampleWeight?: NumberInput;
  /** Most points kept per ROC or PR curve for display, default 200 (2..100,000). */
  readonly maxCurvePoints?: number;
  /** Bins of each calibration curve, default 10. */
  readonly calibrationBins?: number;
}

/** A metric the data leaves undefined (one class in `yTrue`, say), and why. */
export interface UndefinedMetric {
  readonly metric: string;
  readonly reason: string;
}

/** Display curves of one class against the rest (for binary: class 1). */
export interface ClassCurves {
  readonly classIndex: number;
  readonly label: string;
  /** ROC points; `thresholds[0]` is null for +Infinity (no row predicted positive). */
  readonly roc: { fpr: number[]; tpr: number[]; thresholds: (number | null)[] } | null;
  /** Precision–recall points; the last point (recall 0, precision 1) has no threshold. */
  readonly pr: { precision: number[]; recall: number[]; thresholds: number[] } | null;
  readonly calibration: { uniform: CalibrationCurve; quantile: CalibrationCurve } | null;
}

/** Everything `evaluateClassification` measures, as plain JSON-serialisable data. */
export interface ClassificationReport {
  readonly task: 'binary' | 'multiclass';
  readonly labels: string[];
  readonly rows: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  /** Per class and averaged, with zeroDivision 0; predictions are the most probable class. */
  readonly scores: ClassificationScores;
  /** Rows (or weight) of true class i predicted as class j, at `[i][j]`. */
  readonly confusionMatrix: number[][];
  readonly logLoss: number;
  /** Binary ROC AUC, or the one-vs-rest macro average; null when undefined. */
  readonly rocAuc: number | null;
  /** Binary average precision, or the one-vs-rest macro average; null when undefined. */
  readonly averagePrecision: number | null;
  /** One-vs-rest values per class (multiclass only; binary repeats rocAuc for class 1). */
  readonly perClass: { rocAuc: (number | null)[]; averagePrecision: (number | null)[] };
  readonly curves: ClassCurves[];
  readonly undefinedMetrics: UndefinedMetric[];
  /** How the curves were thinned for display. */
  readonly curveSampling: { maxPoints: number; method: 'evenly along the curve length' };
}

/**
 * Evaluates class probabilities against true class codes: label metrics on the predicted class
 * (argmax; a binary P(class 1) of exactly 0.5 predicts class 0, like scikit-learn's `predict`),
 * ranking metrics, log loss, and display-sized curves. `proba` is n values of P(class 1) when
 * there are two labels, or row-major n × k. Metrics the data leaves undefined become null and are
 * listed in `undefinedMetrics`; bad input throws `EngineInputError`.
 */
export function evaluateClassification(
  yTrue: LabelInput,
  proba: NumberInput,
  options: EvaluateClassificationOptions,
): ClassificationReport {
  const labels = readLabelNames(options.labels);
  const k = labels.length;
  const maxPoints = options.maxCurvePoints ?? 200;
  if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > 100_000) {
    throw new EngineInputError(
      'maxCurvePoints',
      `must be an integer in 2..100000, got ${String(maxPoints)}`,
    );
  }
  const calibrationBins = options.calibrationBins ?? 10;
  const y = readLabels('yTrue', yTrue, k);
  const n = y.length;
  const layout = readProbabilities('proba', proba, n);
  if (!(layout.columns === k || (k === 2 && layout.columns === 1))) {
    throw new EngineInputError('proba', `has ${layout.columns} columns per row for ${k} labels`);
  }
  const sampleWeight = readWeights(options.sampleWeight, n) ?? undefined;
  const p = layout.values;
  const positiveScores = (c: number): Float64Array =>
    layout.columns === 1 ? p : column(p, n, layout.columns, c);
  const yPred = predictClasses(p, n, layout.columns);
  const undefinedMetrics: UndefinedMetric[] = [];
  const orNull = <T>(compute: () => T): T | null => {
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof UndefinedMetricError)) throw error;
      undefinedMetrics.push({ metric: error.metric, reason: error.message });
      return null;
    }
  };
  const labelOptions = { numClasses: k, sampleWeight };
  const curveClasses = k === 2 ? [1] : labels.map((_, c) => c);
  const w = sampleWeight ?? null;
  // One sort per class: every ranking metric and curve of that class comes from these counts.
  const perCurveClass = curveClasses.map((c) => {
    const scores = positiveScores(c);
    const positive = Uint8Array.from(y, (v) => (v === c ? 1 : 0));
    const counts = countByThreshold(positive, scores, w);
    return {
      c,
      auc: orNull(() => rocAucFromCounts(counts)),
      ap: orNull(() => averagePrecisionFromCounts(counts)),
      curves: {
        classIndex: c,
        label: labels[c]!,
        roc: orNull(() => displayRoc(rocFromCounts(counts, true), maxPoints)),
        pr: orNull(() => displayPr(prFromCounts(counts, true), maxPoints)),
        calibration: orNull(() => ({
          uniform: calibrationCurve(Int32Array.from(positive), scores, {
            nBins: calibrationBins,
            strategy: 'uniform',
          }),
          quantile: calibrationCurve(Int32Array.from(positive), scores, {
            nBins: calibrationBins,
            strategy: 'quantile',
          }),
        })),
      },
    };
  });
  const perClass = {
    rocAuc: perCurveClass.map((x) => x.auc),
    averagePrecision: perCurveClass.map((x) => x.ap),
  };
  return {
    task: k === 2 ? 'binary' : 'multiclass',
    labels,
    rows: n,
    accuracy: accuracy(y, yPred, labelOptions),
    balancedAccuracy: balancedAccuracy(y, yPred, labelOptions),
    scores: precisionRecallF1(y, yPred, labelOptions),
    confusionMatrix: confusionMatrix(y, yPred, labelOptions),
    logLoss: logLoss(y, p, { sampleWeight }),
    rocAuc: k === 2 ? perClass.rocAuc[0]! : averageOrNull(perClass.rocAuc),
    averagePrecision:
      k === 2 ? perClass.averagePrecision[0]! : averageOrNull(perClass.averagePrecision),
    perClass,
    curves: perCurveClass.map((x) => x.curves),
    undefinedMetrics,
    curveSampling: { maxPoints, method: 'evenly along the curve length' },
  };
}

function readLabelNames(labels: readonly string[] | undefined): string[] {
  if (!Array.isArray(labels) || labels.length < 2 || labels.length > MAX_CLASSES) {
    throw new EngineInputError('labels', `must list 2..${MAX_CLASSES} class names`);
  }
  return labels.map(String);
}

// Most probable class; the first one wins a tie, like numpy's argmax.
function predictClasses(p: Float64Array, n: number, k: number): Int32Array {
  if (k === 1) return Int32Array.from(p, (v) => (v > 0.5 ? 1 : 0));
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[r * k + c]! > p[r * k + best]!) best = c;
    out[r] = best;
  }
  return out;
}

// A one-vs-rest macro average needs every class's value; one undefined class leaves it undefined.
function averageOrNull(values: (number | null)[]): number | null {
  if (values.some((v) => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
}

function displayRoc(curve: RocCurve, maxPoints: number): NonNullable<ClassCurves['roc']> {
  const keep = evenlyAlongCurve(curve.fpr, curve.tpr, maxPoints);
  return {
    fpr: takeAt(curve.fpr, keep),
    tpr: takeAt(curve.tpr, keep),
    thresholds: takeAt(curve.thresholds, keep).map((t) => (Number.isFinite(t) ? t : null)),
  };
}

function displayPr(curve: PrecisionRecallCurve, maxPoints: number): NonNullable<ClassCurves['pr']> {
  const keep = evenlyAlongCurve(curve.recall, curve.precision, maxPoints);
  const last = curve.recall.length - 1;
  return {
    precision: takeAt(curve.precision, keep),
    recall: takeAt(curve.recall, keep),
    thresholds: takeAt(
      curve.thresholds,
      keep.filter((i) => i !== last),
    ),
  };
}

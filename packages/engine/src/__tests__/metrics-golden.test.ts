import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { precisionRecallCurve, rocCurve } from '../metrics/binary-curves.js';
import { calibrationCurve } from '../metrics/calibration-curve.js';
import {
  accuracy,
  balancedAccuracy,
  confusionMatrix,
  precisionRecallF1,
  type ConfusionNormalize,
} from '../metrics/label-metrics.js';
import {
  explainedVariance,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from '../metrics/regression-metrics.js';
import { averagePrecision, logLoss, oneVsRest, rocAuc } from '../metrics/score-metrics.js';

type Curve = Record<string, (number | null)[]>;
interface LabelExpected {
  accuracy: number;
  balancedAccuracy: number;
  confusionMatrix: Record<string, number[][]>;
  prf: Record<'0' | '1', ReturnType<typeof precisionRecallF1>>;
}
interface ClassificationCase {
  name: string;
  numClasses: number;
  yTrue: number[];
  scores: number[];
  sampleWeight: number[] | null;
  expected: LabelExpected & {
    logLoss: number;
    rocAuc?: number;
    averagePrecision?: number;
    rocAucOvr?: { macro: number; weighted: number; perClass: number[] };
    averagePrecisionOvr?: { macro: number; weighted: number; perClass: number[] };
    rocCurve?: Curve;
    rocCurveFull?: Curve;
    prCurve?: Curve;
    prCurveDropped?: Curve;
    calibration?: Record<string, { probTrue: number[]; probPred: number[] }>;
  };
}
interface LabelsCase {
  name: string;
  numClasses: number;
  yTrue: number[];
  yPred: number[];
  sampleWeight: number[] | null;
  expected: LabelExpected;
}
interface RegressionCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  sampleWeight: number[] | null;
  expected: Record<string, number>;
}

/** See fixtures/metrics-golden.json "command", "versions" and "differences". */
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/metrics-golden.json', import.meta.url), 'utf8'),
) as { classification: ClassificationCase[]; labels: LabelsCase[]; regression: RegressionCase[] };

const TOLERANCE = 1e-9;

/** Relative to the magnitude, so MAPE's 1e14-sized values are held to the same 1e-9. */
function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBe(Infinity);
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOLERANCE * Math.max(1, Math.abs(expected)),
  );
}

function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly (number | null)[],
  what: string,
): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  expected.forEach((v, i) => expectClose(actual[i]!, v, `${what}[${i}]`));
}

function predictedClasses(c: ClassificationCase): number[] {
  const k = c.numClasses;
  if (c.scores.length === c.yTrue.length) return c.scores.map((p) => (p > 0.5 ? 1 : 0));
  return c.yTrue.map((_, r) => {
    const row = c.scores.slice(r * k, r * k + k);
    return row.indexOf(Math.max(...row));
  });
}

function checkLabelMetrics(
  yTrue: number[],
  yPred: number[],
  k: number,
  weights: number[] | null,
  expected: LabelExpected,
): void {
  const options = { numClasses: k, ...(weights ? { sampleWeight: weights } : {}) };
  expectClose(accuracy(yTrue, yPred, options), expected.accuracy, 'accuracy');
  expectClose(balancedAccuracy(yTrue, yPred, options), expected.balancedAccuracy, 'balanced');
  for (const [norm, matrix] of Object.entries(expected.confusionMatrix)) {
    const normalize = norm === 'None' ? undefined : (norm as ConfusionNormalize);
    const ours = confusionMatrix(yTrue, yPred, { ...options, normalize });
    matrix.forEach((row, i) => expectAllClose(ours[i]!, row, `confusion ${norm} row ${i}`));
  }
  for (const zd of [0, 1] as const) {
    const ours = precisionRecallF1(yTrue, yPred, { ...options, zeroDivision: zd });
    const want = expected.prf[`${zd}`];
    for (const key of ['precision', 'recall', 'f1', 'support'] as const) {
      expectAllClose(ours.perClass[key], want.perClass[key], `zd=${zd} ${key}`);
    }
    for (const avg of ['macro', 'weighted', 'micro'] as const) {
      for (const key of ['precision', 'recall', 'f1'] as const) {
        expectClose(ours[avg][key], want[avg][key], `zd=${zd} ${avg} ${key}`);
      }
    }
  }
}

describe('metrics against scikit-learn (golden fixture, tolerance 1e-9)', () => {
  describe.each(golden.classification)('$name', (c) => {
    const weights = c.sampleWeight ? { sampleWeight: c.sampleWeight } : {};
    const e = c.expected;

    it('matches accuracy, balanced accuracy, confusion matrices and precision/recall/F1', () => {
      checkLabelMetrics(c.yTrue, predictedClasses(c), c.numClasses, c.sampleWeight, e);
    });

    it('matches log loss (clipped at machine epsilon)', () => {
      expectClose(logLoss(c.yTrue, c.scores, weights), e.logLoss, 'logLoss');
    });

    it('matches ROC AUC and average precision', () => {
      if (e.rocAuc !== undefined) {
        expectClose(rocAuc(c.yTrue, c.scores, weights), e.rocAuc, 'rocAuc');
        expectClose(averagePrecision(c.yTrue, c.scores, weights), e.averagePrecision!, 'AP');
        return;
      }
      const auc = e.rocAucOvr!;
      const ap = e.averagePrecisionOvr!;
      expectClose(rocAuc(c.yTrue, c.scores, weights), auc.macro, 'rocAuc macro');
      expectClose(
        rocAuc(c.yTrue, c.scores, { ...weights, average: 'weighted' }),
        auc.weighted,
        'rocAuc weighted',
      );
      expectAllClose(
        oneVsRest('rocAuc', c.yTrue, c.scores, c.sampleWeight ?? undefined).perClass,
        auc.perClass,
        'auc per class',
      );
      expectClose(averagePrecision(c.yTrue, c.scores, weights), ap.macro, 'AP macro');
      expectClose(
        averagePrecision(c.yTrue, c.scores, { ...weights, average: 'weighted' }),
        ap.weighted,
        'AP weighted',
      );
      expectAllClose(
        oneVsRest('averagePrecision', c.yTrue, c.scores, c.sampleWeight ?? undefined).perClass,
        ap.perClass,
        'AP per class',
      );
    });
  });

  const binaryCases = golden.classification.filter((c) => c.expected.rocCurve);
  it.each(binaryCases)('$name: matches the ROC and precision-recall curves point by point', (c) => {
    const weights = c.sampleWeight ? { sampleWeight: c.sampleWeight } : {};
    const e = c.expected;
    const pairs = [
      [rocCurve(c.yTrue, c.scores, weights), e.rocCurve!],
      [rocCurve(c.yTrue, c.scores, { ...weights, dropIntermediate: false }), e.rocCurveFull!],
      [precisionRecallCurve(c.yTrue, c.scores, weights), e.prCurve!],
      [
        precisionRecallCurve(c.yTrue, c.scores, { ...weights, dropIntermediate: true }),
        e.prCurveDropped!,
      ],
    ] as const;
    for (const [ours, want] of pairs) {
      for (const [key, values] of Object.entries(want)) {
        expectAllClose((ours as unknown as Record<string, Float64Array>)[key]!, values, key);
      }
    }
  });

  const calibrationCases = golden.classification.filter((c) => c.expected.calibration);
  it.each(calibrationCases)('$name: matches the calibration curves (uniform and quantile)', (c) => {
    for (const [key, want] of Object.entries(c.expected.calibration!)) {
      const strategy = key.startsWith('uniform') ? 'uniform' : 'quantile';
      const nBins = Number(key.replace(strategy, ''));
      const ours = calibrationCurve(c.yTrue, c.scores, { nBins, strategy });
      expectAllClose(ours.probTrue, want.probTrue, `${key} probTrue`);
      expectAllClose(ours.probPred, want.probPred, `${key} probPred`);
    }
  });

  it.each(golden.labels)('$name: matches every label metric', (c) => {
    checkLabelMetrics(c.yTrue, c.yPred, c.numClasses, c.sampleWeight, c.expected);
  });

  it.each(golden.regression)('$name: matches every regression metric', (c) => {
    const options = c.sampleWeight ? { sampleWeight: c.sampleWeight } : {};
    const e = c.expected;
    expectClose(meanSquaredError(c.yTrue, c.yPred, options), e.mse!, 'mse');
    expectClose(rootMeanSquaredError(c.yTrue, c.yPred, options), e.rmse!, 'rmse');
    expectClose(meanAbsoluteError(c.yTrue, c.yPred, options), e.mae!, 'mae');
    expectClose(meanAbsolutePercentageError(c.yTrue, c.yPred, options), e.mape!, 'mape');
    expectClose(r2Score(c.yTrue, c.yPred, options), e.r2!, 'r2');
    expectClose(explainedVariance(c.yTrue, c.yPred, options), e.explainedVariance!, 'ev');
  });
});

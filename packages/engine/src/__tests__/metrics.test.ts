import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { precisionRecallCurve, rocCurve } from '../metrics/binary-curves.js';
import { calibrationCurve } from '../metrics/calibration-curve.js';
import { evenlyAlongCurve } from '../metrics/curve-downsampling.js';
import { ascendingByScore } from '../metrics/score-order.js';
import { evaluateClassification } from '../metrics/evaluate-classification.js';
import { evaluateRegression } from '../metrics/evaluate-regression.js';
import { accuracy, confusionMatrix, precisionRecallF1 } from '../metrics/label-metrics.js';
import {
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  residuals,
} from '../metrics/regression-metrics.js';
import { averagePrecision, logLoss, rocAuc } from '../metrics/score-metrics.js';
import { UndefinedMetricError } from '../metrics/undefined-metric.js';

interface Case {
  name: string;
  numClasses: number;
  yTrue: number[];
  yPred: number[];
  scores: number[];
  sampleWeight: number[] | null;
  expected: Record<string, unknown> & {
    rocAuc: number;
    averagePrecision: number;
    logLoss: number;
    accuracy: number;
    mse: number;
    r2: number;
    rocAucOvr: { macro: number; perClass: number[] };
  };
}
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/metrics-golden.json', import.meta.url), 'utf8'),
) as { classification: Case[]; regression: Case[] };
const binary = golden.classification.find((c) => c.name === 'binary-ties')!;
const multiclass = golden.classification.find((c) => c.name === 'multiclass-3')!;
const regression = golden.regression.find((c) => c.name === 'regression-zeros')!;

/** Runs `fn` and returns the EngineInputError it throws (failing when it throws nothing else). */
function inputError(fn: () => unknown): EngineInputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineInputError);
    return error as EngineInputError;
  }
  throw new Error('expected an EngineInputError');
}

describe('metric conventions', () => {
  it('counts tied scores half in ROC AUC', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 1, 0, 1], [0.2, 0.7, 0.7, 0.9])).toBe(0.875);
  });

  it('starts the ROC curve at threshold +Infinity and (0, 0)', () => {
    const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(Array.from(thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
  });

  it('ends the precision-recall curve at recall 0, precision 1, without a threshold', () => {
    const { precision, recall, thresholds } = precisionRecallCurve(
      [0, 0, 1, 1],
      [0.1, 0.4, 0.35, 0.8],
    );
    expect(Array.from(precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333, 9);
  });

  it('clips log loss at machine epsilon instead of returning Infinity', () => {
    expect(logLoss([1, 0], [0, 1])).toBe(-Math.log(Number.EPSILON));
    expect(logLoss([0, 1, 2], [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeCloseTo(2.220446e-16, 20);
  });

  it('computes log loss when yTrue has one class (the probabilities fix k)', () => {
    expect(logLoss([1, 1], [0.5, 0.25])).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 15);
  });

  it('gives zeroDivision to a class never predicted and 0 F1 when only one side is undefined', () => {
    const scores = precisionRecallF1([0, 1, 1], [0, 0, 0], { zeroDivision: 1 });
    expect(scores.perClass.precision).toEqual([1 / 3, 1]);
    expect(scores.perClass.recall).toEqual([1, 0]);
    expect(scores.perClass.f1).toEqual([0.5, 0]);
    const neither = precisionRecallF1([0, 0], [0, 0], { numClasses: 2, zeroDivision: 1 });
    expect(neither.perClass.f1).toEqual([1, 1]);
  });

  it('normalises confusion matrices with 0 for empty rows', () => {
    expect(confusionMatrix([0, 0, 1], [0, 1, 1], { numClasses: 3, normalize: 'true' })).toEqual([
      [0.5, 0.5, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('keeps MAPE finite when yTrue is 0', () => {
    expect(meanAbsolutePercentageError([0, 1], [1, 1])).toBe(1 / Number.EPSILON / 2);
  });

  it('scores a constant target 1 when exact and 0 otherwise (no NaN or -Infinity)', () => {
    expect(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).toBe(1);
    expect(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.2])).toBe(0);
    expect(Array.from(residuals([3, 1], [1, 2]))).toEqual([2, -1]);
  });

  it('puts a probability on an inner bin edge in the lower bin', () => {
    const curve = calibrationCurve([0, 1, 1, 0], [0.2, 0.2, 0.9, 0.6], { nBins: 5 });
    expect(curve).toEqual({ probTrue: [0.5, 0, 1], probPred: [0.2, 0.6, 0.9], count: [2, 1, 1] });
  });
});

describe('bad input throws EngineInputError naming the parameter', () => {
  it.each([
    ['yTrue', () => accuracy([], [])],
    ['yPred', () => accuracy([0, 1], [0])],
    ['yTrue', () => accuracy([0, 1.5], [0, 1])],
    ['yTrue', () => accuracy([-1, 1], [0, 1])],
    ['yTrue', () => rocAuc([0, 2], [0.1, 0.2])],
    ['scores', () => rocAuc([0, 1], [0.1, NaN])],
    ['scores', () => rocAuc([0, 1], [0.1, 0.2, 0.3])],
    ['scores', () => rocAuc([0, 1, 2], [0.5, 0.6, 0, 0.3, 0.3, 0.3, 0.2, 0.2, 0.6])],
    ['proba', () => logLoss([0, 1], [0.1, 1.2])],
    ['proba', () => logLoss([0, 1], [0.5, 0.4, 0.5, 0.5])],
    ['yTrue', () => meanSquaredError([1, Infinity], [1, 2])],
    ['yPred', () => meanSquaredError([1, 2], [1, NaN])],
    ['yTrue', () => meanSquaredError([], [])],
    ['sampleWeight', () => accuracy([0, 1], [0, 1], { sampleWeight: [1, -1] })],
    ['sampleWeight', () => accuracy([0, 1], [0, 1], { sampleWeight: [0, 0] })],
    ['sampleWeight', () => meanSquaredError([0, 1], [0, 1], { sampleWeight: [1, NaN] })],
    ['sampleWeight', () => rocAuc([0, 1], [0.1, 0.9], { sampleWeight: [1] })],
    ['numClasses', () => confusionMatrix([0], [0], { numClasses: 1e9 })],
    ['yTrue', () => confusionMatrix([5000], [0])],
    ['normalize', () => confusionMatrix([0], [0], { normalize: 'rows' as 'true' })],
    ['zeroDivision', () => precisionRecallF1([0], [0], { zeroDivision: 2 as 1 })],
    ['average', () => rocAuc([0, 1], [0.1, 0.9], { average: 'micro' as 'macro' })],
    ['nBins', () => calibrationCurve([0, 1], [0.1, 0.9], { nBins: 0 })],
    ['strategy', () => calibrationCurve([0, 1], [0.1, 0.9], { strategy: 'x' as 'uniform' })],
    ['labels', () => evaluateClassification([0], [0.5], { labels: ['only'] })],
    [
      'maxCurvePoints',
      () => evaluateClassification([0], [0.5], { labels: ['a', 'b'], maxCurvePoints: 1 }),
    ],
    ['proba', () => evaluateClassification([0], [0.2, 0.3, 0.5], { labels: ['a', 'b'] })],
    ['maxPoints', () => evaluateRegression([1], [1], { maxPoints: 0 })],
  ])('%s', (subject, fn) => {
    expect(inputError(fn).subject).toBe(subject);
  });

  it.each([
    ['rocAuc', () => rocAuc([1, 1], [0.2, 0.8])],
    ['rocAuc', () => rocAuc([0, 1, 1], [0.4, 0.3, 0.3, 0.5, 0.2, 0.3, 0.1, 0.1, 0.8])],
    ['averagePrecision', () => averagePrecision([0, 0], [0.2, 0.8])],
    ['rocCurve', () => rocCurve([0, 1], [0.2, 0.8], { sampleWeight: [0, 1] })],
    ['precisionRecallCurve', () => precisionRecallCurve([0, 0], [0.2, 0.8])],
    ['r2Score', () => r2Score([1], [1])],
  ])('%s is undefined on this data: UndefinedMetricError names the metric', (metric, fn) => {
    const error = inputError(fn);
    expect(error).toBeInstanceOf(UndefinedMetricError);
    expect(error.subject).toBe(metric);
  });
});

describe('evaluateClassification', () => {
  it('reports a binary case as scikit-learn computes it, in plain JSON', () => {
    const report = evaluateClassification(binary.yTrue, binary.scores, {
      labels: ['no', 'yes'],
      maxCurvePoints: 20,
    });
    expect(report.task).toBe('binary');
    expect(report.rocAuc).toBeCloseTo(binary.expected.rocAuc, 12);
    expect(report.averagePrecision).toBeCloseTo(binary.expected.averagePrecision, 12);
    expect(report.logLoss).toBeCloseTo(binary.expected.logLoss, 12);
    expect(report.accuracy).toBeCloseTo(binary.expected.accuracy, 12);
    expect(report.undefinedMetrics).toEqual([]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const [curves] = report.curves;
    expect(curves!.roc!.thresholds[0]).toBeNull();
    expect(curves!.roc!.fpr.length).toBeLessThanOrEqual(20);
    expect([curves!.roc!.fpr[0], curves!.roc!.fpr.at(-1)]).toEqual([0, 1]);
    expect(curves!.pr!.recall.at(-1)).toBe(0);
    expect(curves!.pr!.thresholds.length).toBe(curves!.pr!.recall.length - 1);
    expect(curves!.calibration!.uniform.count.reduce((a, b) => a + b)).toBe(binary.yTrue.length);
  });

  it('accepts n × 2 probabilities for two labels', () => {
    const twoColumns = binary.scores.flatMap((p) => [1 - p, p]);
    const report = evaluateClassification(binary.yTrue, twoColumns, { labels: ['no', 'yes'] });
    expect(report.rocAuc).toBeCloseTo(binary.expected.rocAuc, 12);
  });

  it('reports multiclass one-vs-rest values and one curve set per class', () => {
    const report = evaluateClassification(multiclass.yTrue, multiclass.scores, {
      labels: ['a', 'b', 'c'],
    });
    expect(report.task).toBe('multiclass');
    expect(report.rocAuc).toBeCloseTo(multiclass.expected.rocAucOvr.macro, 12);
    report.perClass.rocAuc.forEach((v, c) =>
      expect(v).toBeCloseTo(multiclass.expected.rocAucOvr.perClass[c]!, 12),
    );
    expect(report.curves.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    expect(report.confusionMatrix.flat().reduce((a, b) => a + b)).toBe(multiclass.yTrue.length);
  });

  it('records ranking metrics as undefined, not thrown, when yTrue has one class', () => {
    const report = evaluateClassification([1, 1, 1], [0.9, 0.8, 0.3], { labels: ['no', 'yes'] });
    expect(report.accuracy).toBeCloseTo(2 / 3, 15);
    expect(report.rocAuc).toBeNull();
    expect(report.curves[0]!.roc).toBeNull();
    expect(report.undefinedMetrics.map((u) => u.metric)).toEqual(['rocAuc', 'rocCurve']);
  });
});

describe('evaluateRegression', () => {
  it('reports scikit-learn values with a bounded, seeded residual sample', () => {
    const options = { maxPoints: 50, histogramBins: 8 };
    const report = evaluateRegression(regression.yTrue, regression.yPred, options);
    expect(report.mse).toBeCloseTo(regression.expected.mse, 12);
    expect(report.r2).toBeCloseTo(regression.expected.r2, 12);
    expect(report.residuals.points.row.length).toBe(50);
    const i = report.residuals.points.row[7]!;
    expect(report.residuals.points.residual[7]).toBe(regression.yTrue[i]! - regression.yPred[i]!);
    expect(report.residuals.histogram.counts.reduce((a, b) => a + b)).toBe(regression.yTrue.length);
    expect(report.residuals.histogram.edges.length).toBe(9);
    expect(evaluateRegression(regression.yTrue, regression.yPred, options)).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('gives null R² for a single row instead of throwing', () => {
    const report = evaluateRegression([2], [1]);
    expect(report.r2).toBeNull();
    expect(report.mse).toBe(1);
    expect(report.undefinedMetrics.map((u) => u.metric)).toEqual(['r2Score']);
  });
});

describe('evenlyAlongCurve', () => {
  it('keeps both ends and spreads the rest evenly along the path', () => {
    const x = Array.from({ length: 101 }, (_, i) => i / 100);
    expect(evenlyAlongCurve(x, x, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(evenlyAlongCurve([0, 1], [0, 1], 5)).toEqual([0, 1]);
  });
});

describe('ascendingByScore', () => {
  it('orders negatives, -0 and +0, huge values and ties stably, like a comparator sort', () => {
    const scores = Float64Array.from([
      3, -0, -1e300, 0, 2.5, -2.5, 3, 1e-310, -1e-310, 0, 1e300, 3,
    ]);
    const rows = Uint32Array.from(scores, (_, i) => i);
    const expected = Array.from(rows).sort((a, b) => scores[a]! - scores[b]! || a - b);
    expect(Array.from(ascendingByScore(scores, rows))).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../../errors.js';
import { evaluateClassification } from '../../metrics/evaluate-classification.js';
import { accuracy } from '../../metrics/label-metrics.js';
import { r2Score, rootMeanSquaredError } from '../../metrics/regression-metrics.js';
import { rocAuc } from '../../metrics/score-metrics.js';
import { predict } from '../../model.js';
import { createRandom } from '../../random.js';
import { Table } from '../../table.js';
import { train } from '../../train.js';
import { evaluateModel, type EvaluationReport } from '../evaluate-model.js';
import { splitForEvaluation } from '../split-for-evaluation.js';

const random = createRandom(5);
const records = Array.from({ length: 900 }, (_, i) => {
  const signal = random() * 4 - 2;
  const weak = random() * 2 - 1;
  const noise = random();
  const colour = ['red', 'green', 'blue'][i % 3]!;
  const score = signal + 0.5 * weak + (colour === 'red' ? 0.8 : 0) + (random() - 0.5);
  return {
    signal,
    weak,
    noise,
    colour,
    label: score > 0.3 ? 'yes' : 'no',
    species: score > 1 ? 'c' : score > -0.5 ? 'b' : 'a',
    mass: 10 * signal + 3 * weak + (colour === 'red' ? 4 : 0) + random(),
  };
});
const table = Table.fromRecords(records);
const features = ['signal', 'weak', 'noise', 'colour'];
const quickGbdt = { nIter: 40, earlyStopping: false };

function codesOf(labels: readonly (string | number)[], classes: readonly (string | number)[]) {
  return Int32Array.from(labels, (l) => classes.indexOf(l));
}

function labelsOf(t: Table, name: string): string[] {
  const column = t.column(name);
  if (column.kind !== 'categorical') throw new Error(`${name} is not categorical`);
  return Array.from(column.codes, (c) => column.categories[c]!);
}

function inUnit(values: readonly number[]): boolean {
  return values.every((v) => v >= 0 && v <= 1);
}

describe('evaluateModel on a binary GBDT', async () => {
  const { train: fit, test } = splitForEvaluation(table, 'label', { seed: 3 });
  const model = await train(
    { target: 'label', features, algorithm: 'gbdt', params: quickGbdt },
    fit,
  );
  const report = await evaluateModel(model, test, { seed: 1 });
  const classes = model.target.classes!;
  const yTrue = codesOf(labelsOf(test, 'label'), classes);
  const p = predict(model, test);

  it('reports the same metrics and curves as the engine metrics on the predictions', () => {
    const direct = evaluateClassification(yTrue, p.probabilities!, { labels: classes.map(String) });
    expect(report.classification).toEqual(direct);
    expect(report.classification!.accuracy).toBe(accuracy(yTrue, codesOf(p.labels!, classes)));
    expect(report.classification!.rocAuc).toBeCloseTo(rocAuc(yTrue, p.probabilities!), 12);
    expect(report.classification!.rocAuc).toBeGreaterThan(0.9);
  });

  it('labels the confusion matrix and keeps the curves display-sized and in [0, 1]', () => {
    const c = report.classification!;
    expect(c.labels).toEqual(['no', 'yes']);
    expect(c.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(test.numRows);
    expect(c.curves).toHaveLength(1);
    const { roc, pr, calibration } = c.curves[0]!;
    expect(roc!.fpr.length).toBeLessThanOrEqual(200);
    expect(inUnit(roc!.fpr) && inUnit(roc!.tpr) && inUnit(pr!.precision)).toBe(true);
    expect(calibration!.uniform.count.reduce((a, b) => a + b, 0)).toBe(test.numRows);
    expect(report.regression).toBeNull();
    expect(report.rows).toBe(test.numRows);
  });

  it('ranks the signal column first by gain, with split counts, per input column', () => {
    const fi = report.featureImportance;
    expect(fi.method).toBe('tree');
    if (fi.method !== 'tree') return;
    expect(fi.features.map((f) => f.column).sort()).toEqual([...features].sort());
    expect(fi.features[0]!.column).toBe('signal');
    expect(fi.features.reduce((a, f) => a + f.gainShare, 0)).toBeCloseTo(1, 12);
    expect(fi.features.every((f) => Number.isInteger(f.splits))).toBe(true);
  });

  it('gives SHAP values that add up to each row’s log-odds', () => {
    const shap = report.shap!;
    expect(shap.units).toBe('log-odds');
    expect(shap.rows).toBe(Math.min(200, test.numRows));
    expect(shap.meanAbs[0]!.column).toBe('signal');
    expect(shap.beeswarm).toHaveLength(features.length);
    const points = shap.beeswarm[0]!.shap.length;
    expect(points).toBeLessThanOrEqual(100);
    // All 180 held-out rows are explained (180 <= 200), so point r is held-out row r.
    for (let r = 0; r < points; r++) {
      const sum = shap.beeswarm.reduce((a, b) => a + b.shap[r]!, shap.expectedValue[0]!);
      const p1 = p.probabilities![2 * r + 1]!;
      expect(sum).toBeCloseTo(Math.log(p1 / (1 - p1)), 6);
    }
  });

  it('is plain JSON and the same for the same seed', async () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(await evaluateModel(model, test, { seed: 1 })).toEqual(report);
  });
});

describe('evaluateModel on other tasks and algorithms', () => {
  const split = splitForEvaluation(table, 'species', { seed: 4 });

  it('draws one-vs-rest curves per class for a multiclass forest, with forest SHAP', async () => {
    const model = await train(
      { target: 'species', features, algorithm: 'forest', params: { nTrees: 20 } },
      split.train,
    );
    const report = await evaluateModel(model, split.test, { maxShapRows: 50 });
    const c = report.classification!;
    expect(c.task).toBe('multiclass');
    expect(c.labels).toEqual(['a', 'b', 'c']);
    expect(c.curves.map((x) => x.label)).toEqual(['a', 'b', 'c']);
    expect(c.confusionMatrix).toHaveLength(3);
    expect(report.featureImportance.method).toBe('tree');
    expect(report.shap!.units).toBe('probability');
    expect(report.shap!.rows).toBe(50);
    expect(report.shap!.expectedValue).toHaveLength(3);
  });

  it('explains P(class 1) of a binary decision tree, in probability units', async () => {
    const few = Table.fromRecords(records.slice(0, 150));
    const model = await train(
      { target: 'label', features, algorithm: 'tree', params: { maxDepth: 4 } },
      Table.fromRecords(records.slice(150)),
    );
    const report = await evaluateModel(model, few);
    const shap = report.shap!;
    expect(shap.units).toBe('probability');
    expect(shap.expectedValue).toHaveLength(1);
    const p = predict(model, few).probabilities!;
    // 150 rows <= 200: every row is explained, in order; the first 100 are drawn.
    for (let r = 0; r < 100; r++) {
      const sum = shap.beeswarm.reduce((a, b) => a + b.shap[r]!, shap.expectedValue[0]!);
      expect(sum).toBeCloseTo(p[2 * r + 1]!, 9);
    }
  });

  it('reports regression metrics, residuals and permutation importance for a linear model', async () => {
    const { train: fit, test } = splitForEvaluation(table, 'mass', { seed: 2 });
    const model = await train({ target: 'mass', features, algorithm: 'linear' }, fit);
    const report = await evaluateModel(model, test);
    const yTrue = (test.column('mass') as { values: Float64Array }).values;
    const yPred = predict(model, test).values!;
    const r = report.regression!;
    expect(r.r2).toBeCloseTo(r2Score(yTrue, yPred), 12);
    expect(r.rmse).toBeCloseTo(rootMeanSquaredError(yTrue, yPred), 12);
    expect(r.residuals.points.row.length).toBe(Math.min(500, test.numRows));
    expect(r.residuals.histogram.counts.reduce((a, b) => a + b, 0)).toBe(test.numRows);
    expect(report.classification).toBeNull();
    expect(report.shap).toBeNull();
    const fi = report.featureImportance;
    expect(fi.method).toBe('permutation');
    if (fi.method !== 'permutation') return;
    expect(fi.scoring).toBe('r2');
    expect(fi.features[0]!.column).toBe('signal');
    expect(fi.features.find((f) => f.column === 'noise')!.mean).toBeLessThan(0.01);
  });

  it('maps TF-IDF terms of a text column back to that column', async () => {
    const words = ['good', 'fine', 'bad', 'poor'];
    const texts = Table.fromRecords(
      records.map((row, i) => ({
        ...row,
        review: `${words[(row.label === 'yes' ? 0 : 2) + (i % 2)]} item`,
      })),
      { text: ['review'] },
    );
    const parts = splitForEvaluation(texts, 'label', { seed: 5 });
    const model = await train(
      { target: 'label', features: ['noise', 'review'], params: quickGbdt },
      parts.train,
    );
    const report = await evaluateModel(model, parts.test);
    expect(report.featureImportance.features.map((f) => f.column)).toEqual(['review', 'noise']);
    expect(report.shap!.meanAbs.map((f) => f.column)).toEqual(['review', 'noise']);
    expect(report.shap!.beeswarm[0]!.value[0]).toMatch(/item$/);
  });

  it('skips rows without a target and counts them', async () => {
    const model = await train({ target: 'label', features, params: quickGbdt }, split.train);
    const withGaps = Table.fromRecords(
      records.slice(0, 60).map((row, i) => ({ ...row, label: i < 10 ? null : row.label })),
    );
    const report = await evaluateModel(model, withGaps);
    expect(report.skippedRows).toEqual({ missingTarget: 10, unseenClass: 0 });
    expect(report.rows).toBe(50);
  });

  it('names the bad option or column', async () => {
    const model = await train({ target: 'label', features, params: quickGbdt }, split.train);
    const subject = async (run: Promise<EvaluationReport>) =>
      run.then(
        () => null,
        (e: unknown) => (e instanceof EngineInputError ? e.subject : e),
      );
    expect(await subject(evaluateModel(model, split.test, { groupBy: 'nope' }))).toBe('groupBy');
    expect(await subject(evaluateModel(model, split.test, { maxShapRows: 0 }))).toBe('maxShapRows');
    expect(await subject(evaluateModel(model, split.test.drop(['label'])))).toBe('target');
    expect(await subject(evaluateModel(model, split.test.drop(['weak'])))).toBe('weak');
  });
});

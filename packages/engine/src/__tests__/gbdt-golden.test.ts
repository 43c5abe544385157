import { describe, expect, it } from 'vitest';
import { predictGbdt } from '../gbdt/model.js';
import { trainGbdt } from '../gbdt/train.js';
import { Table } from '../table.js';
import { accuracy } from '../metrics/label-metrics.js';
import { meanAbsoluteError, rootMeanSquaredError as rmse } from '../metrics/regression-metrics.js';
import { logLoss, rocAuc } from '../metrics/score-metrics.js';
import { goldenTable, loadGbdtGolden } from './gbdt-fixture.js';

// Same hyperparameters as the scikit-learn run that produced the fixture.
const SKLEARN_LIKE = {
  nIter: 100,
  learningRate: 0.1,
  numLeaves: 31,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: false,
} as const;

describe('GBDT against scikit-learn HistGradientBoosting (golden fixture)', () => {
  const golden = loadGbdtGolden();
  const n = golden.rows.length;
  const train = goldenTable(golden, 0, golden.nTrain);
  const test = goldenTable(golden, golden.nTrain, n);

  it('regression: held-out RMSE within 2% of scikit-learn', async () => {
    const y = Float64Array.from(golden.yRegression);
    const model = await trainGbdt(
      { objective: 'regression', ...SKLEARN_LIKE },
      train,
      y.subarray(0, golden.nTrain),
    );
    const ours = rmse(y.subarray(golden.nTrain), predictGbdt(model, test));
    console.info(`regression RMSE ours ${ours} vs scikit-learn ${golden.regression.rmse}`);
    expect(ours).toBeLessThanOrEqual(1.02 * golden.regression.rmse);
  });

  it('binary: held-out log loss within 2% and AUC within 0.005 of scikit-learn', async () => {
    const y = Float64Array.from(golden.yBinary);
    const model = await trainGbdt(
      { objective: 'binary', ...SKLEARN_LIKE },
      train,
      y.subarray(0, golden.nTrain),
    );
    const p = predictGbdt(model, test);
    const yTest = Int32Array.from(y.subarray(golden.nTrain));
    const ours = { logLoss: logLoss(yTest, p), auc: rocAuc(yTest, p) };
    console.info(
      `binary ours ${JSON.stringify(ours)} vs scikit-learn ${JSON.stringify(golden.binary)}`,
    );
    expect(ours.logLoss).toBeLessThanOrEqual(1.02 * golden.binary.logLoss);
    expect(ours.auc).toBeGreaterThanOrEqual(golden.binary.auc - 0.005);
  });

  it('multiclass: held-out log loss within 2% and accuracy within 0.01 of scikit-learn', async () => {
    const y = Float64Array.from(golden.yMulticlass);
    const model = await trainGbdt(
      { objective: 'multiclass', ...SKLEARN_LIKE },
      train,
      y.subarray(0, golden.nTrain),
    );
    const proba = predictGbdt(model, test);
    const yTest = Int32Array.from(y.subarray(golden.nTrain));
    const predicted = Array.from({ length: yTest.length }, (_, i) => {
      const row = Array.from(proba.subarray(i * 3, i * 3 + 3));
      return row.indexOf(Math.max(...row));
    });
    const ours = { logLoss: logLoss(yTest, proba), accuracy: accuracy(yTest, predicted) };
    console.info(`multiclass ours ${JSON.stringify(ours)} vs ${JSON.stringify(golden.multiclass)}`);
    expect(ours.logLoss).toBeLessThanOrEqual(1.02 * golden.multiclass.logLoss);
    expect(ours.accuracy).toBeGreaterThanOrEqual(golden.multiclass.accuracy - 0.01);
  });

  it('absolute error: held-out MAE within 2% of scikit-learn on heavy-tailed noise', async () => {
    const y = Float64Array.from(golden.yHeavyTailed);
    const model = await trainGbdt(
      { objective: 'absolute', ...SKLEARN_LIKE },
      train,
      y.subarray(0, golden.nTrain),
    );
    const p = predictGbdt(model, test);
    const mae = meanAbsoluteError(y.subarray(golden.nTrain), p);
    console.info(`absolute MAE ours ${mae} vs scikit-learn ${golden.absolute.mae}`);
    expect(mae).toBeLessThanOrEqual(1.02 * golden.absolute.mae);
  });

  it('native categorical splits: held-out RMSE within 2% of scikit-learn', async () => {
    const table = Table.fromColumns({
      category: golden.category,
      x0: Float64Array.from(golden.rows, (r) => r[0] ?? NaN),
    });
    const y = Float64Array.from(golden.yCategorical);
    const rows = (from: number, to: number) =>
      Uint32Array.from({ length: to - from }, (_, i) => from + i);
    const model = await trainGbdt(
      { objective: 'regression', ...SKLEARN_LIKE },
      table.take(rows(0, golden.nTrain)),
      y.subarray(0, golden.nTrain),
    );
    const ours = rmse(
      y.subarray(golden.nTrain),
      predictGbdt(model, table.take(rows(golden.nTrain, n))),
    );
    console.info(`categorical RMSE ours ${ours} vs scikit-learn ${golden.categorical.rmse}`);
    expect(ours).toBeLessThanOrEqual(1.02 * golden.categorical.rmse);
  });
});

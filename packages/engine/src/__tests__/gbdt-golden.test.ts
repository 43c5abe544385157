import { describe, expect, it } from 'vitest';
import { predictGbdt } from '../gbdt/model.js';
import { trainGbdt } from '../gbdt/train.js';
import { goldenTable, loadGbdtGolden, logLoss, rmse, rocAuc } from './gbdt-fixture.js';

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
    const yTest = y.subarray(golden.nTrain);
    const ours = { logLoss: logLoss(yTest, p), auc: rocAuc(yTest, p) };
    console.info(
      `binary ours ${JSON.stringify(ours)} vs scikit-learn ${JSON.stringify(golden.binary)}`,
    );
    expect(ours.logLoss).toBeLessThanOrEqual(1.02 * golden.binary.logLoss);
    expect(ours.auc).toBeGreaterThanOrEqual(golden.binary.auc - 0.005);
  });
});

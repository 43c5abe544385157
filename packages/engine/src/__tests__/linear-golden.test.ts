import { describe, expect, it } from 'vitest';
import { predictLinear } from '../linear/model.js';
import { resolveLinearParams } from '../linear/params.js';
import { trainLinear } from '../linear/train.js';
import {
  goldenMatrix,
  goldenWeights,
  loadLinearGolden,
  sklearnObjective,
  type LinearGolden,
  type LinearGoldenCase,
} from './linear-fixture.js';

// Convex problems with a unique optimum: both sides should land on it.
const COEF_RTOL = 1e-4;
const PROBA_ATOL = 1e-6;

/** |a − b| <= rtol · max(|b|, floor): the floor keeps near-zero coefficients from failing on noise. */
function expectClose(
  ours: readonly number[],
  theirs: readonly number[],
  rtol: number,
  what: string,
) {
  const scale = Math.max(...theirs.map(Math.abs));
  ours.forEach((v, i) => {
    const allowed = rtol * Math.max(Math.abs(theirs[i]!), 1e-3 * scale);
    expect(
      Math.abs(v - theirs[i]!),
      `${what}[${i}]: ours ${v}, scikit-learn ${theirs[i]}`,
    ).toBeLessThanOrEqual(allowed);
  });
}

async function fit(golden: LinearGolden, c: LinearGoldenCase) {
  const X = goldenMatrix(golden);
  const y = Float64Array.from(golden.y);
  const w = c.weighted ? goldenWeights(y.length) : new Float64Array(y.length).fill(1);
  const model = await trainLinear(c.params, X, y, c.weighted ? { sampleWeight: w } : {});
  return { X, y, w, model };
}

// Only `task` matters to predictLinear; the rest is filled from a real training call's shape.
const SHELL = {
  format: 'aistudio.linear',
  version: 1,
  kind: 'logistic-regression',
  constantColumns: [],
  converged: true,
  stopReason: 'tolerance',
  iterations: 0,
  history: { loss: [] },
} as const;
const BINARY_SHELL = {
  ...SHELL,
  task: 'binary',
  params: resolveLinearParams({ task: 'binary' }, 1),
} as const;
const MULTICLASS_SHELL = {
  ...SHELL,
  task: 'multiclass',
  params: resolveLinearParams({ task: 'multiclass' }, 1),
} as const;

const isL1Logistic = (c: LinearGoldenCase) =>
  c.sklearn.estimator === 'LogisticRegression' && c.sklearn.params['solver'] === 'saga';

for (const name of ['breast-cancer', 'wine', 'diabetes'] as const) {
  const golden = loadLinearGolden(name);
  describe(`linear models against scikit-learn ${golden.versions.sklearn} on ${golden.dataset}`, () => {
    for (const c of golden.cases.filter((c) => !isL1Logistic(c))) {
      it(`${c.name}: coefficients within 1e-4 and predictions within 1e-6`, async () => {
        const { model } = await fit(golden, c);
        expect(model.converged).toBe(true);
        model.coef.forEach((row, r) => expectClose(row, c.coef[r]!, COEF_RTOL, `coef[${r}]`));
        expectClose(model.intercept, c.intercept, COEF_RTOL, 'intercept');
        const head = goldenMatrix(golden, 25);
        const predicted = Array.from(predictLinear(model, head));
        if (c.proba) {
          const k = c.proba[0]!.length;
          const expected = c.proba.flatMap((p) => (k === 2 ? [p[1]!] : p));
          predicted.forEach((p, i) =>
            expect(Math.abs(p - expected[i]!)).toBeLessThanOrEqual(PROBA_ATOL),
          );
        } else {
          expectClose(predicted, c.predictions!, 1e-6, 'prediction');
        }
      });
    }
    const withProba = golden.cases.find((c) => c.proba);
    if (withProba) {
      it("predictLinear with scikit-learn's own coefficients reproduces predict_proba to 1e-12", () => {
        const model = {
          ...(withProba.params.task === 'binary' ? BINARY_SHELL : MULTICLASS_SHELL),
          features: golden.columns,
          numClasses: withProba.proba![0]!.length,
          coef: withProba.coef,
          intercept: withProba.intercept,
        };
        const predicted = predictLinear(model, goldenMatrix(golden, 25));
        const k = withProba.proba![0]!.length;
        const expected = withProba.proba!.flatMap((p) => (k === 2 ? [p[1]!] : p));
        predicted.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThanOrEqual(1e-12));
      });
    }
    for (const c of golden.cases.filter(isL1Logistic)) {
      it(`${c.name}: objective no worse than scikit-learn's saga, coefficients within 1e-4`, async () => {
        const { X, y, w, model } = await fit(golden, c);
        expect(model.converged).toBe(true);
        const ours = sklearnObjective(model, X, y, w);
        console.info(
          `${golden.dataset} ${c.name}: objective ours ${ours} vs scikit-learn ${c.objective}`,
        );
        expect(ours).toBeLessThanOrEqual(c.objective * (1 + 1e-9));
        model.coef.forEach((row, r) => expectClose(row, c.coef[r]!, COEF_RTOL, `coef[${r}]`));
      });
    }
  });
}

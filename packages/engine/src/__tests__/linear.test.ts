import { describe, expect, it } from 'vitest';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { predictLinear } from '../linear/model.js';
import type { LinearParams } from '../linear/params.js';
import { trainLinear } from '../linear/train.js';
import { matrix, type Matrix } from '../matrix.js';
import { createRandom } from '../random.js';

/** n rows of p standard-ish features from a seeded generator, named x0..x(p-1). */
function randomMatrix(n: number, p: number, seed = 1): Matrix {
  const random = createRandom(seed);
  const data = Float64Array.from({ length: n * p }, () => random() * 2 - 1);
  return matrix(
    n,
    p,
    data,
    Array.from({ length: p }, (_, j) => `x${j}`),
  );
}

/** A noisy linear target: y = 3·x0 − 2·x1 + 0.5 + noise, or its class codes. */
function targets(X: Matrix, seed = 2) {
  const random = createRandom(seed);
  const linear = Float64Array.from({ length: X.numRows }, (_, i) => {
    const x = X.data.subarray(i * X.numCols);
    return 3 * x[0]! - 2 * x[1]! + 0.5 + (random() - 0.5);
  });
  return {
    regression: linear,
    binary: linear.map((v) => (v > 0.5 ? 1 : 0)),
    multiclass: linear.map((v) => (v < -0.5 ? 0 : v < 1.5 ? 1 : 2)),
  };
}

/** Rejects with an EngineInputError whose subject is `subject`. */
async function expectInputError(promise: Promise<unknown>, subject: string): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineInputError);
  expect((error as EngineInputError).subject).toBe(subject);
}

function withColumn(X: Matrix, name: string, value: (row: number) => number): Matrix {
  const p = X.numCols + 1;
  const data = new Float64Array(X.numRows * p);
  for (let i = 0; i < X.numRows; i++) {
    data.set(X.data.subarray(i * X.numCols, (i + 1) * X.numCols), i * p);
    data[i * p + X.numCols] = value(i);
  }
  return matrix(X.numRows, p, data, [...X.columnNames, name]);
}

const X = randomMatrix(200, 4);
const y = targets(X);

describe('trainLinear rejects bad input with an EngineInputError naming the culprit', () => {
  it('rejects an empty matrix', async () => {
    await expectInputError(
      trainLinear(
        { task: 'regression' },
        matrix(0, 2, new Float64Array(0), ['a', 'b']),
        y.regression.subarray(0, 0),
      ),
      'X',
    );
  });

  it('names the column holding NaN or Infinity: imputation belongs to the pipeline', async () => {
    const data = Float64Array.from(X.data);
    data[7 * 4 + 2] = NaN;
    await expectInputError(trainLinear({ task: 'regression' }, { ...X, data }, y.regression), 'x2');
    data[7 * 4 + 2] = 0;
    data[3 * 4 + 1] = -Infinity;
    await expectInputError(trainLinear({ task: 'binary' }, { ...X, data }, y.binary), 'x1');
  });

  it('rejects NaN and Infinity targets and a target of the wrong length', async () => {
    for (const bad of [NaN, Infinity]) {
      const target = Float64Array.from(y.regression);
      target[5] = bad;
      await expectInputError(trainLinear({ task: 'regression' }, X, target), 'target');
    }
    await expectInputError(
      trainLinear({ task: 'regression' }, X, y.regression.subarray(1)),
      'target',
    );
  });

  it('rejects a single class, labels outside 0/1, and a multiclass code with no rows', async () => {
    const ones = new Float64Array(X.numRows).fill(1);
    await expectInputError(trainLinear({ task: 'binary' }, X, ones), 'target');
    await expectInputError(trainLinear({ task: 'multiclass' }, X, ones), 'target');
    await expectInputError(trainLinear({ task: 'binary' }, X, y.multiclass), 'target');
    const gap = y.multiclass.map((v) => (v === 1 ? 3 : v));
    await expectInputError(trainLinear({ task: 'multiclass' }, X, gap), 'target');
    await expectInputError(trainLinear({ task: 'multiclass' }, X, y.regression), 'target');
  });

  it('rejects absurd or misplaced penalty strengths', async () => {
    const cases: [LinearParams, string][] = [
      [{ task: 'binary', C: 0 }, 'C'],
      [{ task: 'binary', C: -1 }, 'C'],
      [{ task: 'binary', C: NaN }, 'C'],
      [{ task: 'binary', C: Infinity }, 'C'],
      [{ task: 'binary', C: 1e300 }, 'C'],
      [{ task: 'regression', alpha: -0.1 }, 'alpha'],
      [{ task: 'regression', alpha: Infinity }, 'alpha'],
      [{ task: 'regression', C: 1 }, 'C'],
      [{ task: 'binary', alpha: 1 }, 'alpha'],
      [{ task: 'regression', penalty: 'elasticnet', l1Ratio: 1.5 }, 'l1Ratio'],
      [{ task: 'regression', penalty: 'l2', l1Ratio: 0.5 }, 'l1Ratio'],
    ];
    for (const [params, subject] of cases) {
      const target = params.task === 'regression' ? y.regression : y.binary;
      await expectInputError(trainLinear(params, X, target), subject);
    }
  });

  it('rejects unknown parameters, bad limits and a solver that cannot fit the penalty', async () => {
    const cases: [LinearParams, string][] = [
      [{ task: 'classification' as 'binary' }, 'task'],
      [{ task: 'binary', penalty: 'l3' as 'l1' }, 'penalty'],
      [{ task: 'binary', learningRate: 0.1 } as LinearParams, 'learningRate'],
      [{ task: 'binary', tol: 0 }, 'tol'],
      [{ task: 'binary', tol: NaN }, 'tol'],
      [{ task: 'binary', maxIter: 0 }, 'maxIter'],
      [{ task: 'binary', maxIter: 2.5 }, 'maxIter'],
      [{ task: 'binary', solver: 'cd' }, 'solver'],
      [{ task: 'binary', penalty: 'l1', solver: 'lbfgs' }, 'solver'],
      [{ task: 'regression', penalty: 'l1', solver: 'cholesky' }, 'solver'],
      [{ task: 'binary', fitIntercept: 'yes' as unknown as boolean }, 'fitIntercept'],
    ];
    for (const [params, subject] of cases) {
      await expectInputError(trainLinear(params, X, y.binary), subject);
    }
  });

  it('rejects negative, non-finite, all-zero or misshapen sample weights', async () => {
    const bad = [
      Float64Array.from({ length: X.numRows }, (_, i) => (i === 3 ? -1 : 1)),
      Float64Array.from({ length: X.numRows }, (_, i) => (i === 3 ? NaN : 1)),
      new Float64Array(X.numRows),
      new Float64Array(X.numRows - 1).fill(1),
    ];
    for (const sampleWeight of bad) {
      await expectInputError(
        trainLinear({ task: 'binary' }, X, y.binary, { sampleWeight }),
        'sampleWeight',
      );
    }
  });

  it('names a duplicated column when unpenalised least squares has no unique answer', async () => {
    const twin = withColumn(X, 'x0 again', (i) => X.data[i * X.numCols]!);
    await expectInputError(
      trainLinear({ task: 'regression', penalty: 'none' }, twin, y.regression),
      'x0 again',
    );
  });
});

describe('trainLinear on degenerate but valid input', () => {
  it('fixes a constant column at 0 and fits the rest as if it were absent', async () => {
    const padded = withColumn(X, 'constant', () => 7);
    for (const params of [
      { task: 'regression', penalty: 'none' },
      { task: 'regression', penalty: 'l1', alpha: 0.01, tol: 1e-10 },
      { task: 'binary', tol: 1e-10 },
    ] as LinearParams[]) {
      const target = params.task === 'regression' ? y.regression : y.binary;
      const withConstant = await trainLinear(params, padded, target);
      const without = await trainLinear(params, X, target);
      expect(withConstant.constantColumns).toEqual(['constant']);
      expect(withConstant.coef[0]![4]).toBe(0);
      withConstant.coef[0]!.slice(0, 4).forEach((v, j) =>
        expect(v).toBeCloseTo(without.coef[0]![j]!, 7),
      );
      expect(withConstant.intercept[0]).toBeCloseTo(without.intercept[0]!, 7);
    }
  });

  it('keeps coefficients and probabilities finite on separable data without a penalty', async () => {
    const separable = y.regression.map((v) => (v > 0.5 ? 1 : 0));
    const sharp = matrix(X.numRows, 1, Float64Array.from(y.regression), ['score']);
    for (const tol of [1e-4, 1e-12]) {
      const model = await trainLinear(
        { task: 'binary', penalty: 'none', tol, maxIter: 500 },
        sharp,
        separable,
      );
      // The loss only approaches 0 as the slope grows: the solver stops once the gains vanish.
      expect(Number.isFinite(model.coef[0]![0])).toBe(true);
      expect(model.coef[0]![0]).toBeGreaterThan(10);
      expect(predictLinear(model, sharp).every(Number.isFinite)).toBe(true);
      expect(model.history.loss.at(-1)).toBeLessThan(1e-3);
    }
  });

  it('reports max-iter for every iterative solver when maxIter is too small', async () => {
    const cases: [LinearParams, Float64Array][] = [
      [{ task: 'binary', maxIter: 2 }, y.binary],
      [{ task: 'multiclass', maxIter: 2 }, y.multiclass],
      [{ task: 'binary', penalty: 'l1', C: 0.5, maxIter: 2 }, y.binary],
      [{ task: 'regression', penalty: 'l1', alpha: 0.01, maxIter: 1, tol: 1e-12 }, y.regression],
      [{ task: 'regression', solver: 'lbfgs', maxIter: 2 }, y.regression],
    ];
    for (const [params, target] of cases) {
      const model = await trainLinear(params, X, target);
      expect(model.converged, params.solver ?? params.penalty).toBe(false);
      expect(model.stopReason).toBe('max-iter');
      expect(model.history.loss).toHaveLength(model.iterations);
    }
  });

  it('stays finite at the extremes of C and alpha', async () => {
    for (const C of [1e-12, 1e12]) {
      const model = await trainLinear({ task: 'multiclass', C, maxIter: 200 }, X, y.multiclass);
      expect(model.coef.flat().every(Number.isFinite)).toBe(true);
      expect(predictLinear(model, X).every(Number.isFinite)).toBe(true);
    }
    const tiny = await trainLinear({ task: 'binary', C: 1e-12 }, X, y.binary);
    expect(Math.max(...tiny.coef[0]!.map(Math.abs))).toBeLessThan(1e-9);
    for (const alpha of [0, 1e12]) {
      for (const penalty of ['l2', 'elasticnet'] as const) {
        const model = await trainLinear({ task: 'regression', penalty, alpha }, X, y.regression);
        expect(model.coef[0]!.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('treats a zero sample weight as leaving the row out', async () => {
    const sampleWeight = Float64Array.from({ length: X.numRows }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const kept = [...Array(X.numRows).keys()].filter((i) => i % 4 !== 0);
    const subset = matrix(
      kept.length,
      X.numCols,
      Float64Array.from(kept.flatMap((i) => Array.from(X.data.subarray(i * 4, i * 4 + 4)))),
      X.columnNames,
    );
    for (const [params, target] of [
      [{ task: 'regression', alpha: 3 }, y.regression],
      [{ task: 'multiclass', tol: 1e-10 }, y.multiclass],
    ] as [LinearParams, Float64Array][]) {
      const weighted = await trainLinear(params, X, target, { sampleWeight });
      const dropped = await trainLinear(
        params,
        subset,
        Float64Array.from(kept, (i) => target[i]!),
      );
      weighted.coef.flat().forEach((v, j) => expect(v).toBeCloseTo(dropped.coef.flat()[j]!, 7));
    }
  });
});

describe('trainLinear progress, cancellation and determinism', () => {
  it('reports every iteration through onProgress and keeps the same losses in history', async () => {
    const events: { iteration: number; loss: number }[] = [];
    const model = await trainLinear({ task: 'binary', tol: 1e-8 }, X, y.binary, {
      onProgress: (e) => events.push(e),
    });
    expect(events.map((e) => e.iteration)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.loss)).toEqual(model.history.loss);
    expect(model.history.loss.length).toBe(model.iterations);
    // L-BFGS with a Wolfe line search never increases the objective.
    model.history.loss.forEach(
      (v, i) => i > 0 && expect(v).toBeLessThanOrEqual(model.history.loss[i - 1]!),
    );
  });

  it('rejects with TrainingAbortedError when the signal fires during training', async () => {
    const controller = new AbortController();
    const training = trainLinear(
      { task: 'regression', penalty: 'l1', alpha: 1e-4, tol: 1e-12 },
      X,
      y.regression,
      {
        signal: controller.signal,
        onProgress: ({ iteration }) => iteration === 3 && controller.abort(),
      },
    );
    const error: unknown = await training.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingAbortedError);
    expect((error as TrainingAbortedError).iteration).toBe(3);
    expect((error as Error).name).toBe('AbortError');
  });

  it('does not start when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainLinear({ task: 'binary' }, X, y.binary, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);
  });

  it('gives identical models for identical input', async () => {
    const params: LinearParams = { task: 'multiclass', penalty: 'elasticnet', l1Ratio: 0.3, C: 2 };
    const a = await trainLinear(params, X, y.multiclass);
    const b = await trainLinear(params, X, y.multiclass);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('predictLinear', () => {
  it('predicts the same from a JSON round trip, with columns matched by name', async () => {
    const model = await trainLinear({ task: 'multiclass' }, X, y.multiclass);
    const restored = JSON.parse(JSON.stringify(model)) as typeof model;
    const order = [3, 1, 0, 2];
    const shuffled = matrix(
      X.numRows,
      4,
      Float64Array.from(
        { length: X.numRows * 4 },
        (_, k) => X.data[Math.floor(k / 4) * 4 + order[k % 4]!]!,
      ),
      order.map((j) => `x${j}`),
    );
    expect(predictLinear(restored, shuffled)).toEqual(predictLinear(model, X));
  });

  it('returns probabilities that sum to 1 per row, and margins with raw', async () => {
    const multi = await trainLinear({ task: 'multiclass' }, X, y.multiclass);
    const p = predictLinear(multi, X);
    expect(p).toHaveLength(X.numRows * 3);
    for (let r = 0; r < X.numRows; r++)
      expect(p[3 * r]! + p[3 * r + 1]! + p[3 * r + 2]!).toBeCloseTo(1, 12);
    const binary = await trainLinear({ task: 'binary' }, X, y.binary);
    const prob = predictLinear(binary, X);
    const margin = predictLinear(binary, X, { raw: true });
    prob.forEach((v, i) => expect(Math.log(v / (1 - v))).toBeCloseTo(margin[i]!, 9));
  });

  it('rejects a matrix without a model column, or with NaN, naming the column', async () => {
    const model = await trainLinear({ task: 'regression' }, X, y.regression);
    const fewer = matrix(1, 3, new Float64Array(3), ['x0', 'x1', 'x3']);
    expect(() => predictLinear(model, fewer)).toThrow(EngineInputError);
    expect(() => predictLinear(model, fewer)).toThrow(/^x2:/);
    const nan = matrix(1, 4, Float64Array.from([0, 0, NaN, 0]), X.columnNames);
    expect(() => predictLinear(model, nan)).toThrow(/^x2:/);
  });
});

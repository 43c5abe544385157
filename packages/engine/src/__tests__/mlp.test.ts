import { describe, expect, it } from 'vitest';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { matrix, type Matrix } from '../matrix.js';
import type { MlpCheckpoint } from '../mlp/checkpoint.js';
import { predictMlp, type MlpModel } from '../mlp/model.js';
import type { MlpParams } from '../mlp/params.js';
import { trainMlp } from '../mlp/train.js';
import { createRandom } from '../random.js';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function toMatrix(rows: number[][]): Matrix {
  const cols = rows[0]?.length ?? 0;
  return matrix(
    rows.length,
    cols,
    Float64Array.from(rows.flat()),
    Array.from({ length: cols }, (_, j) => `x${j}`),
  );
}

/** Two interleaved half circles with noise, standardised-ish (coordinates within about ±1.5). */
function moons(n: number, seed: number): { x: Matrix; y: Float64Array } {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.PI * random();
    const upper = i % 2 === 0;
    const px = upper ? Math.cos(t) : 1 - Math.cos(t);
    const py = upper ? Math.sin(t) : 0.5 - Math.sin(t);
    rows.push([px - 0.5 + 0.1 * gaussian(random), py - 0.25 + 0.1 * gaussian(random)]);
    y[i] = upper ? 0 : 1;
  }
  return { x: toMatrix(rows), y };
}

function accuracy(model: MlpModel, x: Matrix, y: Float64Array, classes = 2): number {
  const p = predictMlp(model, x);
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    let predicted: number;
    if (classes === 2) predicted = p[i]! > 0.5 ? 1 : 0;
    else {
      predicted = 0;
      for (let k = 1; k < classes; k++)
        if (p[i * classes + k]! > p[i * classes + predicted]!) predicted = k;
    }
    correct += +(predicted === y[i]);
  }
  return correct / y.length;
}

const moonsTrain = moons(400, 1);
const moonsTest = moons(400, 2);

describe('trainMlp learns', () => {
  it('XOR, which no linear model can', async () => {
    const random = createRandom(5);
    const rows: number[][] = [];
    const y = new Float64Array(200);
    for (let i = 0; i < 200; i++) {
      const a = i % 2;
      const b = (i >> 1) % 2;
      rows.push([2 * a - 1 + 0.1 * gaussian(random), 2 * b - 1 + 0.1 * gaussian(random)]);
      y[i] = a ^ b;
    }
    const x = toMatrix(rows);
    const model = await trainMlp(
      {
        objective: 'binary',
        hiddenLayerSizes: [8],
        activation: 'tanh',
        learningRate: 0.05,
        maxEpochs: 100,
      },
      x,
      y,
    );
    expect(accuracy(model, x, y)).toBe(1);
    const linear = await trainMlp(
      { objective: 'binary', hiddenLayerSizes: [], learningRate: 0.05 },
      x,
      y,
    );
    expect(accuracy(linear, x, y)).toBeLessThan(0.8);
  });

  it('two moons with two ReLU layers, on held-out rows', async () => {
    const model = await trainMlp(
      {
        objective: 'binary',
        hiddenLayerSizes: [32, 32],
        learningRate: 0.01,
        maxEpochs: 150,
        seed: 3,
      },
      moonsTrain.x,
      moonsTrain.y,
    );
    expect(accuracy(model, moonsTest.x, moonsTest.y)).toBeGreaterThan(0.97);
    const losses = model.history.trainLoss;
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 4);
  });

  it('a nonlinear regression (R² on held-out rows)', async () => {
    const make = (seed: number) => {
      const random = createRandom(seed);
      const rows: number[][] = [];
      const y = new Float64Array(600);
      for (let i = 0; i < 600; i++) {
        const a = 2 * random() - 1;
        const b = 2 * random() - 1;
        rows.push([a, b]);
        y[i] = Math.sin(3 * a) + b * b + 0.05 * gaussian(random);
      }
      return { x: toMatrix(rows), y };
    };
    const train = make(7);
    const test = make(8);
    const model = await trainMlp(
      { objective: 'regression', hiddenLayerSizes: [32, 32], learningRate: 0.01, maxEpochs: 300 },
      train.x,
      train.y,
    );
    const p = predictMlp(model, test.x);
    const mean = test.y.reduce((s, v) => s + v, 0) / test.y.length;
    let residual = 0;
    let total = 0;
    test.y.forEach((v, i) => {
      residual += (v - p[i]!) ** 2;
      total += (v - mean) ** 2;
    });
    expect(1 - residual / total).toBeGreaterThan(0.95);
  });

  it('three classes with softmax probabilities that sum to 1', async () => {
    const random = createRandom(9);
    const centres = [
      [0, 1.5],
      [-1.3, -0.8],
      [1.3, -0.8],
    ];
    const rows: number[][] = [];
    const y = new Float64Array(450);
    for (let i = 0; i < 450; i++) {
      const k = i % 3;
      rows.push([
        centres[k]![0]! + 0.5 * gaussian(random),
        centres[k]![1]! + 0.5 * gaussian(random),
      ]);
      y[i] = k;
    }
    const x = toMatrix(rows);
    const model = await trainMlp(
      { objective: 'multiclass', hiddenLayerSizes: [16], learningRate: 0.01, maxEpochs: 100 },
      x,
      y,
    );
    expect(model.layers[1]!.outputs).toBe(3);
    expect(accuracy(model, x, y, 3)).toBeGreaterThan(0.95);
    const p = predictMlp(model, x);
    for (let i = 0; i < 450; i++) {
      expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 6);
    }
  });
});

describe('trainMlp runs', () => {
  const quick: MlpParams = {
    objective: 'binary',
    hiddenLayerSizes: [16, 8],
    learningRate: 0.01,
    batchSize: 32,
    maxEpochs: 8,
  };

  it('the same way for the same seed, and differently for another', async () => {
    const a = await trainMlp({ ...quick, dropout: 0.2 }, moonsTrain.x, moonsTrain.y);
    const b = await trainMlp({ ...quick, dropout: 0.2 }, moonsTrain.x, moonsTrain.y);
    const c = await trainMlp({ ...quick, dropout: 0.2, seed: 1 }, moonsTrain.x, moonsTrain.y);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.layers[0]!.weights).not.toEqual(c.layers[0]!.weights);
  });

  it('without dropout at prediction time', async () => {
    const withDropout = await trainMlp({ ...quick, dropout: 0.5 }, moonsTrain.x, moonsTrain.y);
    const without = await trainMlp(quick, moonsTrain.x, moonsTrain.y);
    expect(withDropout.layers[0]!.weights).not.toEqual(without.layers[0]!.weights);
    expect(predictMlp(withDropout, moonsTest.x)).toEqual(predictMlp(withDropout, moonsTest.x));
  });

  for (const [name, extra] of [
    ['Adam, dropout and early stopping', { dropout: 0.2, earlyStopping: true, nIterNoChange: 3 }],
    ['Nesterov SGD', { solver: 'sgd', learningRate: 0.05 }],
  ] as const) {
    it(`resumes from a checkpoint to a bit-identical model (${name})`, async () => {
      const params: MlpParams = { ...quick, ...extra, maxEpochs: 10 };
      const checkpoints: MlpCheckpoint[] = [];
      const whole = await trainMlp(params, moonsTrain.x, moonsTrain.y, {
        checkpoint: { everyEpochs: 2, save: (c) => void checkpoints.push(c) },
      });
      expect(checkpoints.map((c) => c.epoch)).toEqual(
        [2, 4, 6, 8, 10].filter((e) => e <= whole.epochs),
      );
      // Through JSON, as a checkpoint saved to disk would come back.
      const saved = JSON.parse(JSON.stringify(checkpoints[1])) as MlpCheckpoint;
      const resumed = await trainMlp(params, moonsTrain.x, moonsTrain.y, { resumeFrom: saved });
      expect(JSON.stringify(resumed)).toBe(JSON.stringify(whole));
    });
  }

  it('stops on the training loss by scikit-learn’s rule (more than nIterNoChange bad epochs)', async () => {
    // tol 10 means no epoch after the first can count as an improvement.
    const model = await trainMlp(
      { ...quick, maxEpochs: 50, tol: 10, nIterNoChange: 2 },
      moonsTrain.x,
      moonsTrain.y,
    );
    expect(model.epochs).toBe(4);
  });

  it('keeps the weights of the best validation epoch when early stopping', async () => {
    const model = await trainMlp(
      { ...quick, maxEpochs: 200, earlyStopping: true, nIterNoChange: 4, learningRate: 0.02 },
      moonsTrain.x,
      moonsTrain.y,
    );
    const scores = model.history.validScore!;
    expect(model.epochs).toBeLessThan(200);
    expect(scores).toHaveLength(model.epochs);
    expect(model.history.validLoss).toHaveLength(model.epochs);
    expect(scores[model.bestEpoch - 1]).toBe(Math.max(...scores));
    expect(model.epochs - model.bestEpoch).toBeGreaterThan(4);
  });

  it('reports every epoch and can be aborted from a progress callback', async () => {
    const controller = new AbortController();
    const epochs: number[] = [];
    const run = trainMlp(quick, moonsTrain.x, moonsTrain.y, {
      signal: controller.signal,
      onProgress: ({ epoch, trainLoss }) => {
        expect(Number.isFinite(trainLoss)).toBe(true);
        epochs.push(epoch);
        if (epoch === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(TrainingAbortedError);
    expect(epochs).toEqual([1, 2, 3]);
  });

  it('yields to the event loop so that a timer can abort a long run', async () => {
    const random = createRandom(4);
    const n = 20_000;
    const x = matrix(
      n,
      8,
      Float64Array.from({ length: n * 8 }, () => gaussian(random)),
      [...'abcdefgh'],
    );
    const y = Float64Array.from({ length: n }, (_, i) => (x.data[i * 8]! > 0 ? 1 : 0));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const run = trainMlp(
      { objective: 'binary', hiddenLayerSizes: [64, 64], maxEpochs: 1000 },
      x,
      y,
      {
        signal: controller.signal,
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('trainMlp rejects', () => {
  const x = moonsTrain.x;
  const y = moonsTrain.y;
  const base: MlpParams = { objective: 'binary', hiddenLayerSizes: [4], maxEpochs: 2 };

  async function rejection(run: () => Promise<unknown>): Promise<EngineInputError> {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(EngineInputError);
      return error as EngineInputError;
    }
    throw new Error('expected an EngineInputError');
  }

  it('empty or malformed input', async () => {
    expect(
      (
        await rejection(() =>
          trainMlp(base, matrix(0, 2, new Float64Array(0), ['a', 'b']), new Float64Array(0)),
        )
      ).subject,
    ).toBe('X');
    expect(
      (
        await rejection(() =>
          trainMlp(base, matrix(3, 0, new Float64Array(0), []), new Float64Array(3)),
        )
      ).subject,
    ).toBe('X');
    expect((await rejection(() => trainMlp(base, x, y.subarray(1)))).subject).toBe('y');
  });

  it('missing or infinite feature values, naming the column', async () => {
    const data = Float64Array.from(x.data);
    data[7] = NaN;
    const error = await rejection(() => trainMlp(base, { ...x, data }, y));
    expect(error.subject).toBe('x1');
    data[7] = Infinity;
    expect((await rejection(() => trainMlp(base, { ...x, data }, y))).subject).toBe('x1');
    data[7] = 1e39; // beyond float32
    expect((await rejection(() => trainMlp(base, { ...x, data }, y))).subject).toBe('x1');
  });

  it('bad targets: NaN, Infinity, non-binary, non-integer classes, a single class', async () => {
    for (const bad of [NaN, Infinity, 2, 0.5]) {
      const target = Float64Array.from(y);
      target[5] = bad;
      const error = await rejection(() => trainMlp(base, x, target));
      expect(error.subject).toBe('y');
      expect(error.message).toContain('row 5');
    }
    const regression = Float64Array.from(y);
    regression[0] = -Infinity;
    expect(
      (await rejection(() => trainMlp({ ...base, objective: 'regression' }, x, regression)))
        .subject,
    ).toBe('y');
    expect(
      (await rejection(() => trainMlp(base, x, new Float64Array(y.length)))).message,
    ).toContain('single class');
    const multi = Float64Array.from(y, (v) => v * 1.5);
    expect(
      (await rejection(() => trainMlp({ ...base, objective: 'multiclass' }, x, multi))).subject,
    ).toBe('y');
    expect(
      (
        await rejection(() =>
          trainMlp(
            { ...base, objective: 'multiclass', numClasses: 2 },
            x,
            Float64Array.from(y, (v, i) => v + (i % 2)),
          ),
        )
      ).subject,
    ).toBe('y');
  });

  it('absurd parameters, naming each', async () => {
    const cases: [Partial<MlpParams> & Record<string, unknown>, string][] = [
      [{ learningRate: -1 }, 'learningRate'],
      [{ learningRate: NaN }, 'learningRate'],
      [{ learningRate: Infinity }, 'learningRate'],
      [{ hiddenLayerSizes: [0] }, 'hiddenLayerSizes'],
      [{ hiddenLayerSizes: [2.5] }, 'hiddenLayerSizes'],
      [{ hiddenLayerSizes: [100_000, 100_000] }, 'hiddenLayerSizes'],
      [{ activation: 'softplus' as never }, 'activation'],
      [{ solver: 'lbfgs' as never }, 'solver'],
      [{ batchSize: 0 }, 'batchSize'],
      [{ maxEpochs: 0 }, 'maxEpochs'],
      [{ dropout: 1 }, 'dropout'],
      [{ momentum: 1 }, 'momentum'],
      [{ beta2: 1 }, 'beta2'],
      [{ validationFraction: 1 }, 'validationFraction'],
      [{ alpha: -1 }, 'alpha'],
      [{ seed: -1 }, 'seed'],
      [{ numClasses: 3 }, 'numClasses'],
      [{ hiddenLayerSize: [3] }, 'hiddenLayerSize'],
      [{ objective: 'ranking' as never }, 'objective'],
    ];
    for (const [params, subject] of cases) {
      const error = await rejection(() => trainMlp({ ...base, ...params } as MlpParams, x, y));
      expect(error.subject).toBe(subject);
    }
  });

  it('a run that diverges, instead of returning a NaN model', async () => {
    const target = Float64Array.from(y, (v) => v * 1e30);
    const error = await rejection(() =>
      trainMlp(
        { objective: 'regression', solver: 'sgd', learningRate: 1e3, maxEpochs: 5 },
        x,
        target,
      ),
    );
    expect(error.subject).toBe('learningRate');
  });

  it('a checkpoint of another run, and prediction on other columns', async () => {
    let checkpoint: MlpCheckpoint | undefined;
    const model = await trainMlp(base, x, y, {
      checkpoint: { save: (c) => void (checkpoint = c) },
    });
    const error = await rejection(() =>
      trainMlp({ ...base, learningRate: 0.5 }, x, y, { resumeFrom: checkpoint! }),
    );
    expect(error.subject).toBe('resumeFrom');
    expect(() => predictMlp(model, { ...x, columnNames: ['x0', 'other'] })).toThrow(
      EngineInputError,
    );
    expect(() => predictMlp(model, toMatrix([[1, 2, 3]]))).toThrow(/expects 2/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrix } from '../matrix.js';
import type { MlpCheckpoint } from '../mlp/checkpoint.js';
import { predictMlp, type MlpModel } from '../mlp/model.js';
import { resolveMlpParams, type MlpParams } from '../mlp/params.js';
import { trainMlp } from '../mlp/train.js';

// Produced by `command` in the fixture: scikit-learn given the same float32-exact data and initial
// weights, after a few full-batch steps without shuffling (SGD without momentum).
interface GoldenLayer {
  weights: number[];
  biases: number[];
}
interface GoldenCase {
  name: string;
  objective: 'binary' | 'multiclass' | 'regression';
  hidden: number[];
  activation: 'relu' | 'tanh' | 'sigmoid';
  solver: 'adam' | 'sgd';
  lr: number;
  alpha: number;
  epochs: number;
  y: number[];
  sizes: number[];
  initial: GoldenLayer[];
  predictionsBefore: number[];
  lossCurve: number[];
  after: GoldenLayer[];
}
interface Golden {
  command: string;
  numRows: number;
  numCols: number;
  x: number[];
  cases: GoldenCase[];
}

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/mlp-golden.json', import.meta.url), 'utf8'),
) as Golden;
const names = Array.from({ length: golden.numCols }, (_, j) => `x${j}`);
const x = matrix(golden.numRows, golden.numCols, Float64Array.from(golden.x), names);

function paramsOf(c: GoldenCase): MlpParams {
  return {
    objective: c.objective,
    hiddenLayerSizes: c.hidden,
    activation: c.activation,
    solver: c.solver,
    learningRate: c.lr,
    alpha: c.alpha,
    batchSize: golden.numRows,
    maxEpochs: c.epochs,
    shuffle: false,
    momentum: 0,
    nesterov: false,
    nIterNoChange: 1000,
  };
}

/** A checkpoint "after epoch 0" holding scikit-learn's initial weights: how we start from them. */
function startingFrom(c: GoldenCase): MlpCheckpoint {
  const params = resolveMlpParams(paramsOf(c));
  const parameters = c.initial.flatMap((l) => [...l.weights, ...l.biases]);
  const zeros = parameters.map(() => 0);
  return {
    format: 'aistudio.mlp-checkpoint',
    version: 1,
    params,
    sizes: c.sizes,
    numRows: golden.numRows,
    epoch: 0,
    parameters,
    optimizer: { first: zeros, second: c.solver === 'adam' ? zeros : [], step: 0 },
    stopping: { best: null, noImprovement: 0, bestEpoch: 0 },
    bestParameters: null,
    history: { trainLoss: [], validLoss: [], validScore: [] },
  };
}

function modelOf(c: GoldenCase, layers: GoldenLayer[]): MlpModel {
  return {
    format: 'aistudio.mlp',
    version: 1,
    objective: c.objective,
    activation: c.activation,
    featureNames: names,
    layers: layers.map((l, i) => ({ inputs: c.sizes[i]!, outputs: c.sizes[i + 1]!, ...l })),
    epochs: 0,
    bestEpoch: 0,
    history: { trainLoss: [] },
  };
}

describe('MLP against scikit-learn 1.2.1', () => {
  for (const c of golden.cases) {
    it(`predicts what scikit-learn predicts with the same weights (${c.name})`, () => {
      const p = predictMlp(modelOf(c, c.initial), x);
      expect(p.length).toBe(c.predictionsBefore.length);
      c.predictionsBefore.forEach((v, i) => expect(Math.abs(p[i]! - v)).toBeLessThan(1e-6));
    });

    for (const kernels of ['wasm-simd', 'javascript'] as const) {
      it(`takes the same full-batch ${c.solver} steps from the same weights (${c.name}, ${kernels})`, async () => {
        const model = await trainMlp(paramsOf(c), x, Float64Array.from(c.y), {
          resumeFrom: startingFrom(c),
          kernels,
        });
        expect(model.epochs).toBe(c.epochs);
        model.layers.forEach((layer, l) => {
          const expected = c.after[l]!;
          layer.weights.forEach((w, i) =>
            expect(Math.abs(w - expected.weights[i]!)).toBeLessThan(1e-5),
          );
          layer.biases.forEach((b, i) =>
            expect(Math.abs(b - expected.biases[i]!)).toBeLessThan(1e-5),
          );
        });
        model.history.trainLoss.forEach((loss, e) =>
          expect(Math.abs(loss - c.lossCurve[e]!) / c.lossCurve[e]!).toBeLessThan(1e-5),
        );
        // The step must have moved the weights, or the comparison above proves nothing.
        const moved = model.layers[0]!.weights.some(
          (w, i) => Math.abs(w - c.initial[0]!.weights[i]!) > 1e-4,
        );
        expect(moved).toBe(true);
      });
    }
  }
});

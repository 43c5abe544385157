import { describe, expect, it } from 'vitest';
import { predict } from '../model.js';
import { exportOnnx } from '../onnx/export.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';
import { train } from '../train.js';
import { checkWithOnnx, hasPythonOnnx, runOnnx, worstError } from './onnx-harness.js';

// 26 levels with skewed counts: the default one-hot keeps 19 and puts the rarest in `<other>`.
const LEVELS = Array.from({ length: 26 }, (_, i) => `L${String.fromCharCode(97 + i)}`);
const random = createRandom(11);
const records = Array.from({ length: 600 }, (_, i) => {
  // float32-exact inputs: the ONNX inputs are float32, the engine's float64.
  const a = Math.fround(random() * 8 - 4);
  const b = i % 7 === 0 ? null : Math.fround(random() * 100);
  const c = i % 11 === 0 ? null : Math.round(random() * 20) / 4;
  const level =
    i % 17 === 0 ? null : LEVELS[Math.min(25, Math.floor(-Math.log(1 - random()) * 6))]!;
  const effect = level === null ? 0.3 : (LEVELS.indexOf(level) % 5) - 2;
  const score = Math.sin(a) + (b ?? 50) / 40 + (c ?? 2) / 3 + effect + random() * 0.5;
  return {
    a,
    b,
    c,
    level,
    y: 1000 * score,
    cls: score > 2.5 ? 'yes' : 'no',
    band: score < 1.5 ? 'low' : score < 3 ? 'mid' : 'high',
  };
});
const table = Table.fromRecords(records);
const features = ['a', 'b', 'c', 'level'];

// Rows the training data never had: unseen and missing categories, all-missing numbers.
const odd = Table.fromRecords(
  [
    { a: 0.5, b: 10, c: 1, level: 'never-seen' },
    { a: -1, b: null, c: null, level: null },
    { a: 2, b: 99, c: 4.75, level: 'Lz' },
    { a: 0, b: 0, c: 0, level: 'La' },
  ],
  { categorical: ['level'] },
);

const TASKS = [
  ['regression', 'y'],
  ['binary', 'cls'],
  ['multiclass', 'band'],
] as const;
const PARAMS = {
  linear: {},
  mlp: { hiddenLayerSizes: [16, 8], maxEpochs: 30 },
} as const;

describe('ONNX export of linear models and MLPs with their default pipeline', () => {
  const cases = (['linear', 'mlp'] as const).flatMap((algorithm) =>
    TASKS.map(([task, target]) => [algorithm, task, target] as const),
  );
  it.each(cases)(
    '%s %s: ONNX Runtime equals predict() on every training row and on unseen categories',
    async (algorithm, task, target) => {
      const model = await train(
        { target, features, algorithm, params: PARAMS[algorithm], seed: 3 },
        table,
      );
      expect(model.task).toBe(task);
      // The default pipeline: impute with indicators, standardize, one-hot with an other bucket.
      expect(model.pipeline!.steps.map((s) => s.type)).toEqual(['impute', 'standardize', 'oneHot']);
      const oneHot = model.pipeline!.steps[2]!;
      expect(oneHot.type === 'oneHot' && oneHot.columns[0]!.infrequent.length).toBeGreaterThan(0);
      const bytes = exportOnnx(model);
      for (const data of [table, odd]) {
        const ours = predict(model, data);
        const onnx = await runOnnx(bytes, model, data);
        const expected = task === 'regression' ? ours.values! : ours.probabilities!;
        // The graph computes in float64 and rounds where the engine rounds (MLP float32 layers),
        // so only the float32 output rounding (~6e-8) and a rare ulp of the layers remain.
        expect(worstError(onnx, expected)).toBeLessThan(1e-6);
      }
      if (hasPythonOnnx) expect(checkWithOnnx(bytes)).toBe('ok');
    },
  );
});

describe('ONNX export of MLP hidden activations', () => {
  it.each(['tanh', 'sigmoid', 'identity'] as const)(
    '%s layers equal predict() within 1e-6',
    async (activation) => {
      const model = await train(
        {
          target: 'band',
          features,
          algorithm: 'mlp',
          params: { hiddenLayerSizes: [12, 6], activation, maxEpochs: 20 },
          seed: 5,
        },
        table,
      );
      const bytes = exportOnnx(model);
      for (const data of [table, odd]) {
        const onnx = await runOnnx(bytes, model, data);
        expect(worstError(onnx, predict(model, data).probabilities!)).toBeLessThan(1e-6);
      }
    },
  );
});

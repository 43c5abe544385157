import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ForestModel } from '../forest/model.js';
import type { GbdtModel } from '../gbdt/model.js';
import { predict, type TrainedModel } from '../model.js';
import { exportOnnx } from '../onnx/export.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';
import { train } from '../train.js';

const random = createRandom(5);
const LEVELS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
const records = Array.from({ length: 800 }, (_, i) => {
  const a = random() * 10 - 5;
  const b = i % 9 === 0 ? null : Math.round(random() * 40) / 4; // repeated values, some missing
  const level = i % 13 === 0 ? null : LEVELS[Math.floor(random() * LEVELS.length)]!;
  const effect = level === null ? 0.5 : [2, -1, 0, 3, -2, 1, 0][LEVELS.indexOf(level)]!;
  const score = Math.sin(a) + (b ?? 6) / 5 + effect + random() * 0.5;
  return {
    a,
    b,
    level,
    y: score,
    cls: score > 2 ? 1 : 0,
    band: score < 1 ? 'low' : score < 3 ? 'mid' : 'high',
  };
});
const table = Table.fromRecords(records);
const features = ['a', 'b', 'level'];
const PARAMS = {
  gbdt: { nIter: 40, numLeaves: 15, minSamplesLeaf: 5, earlyStopping: false },
  forest: { nTrees: 15, minSamplesLeaf: 3 },
  tree: { maxDepth: 6 },
} as const;
const params = PARAMS.gbdt;

/** Rows placed exactly on split thresholds (and just past them), where float32 rounding bites. */
function thresholdRows(model: TrainedModel): Table {
  const estimator = treesOf(model);
  const on: { a: number; b: number | null; level: string | null }[] = [];
  for (const tree of estimator.trees.slice(0, 10)) {
    tree.feature.forEach((f, node) => {
      const name = estimator.features[f]?.name;
      if (name !== 'a' && name !== 'b') return;
      const t = tree.threshold[node]!;
      for (const v of [t, t + 1e-7, t - 1e-7]) {
        on.push({ a: name === 'a' ? v : 0.3, b: name === 'b' ? v : 4.25, level: 'beta' });
      }
    });
  }
  // Values past the float32 range route like the largest float32 (see tree-input.ts).
  on.push({ a: Infinity, b: 1e39, level: 'gamma' }, { a: -Infinity, b: -1e39, level: null });
  return Table.fromRecords(on, { categorical: ['level'] });
}

function treesOf(model: TrainedModel): GbdtModel | ForestModel {
  if (model.algorithm === 'linear' || model.algorithm === 'mlp') throw new Error('expected trees');
  return model.estimator;
}

async function runOnnx(bytes: Uint8Array, model: TrainedModel, data: Table): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of model.inputs) {
    const column = data.column(input.name);
    if (column.kind === 'numeric') {
      feeds[input.name] = new ort.Tensor('float32', Float32Array.from(column.values), [
        data.numRows,
        1,
      ]);
    } else if (column.kind === 'categorical') {
      const strings = Array.from(column.codes, (c) => (c < 0 ? '' : column.categories[c]!));
      feeds[input.name] = new ort.Tensor('string', strings, [data.numRows, 1]);
    }
  }
  const output = model.task === 'regression' ? 'prediction' : 'probabilities';
  const result = await session.run(feeds, [output]);
  return result[output]!.data as Float32Array;
}

function expectClose(onnx: Float32Array, ours: Float64Array): void {
  expect(onnx.length).toBe(ours.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) {
    worst = Math.max(worst, Math.abs(onnx[i]! - ours[i]!) / Math.max(1, Math.abs(ours[i]!)));
  }
  expect(worst).toBeLessThan(1e-5);
}

describe('ONNX export of tree models, run in ONNX Runtime', () => {
  const cases = (['gbdt', 'forest', 'tree'] as const).flatMap((algorithm) =>
    (
      [
        ['regression', 'y'],
        ['binary', 'cls'],
        ['multiclass', 'band'],
      ] as const
    ).map(([task, target]) => [algorithm, task, target] as const),
  );
  it.each(cases)(
    '%s %s: ONNX Runtime equals the engine on every training row and on thresholds',
    async (algorithm, task, target) => {
      const spec = { target, features, algorithm, params: PARAMS[algorithm] };
      const model = await train(spec, table);
      expect(model.task).toBe(task);
      // The comparison must cover categorical set splits and rows sitting on thresholds.
      const setSplits = treesOf(model).trees.flatMap((t) => t.leftBins.filter((s) => s !== null));
      expect(setSplits.length).toBeGreaterThan(0);
      const onThresholds = thresholdRows(model);
      expect(onThresholds.numRows).toBeGreaterThan(30);
      const bytes = exportOnnx(model);
      for (const data of [table, onThresholds]) {
        const ours = predict(model, data);
        const onnx = await runOnnx(bytes, model, data);
        expectClose(onnx, task === 'regression' ? ours.values! : ours.probabilities!);
      }
    },
  );

  it('routes unseen and missing categories as the engine does', async () => {
    const model = await train({ target: 'y', features, params }, table);
    const odd = Table.fromRecords(
      [
        { a: 1, b: 2, level: 'never-seen' },
        { a: 1, b: 2, level: null },
        { a: 1, b: null, level: 'gamma' },
      ],
      { categorical: ['level'] },
    );
    expectClose(await runOnnx(exportOnnx(model), model, odd), predict(model, odd).values!);
  });

  const python = '/usr/bin/python3';
  const hasOnnx =
    existsSync(python) &&
    (() => {
      try {
        execFileSync(python, ['-c', 'import onnx'], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    })();
  it.skipIf(!hasOnnx)('passes onnx.checker.check_model (python3-onnx)', async () => {
    const model = await train({ target: 'band', features, params }, table);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'onnx-')), 'model.onnx');
    writeFileSync(file, exportOnnx(model));
    const out = execFileSync(python, [
      '-c',
      'import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print("ok", m.opset_import)',
      file,
    ]).toString();
    expect(out.startsWith('ok')).toBe(true);
  });
});

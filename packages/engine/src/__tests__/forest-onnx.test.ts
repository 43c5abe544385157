import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { GbdtModel } from '../gbdt/model.js';
import { predictForest, type ForestModel } from '../forest/model.js';
import { trainForest } from '../forest/train.js';
import { gbdtGraph } from '../onnx/export-gbdt.js';
import { encodeModel } from '../onnx/graph.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

const random = createRandom(11);
const LEVELS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const records = Array.from({ length: 500 }, (_, i) => {
  const a = random() * 10 - 5;
  const b = i % 7 === 0 ? null : Math.round(random() * 40) / 4; // repeated values, some missing
  const level = i % 11 === 0 ? null : LEVELS[Math.floor(random() * LEVELS.length)]!;
  const effect = level === null ? 0.5 : [2, -1, 0, 3, -2][LEVELS.indexOf(level)]!;
  const y = Math.sin(a) + (b ?? 6) / 5 + effect + random() * 0.5;
  return { a, b, level, y };
});
const table = Table.fromRecords(
  records.map(({ a, b, level }) => ({ a, b, level })),
  { categorical: ['level'] },
);
const y = Float64Array.from(records, (r) => r.y);
const cls = y.map((v) => (v > 2 ? 1 : 0));

/**
 * One output of a forest as a GBDT regression model: the layout is the same, so the GBDT's
 * exporter applies once each leaf holds its share (value / nTrees) of that output's mean.
 */
function forestOutputAsGbdt(model: ForestModel, output: number): GbdtModel {
  const k = model.numOutputs;
  const scale = 1 / model.trees.length;
  return {
    format: 'aistudio.gbdt',
    version: 1,
    objective: 'regression',
    treesPerIteration: 1,
    params: {} as GbdtModel['params'],
    baseline: [0],
    features: model.features,
    trees: model.trees.map((tree) => ({
      ...tree,
      value: tree.feature.map((_, node) => tree.value[node * k + output]! * scale),
    })),
    featureImportance: { gain: [], split: [] },
    history: { trainLoss: [] },
  };
}

async function runOnnx(model: GbdtModel, data: Table): Promise<Float32Array> {
  const graph = gbdtGraph(model);
  const bytes = encodeModel({
    graphName: 'forest',
    producerVersion: 'test',
    docString: 'forest output as a GBDT regression graph',
    opsets: { '': 15, 'ai.onnx.ml': 3 },
    nodes: graph.nodes,
    inputs: graph.inputs,
    outputs: [graph.output],
    initializers: graph.initializers,
    metadata: {},
  });
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  for (const column of data.columns) {
    if (column.kind === 'numeric') {
      feeds[column.name] = new ort.Tensor('float32', Float32Array.from(column.values), [
        data.numRows,
        1,
      ]);
    } else if (column.kind === 'categorical') {
      const strings = Array.from(column.codes, (c) => (c < 0 ? '' : column.categories[c]!));
      feeds[column.name] = new ort.Tensor('string', strings, [data.numRows, 1]);
    }
  }
  const result = await session.run(feeds, ['prediction']);
  return result.prediction!.data as Float32Array;
}

// Rows exactly on (and just past) numeric thresholds, where float32 rounding would bite.
function thresholdRows(model: ForestModel): Table {
  const rows: { a: number; b: number | null; level: string | null }[] = [];
  for (const tree of model.trees.slice(0, 3)) {
    tree.feature.forEach((f, node) => {
      const name = model.features[f]?.name;
      if (name !== 'a' && name !== 'b') return;
      const t = tree.threshold[node]!;
      if (t > 1e38) return; // the "has a value / is missing" split
      for (const v of [t, t + 1e-6, t - 1e-6]) {
        rows.push({ a: name === 'a' ? v : 0.3, b: name === 'b' ? v : 4.25, level: 'beta' });
      }
    });
  }
  rows.push({ a: 1, b: null, level: 'never-seen' }, { a: -2, b: 3, level: null });
  return Table.fromRecords(rows, { categorical: ['level'] });
}

function expectClose(onnx: Float32Array, ours: Float64Array, output: number, k: number): void {
  expect(onnx.length * k).toBe(ours.length);
  let worst = 0;
  for (let i = 0; i < onnx.length; i++) {
    const want = ours[i * k + output]!;
    worst = Math.max(worst, Math.abs(onnx[i]! - want) / Math.max(1, Math.abs(want)));
  }
  expect(worst).toBeLessThan(1e-5);
}

describe('forest trees through the GBDT ONNX exporter, run in ONNX Runtime', () => {
  it.each([
    ['regression', y, 0],
    ['classification', cls, 1],
  ] as const)(
    '%s: ONNX Runtime equals predictForest on training rows, thresholds and odd categories',
    async (task, target, output) => {
      const model = await trainForest({ task, nTrees: 10, maxFeatures: 'all' }, table, target);
      const sets = model.trees.flatMap((t) => t.leftBins.filter((s) => s !== null));
      expect(sets.length).toBeGreaterThan(0);
      const gbdt = forestOutputAsGbdt(model, output);
      for (const data of [table, thresholdRows(model)]) {
        expectClose(
          await runOnnx(gbdt, data),
          predictForest(model, data),
          output,
          model.numOutputs,
        );
      }
    },
  );
});

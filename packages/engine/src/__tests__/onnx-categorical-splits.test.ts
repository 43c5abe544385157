import { describe, expect, it } from 'vitest';
import type { GbdtModel } from '../gbdt/model.js';
import { predict } from '../model.js';
import { exportOnnx } from '../onnx/export.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';
import { train } from '../train.js';
import { runOnnx, worstError } from './onnx-harness.js';

// A high-cardinality column (like airports in the flights data) whose categories the trees split
// into many different left sets.
const random = createRandom(11);
const CODES = Array.from({ length: 60 }, (_, i) => `c${i}`);
const effect = CODES.map(() => random() * 4 - 2);
const records = Array.from({ length: 2000 }, (_, i) => {
  const code = i % 17 === 0 ? null : CODES[Math.floor(random() * CODES.length)]!;
  const x = random() * 10;
  const y = (code === null ? 0 : effect[CODES.indexOf(code)]!) + x / 5 + random() * 0.3;
  return { code, x, y };
});
const table = Table.fromRecords(records);

/** How many nodes of each operator the serialized graph holds (op types are plain strings). */
function countOp(bytes: Uint8Array, opType: string): number {
  return Buffer.from(bytes).toString('latin1').split(opType).length - 1;
}

describe('ONNX export of categorical set splits', () => {
  it('hashes a categorical column once, whatever the number of distinct split sets', async () => {
    const model = await train(
      {
        target: 'y',
        features: ['code', 'x'],
        algorithm: 'gbdt',
        params: { nIter: 60, numLeaves: 15, minSamplesLeaf: 5, earlyStopping: false },
      },
      table,
    );
    const gbdt = model.estimator as GbdtModel;
    const sets = new Set(
      gbdt.trees.flatMap((t) =>
        t.leftBins.flatMap((bins, node) =>
          bins ? [`${bins.join(',')}:${t.defaultLeft[node]}`] : [],
        ),
      ),
    );
    expect(sets.size).toBeGreaterThan(10);
    const bytes = exportOnnx(model);
    // One string lookup per column: a lookup per split set made batch scoring hash each string
    // dozens of times.
    expect(countOp(bytes, 'LabelEncoder')).toBe(1);
    const odd = Table.fromRecords(
      [{ code: 'never-seen', x: 3 }, { code: null, x: 3 }, ...records.slice(0, 200)],
      { categorical: ['code'] },
    );
    for (const data of [table, odd]) {
      expect(
        worstError(await runOnnx(bytes, model, data), predict(model, data).values!),
      ).toBeLessThan(1e-5);
    }
  });
});

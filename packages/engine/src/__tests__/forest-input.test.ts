import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { predictForest, type ForestModel } from '../forest/model.js';
import type { ForestParams } from '../forest/params.js';
import { trainDecisionTree, trainForest } from '../forest/train.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

const random = createRandom(1);
const n = 600;
const a = Float64Array.from({ length: n }, () => random());
const b = Float64Array.from({ length: n }, () => random());
const noise = Float64Array.from({ length: n }, () => random());
const data = {
  table: Table.fromColumns({ a, b, noise }),
  cls: a.map((v, i) => (v < 0.4 ? 0 : b[i]! < 0.5 ? 1 : 2)),
  reg: a.map((v, i) => 3 * v + (b[i]! > 0.5 ? 2 : 0) + 0.1 * noise[i]!),
};

describe('bad input', () => {
  const expectInputError = async (run: () => Promise<unknown>, subject: string) => {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as EngineInputError).subject).toBe(subject);
  };
  const cls = (params: Partial<ForestParams>) => () =>
    trainForest({ task: 'classification', ...params }, data.table, data.cls);

  it('rejects empty tables, missing features and mismatched targets', async () => {
    const empty = Table.fromColumns({ a: new Float64Array(0) });
    await expectInputError(
      () => trainForest({ task: 'regression' }, empty, new Float64Array(0)),
      'table',
    );
    const noColumns = Table.fromColumnList([]);
    await expectInputError(
      () => trainForest({ task: 'regression' }, noColumns, new Float64Array(0)),
      'table',
    );
    await expectInputError(
      () => trainForest({ task: 'regression' }, data.table, new Float64Array(10)),
      'target',
    );
    const text = Table.fromColumns({ t: { text: ['a', 'b'] } });
    await expectInputError(
      () => trainForest({ task: 'regression' }, text, Float64Array.of(1, 2)),
      't',
    );
  });

  it('rejects NaN, Infinity, overflowing and non-class targets', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const y = Float64Array.from(data.reg);
      y[10] = bad;
      await expectInputError(() => trainForest({ task: 'regression' }, data.table, y), 'target');
    }
    const huge = Float64Array.from(data.reg, (v, i) => (i % 2 ? 1e300 : -1e300) * v);
    await expectInputError(() => trainForest({ task: 'regression' }, data.table, huge), 'target');
    const fractional = Float64Array.from(data.cls, (v) => v + 0.5);
    await expectInputError(
      () => trainForest({ task: 'classification' }, data.table, fractional),
      'target',
    );
    const negative = Float64Array.from(data.cls, (v) => v - 1);
    await expectInputError(
      () => trainForest({ task: 'classification' }, data.table, negative),
      'target',
    );
  });

  it('rejects a single class and a class code with no rows', async () => {
    const single = new Float64Array(600);
    await expectInputError(
      () => trainForest({ task: 'classification' }, data.table, single),
      'target',
    );
    const gap = Float64Array.from(data.cls, (v) => (v === 1 ? 3 : v));
    await expectInputError(
      () => trainForest({ task: 'classification' }, data.table, gap),
      'target',
    );
  });

  it('rejects absurd parameters, naming each', async () => {
    const cases: [Partial<ForestParams> & Record<string, unknown>, string][] = [
      [{ nTrees: 0 }, 'nTrees'],
      [{ nTrees: 1e9 }, 'nTrees'],
      [{ nTrees: 2.5 }, 'nTrees'],
      [{ maxDepth: 0 }, 'maxDepth'],
      [{ maxDepth: NaN }, 'maxDepth'],
      [{ minSamplesLeaf: 0 }, 'minSamplesLeaf'],
      [{ minSamplesSplit: 1 }, 'minSamplesSplit'],
      [{ maxLeaves: 1 }, 'maxLeaves'],
      [{ maxFeatures: 0 }, 'maxFeatures'],
      [{ maxFeatures: 1.5 }, 'maxFeatures'],
      [{ maxFeatures: 4 }, 'maxFeatures'], // the table has 3 features
      [{ maxFeatures: 'half' as 'sqrt' }, 'maxFeatures'],
      [{ maxSamples: 0 }, 'maxSamples'],
      [{ maxSamples: 1.5 }, 'maxSamples'],
      [{ maxSamples: 0.5, bootstrap: false }, 'maxSamples'],
      [{ bootstrap: 'yes' as unknown as boolean }, 'bootstrap'],
      [{ maxBins: 256 }, 'maxBins'],
      [{ seed: -1 }, 'seed'],
      [{ nEstimators: 10 }, 'nEstimators'],
    ];
    for (const [params, subject] of cases) await expectInputError(cls(params), subject);
    await expectInputError(
      () => trainForest({ task: 'clustering' as 'regression' }, data.table, data.reg),
      'task',
    );
    await expectInputError(
      () =>
        trainDecisionTree(
          { task: 'regression', nTrees: 10 } as unknown as ForestParams,
          data.table,
          data.reg,
        ),
      'nTrees',
    );
  });

  it('rejects a table without the model features, and a non-forest model', async () => {
    const model = await trainForest({ task: 'regression', nTrees: 2 }, data.table, data.reg);
    expect(() => predictForest(model, Table.fromColumns({ a: [1], b: [2] }))).toThrow(
      EngineInputError,
    );
    expect(() => predictForest(model, Table.fromColumns({ a: [1], b: [2], noise: ['x'] }))).toThrow(
      'noise: expected a numeric column, got categorical',
    );
    expect(() => predictForest({} as ForestModel, data.table)).toThrow(EngineInputError);
  });
});

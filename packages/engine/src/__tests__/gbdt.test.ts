import { describe, expect, it } from 'vitest';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { predictGbdt, type GbdtModel } from '../gbdt/model.js';
import type { GbdtParams } from '../gbdt/params.js';
import { trainGbdt } from '../gbdt/train.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';
import { goldenTable, loadGbdtGolden } from './gbdt-fixture.js';

const golden = loadGbdtGolden();
const table = goldenTable(golden, 0, 1000);
const yReg = Float64Array.from(golden.yRegression.slice(0, 1000));
const yBin = Float64Array.from(golden.yBinary.slice(0, 1000));
const quick: Partial<GbdtParams> = { nIter: 20, earlyStopping: false };

function structure(model: GbdtModel) {
  return model.trees.map((t) => [t.feature, t.threshold, t.left, t.right, t.defaultLeft]);
}

describe('trainGbdt', () => {
  it('grows the same trees with histogram subtraction as when building both children', async () => {
    for (const [objective, y] of [
      ['regression', yReg],
      ['binary', yBin],
    ] as const) {
      const fast = await trainGbdt({ objective, ...quick }, table, y);
      const slow = await trainGbdt({ objective, ...quick, histogramSubtraction: false }, table, y);
      expect(structure(fast)).toEqual(structure(slow));
      fast.trees.forEach((tree, t) =>
        tree.value.forEach((v, i) => expect(v).toBeCloseTo(slow.trees[t]!.value[i]!, 9)),
      );
    }
  });

  it('routes missing values the way the learned default direction says', async () => {
    const random = createRandom(3);
    const x = Float64Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? NaN : random()));
    // Missing rows behave like high values: the split must send them right.
    const y = x.map((v) => (isNaN(v) || v > 0.5 ? 10 : 0));
    const model = await trainGbdt(
      { objective: 'regression', ...quick },
      Table.fromColumns({ x }),
      y,
    );
    const root = model.trees[0]!;
    expect(root.feature[0]).toBe(0);
    expect(root.defaultLeft[0]).toBe(false);
    const p = predictGbdt(model, Table.fromColumns({ x: [NaN, 0.9, 0.1] }));
    expect(p[0]).toBeCloseTo(p[1]!, 9);
    expect(p[0]! - p[2]!).toBeGreaterThan(5);
  });

  it('sends missing values to the larger child when training saw none', async () => {
    const x = Float64Array.from({ length: 400 }, (_, i) => i);
    const y = x.map((v) => (v < 300 ? 0 : 1));
    const model = await trainGbdt(
      { objective: 'regression', ...quick },
      Table.fromColumns({ x }),
      y,
    );
    expect(model.trees[0]!.defaultLeft[0]).toBe(true); // left child holds 300 of 400 rows
    const [missing, low, high] = predictGbdt(model, Table.fromColumns({ x: [NaN, 10, 350] }));
    expect(Math.abs(missing! - low!)).toBeLessThan(0.05);
    expect(high! - missing!).toBeGreaterThan(0.5);
  });

  it('is deterministic: two runs give the same model', async () => {
    const params = { objective: 'binary', nIter: 30, earlyStopping: true, seed: 5 } as const;
    const a = await trainGbdt(params, table, yBin);
    const b = await trainGbdt(params, table, yBin);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('predicts the same after a JSON round trip, with float32-exact thresholds', async () => {
    const model = await trainGbdt({ objective: 'binary', ...quick }, table, yBin);
    const copy = JSON.parse(JSON.stringify(model)) as GbdtModel;
    expect(predictGbdt(copy, table)).toEqual(predictGbdt(model, table));
    for (const tree of model.trees) for (const t of tree.threshold) expect(Math.fround(t)).toBe(t);
  });

  it('scores training rows through raw thresholds exactly as through bins', async () => {
    const model = await trainGbdt({ objective: 'regression', ...quick }, table, yReg);
    const p = predictGbdt(model, table);
    let half = 0;
    p.forEach((v, i) => (half += 0.5 * (v - yReg[i]!) ** 2));
    expect(half / p.length).toBeCloseTo(model.history.trainLoss.at(-1)!, 12);
  });

  it('ranks the informative features first by gain and counts every split', async () => {
    const model = await trainGbdt({ objective: 'regression', ...quick }, table, yReg);
    const { gain, split } = model.featureImportance;
    const internal = model.trees.reduce((s, t) => s + t.feature.filter((f) => f >= 0).length, 0);
    expect(split.reduce((a, b) => a + b, 0)).toBe(internal);
    const noiseFree = gain.indexOf(Math.max(...gain));
    expect(['x0', 'x1', 'x2', 'x3']).toContain(model.features[noiseFree]!.name);
  });

  it('stops early by scikit-learn’s rule once validation loss stalls', async () => {
    const model = await trainGbdt(
      { objective: 'regression', nIter: 1000, learningRate: 0.5, earlyStopping: true },
      table,
      yReg,
    );
    const valid = model.history.validLoss!;
    expect(model.trees.length).toBeLessThan(1000);
    expect(valid.length).toBe(model.trees.length);
    const reference = valid.at(-11)!;
    for (const loss of valid.slice(-10)) expect(loss).toBeGreaterThanOrEqual(reference - 1e-7);
  });

  it('splits categorical columns by category sets, unseen categories as missing', async () => {
    const colors = ['red', 'green', 'blue'];
    const rows = Array.from({ length: 300 }, (_, i) => ({ color: colors[i % 3]!, n: i % 7 }));
    const y = Float64Array.from(rows, (r) => (r.color === 'green' ? 5 : 0) + r.n * 0.1);
    const model = await trainGbdt(
      { objective: 'regression', ...quick },
      Table.fromRecords(rows),
      y,
    );
    const reordered = Table.fromRecords([
      { color: 'purple', n: 1 },
      { color: 'green', n: 1 },
      { color: 'red', n: 1 },
    ]);
    const [unseen, green, red] = predictGbdt(model, reordered);
    expect(green! - red!).toBeGreaterThan(2);
    expect(Number.isFinite(unseen)).toBe(true);
  });

  it('respects numLeaves and maxDepth', async () => {
    const depthOf = (t: GbdtModel['trees'][number], node = 0): number =>
      t.feature[node]! < 0 ? 0 : 1 + Math.max(depthOf(t, t.left[node]), depthOf(t, t.right[node]));
    const small = await trainGbdt({ objective: 'regression', ...quick, numLeaves: 4 }, table, yReg);
    for (const t of small.trees)
      expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(4);
    const shallow = await trainGbdt(
      { objective: 'regression', ...quick, maxDepth: 2 },
      table,
      yReg,
    );
    for (const t of shallow.trees) expect(depthOf(t)).toBeLessThanOrEqual(2);
    expect(Math.max(...shallow.trees.map((t) => depthOf(t)))).toBe(2);
  });

  it('cancels through an AbortSignal with a clear error', async () => {
    const controller = new AbortController();
    const run = trainGbdt({ objective: 'regression', ...quick }, table, yReg, {
      signal: controller.signal,
      onProgress: (e) => e.iteration === 3 && controller.abort(),
    });
    await expect(run).rejects.toThrow(TrainingAbortedError);
    await expect(
      trainGbdt({ objective: 'regression' }, table, yReg, { signal: AbortSignal.abort() }),
    ).rejects.toThrow('training aborted after 0 iteration(s)');
  });

  it('reports progress once per iteration', async () => {
    const seen: number[] = [];
    await trainGbdt({ objective: 'binary', ...quick }, table, yBin, {
      onProgress: (e) => seen.push(e.iteration),
    });
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it.each([
    [{ objective: 'regression', numLeaves: 1 }, /^numLeaves: must be an integer in 2\.\.65536/],
    [{ objective: 'regression', learningRate: -1 }, /^learningRate: must be a number > 0/],
    [{ objective: 'regression', maxBins: 300 }, /^maxBins: must be an integer in 2\.\.255/],
    [{ objective: 'regression', leaves: 3 }, /^leaves: is not a GBDT parameter/],
    [{ objective: 'poisson' }, /^objective: must be one of regression, absolute, huber, binary/],
    [{ objective: 'regression', subsample: 0 }, /^subsample: must be a number > 0 and <= 1/],
    [{ objective: 'regression', colsampleByTree: 1.5 }, /^colsampleByTree: must be a number > 0/],
    [{ objective: 'regression', l1: -1 }, /^l1: must be a number >= 0/],
  ])('rejects bad parameters by name: %j', async (params, message) => {
    await expect(trainGbdt(params as GbdtParams, table, yReg)).rejects.toThrow(message);
  });

  it('rejects non-finite targets and single-class binary targets', async () => {
    const bad = yReg.slice();
    bad[7] = Infinity;
    await expect(trainGbdt({ objective: 'regression' }, table, bad)).rejects.toThrow(
      /^target: row 7 is Infinity/,
    );
    await expect(trainGbdt({ objective: 'binary' }, table, new Float64Array(1000))).rejects.toThrow(
      EngineInputError,
    );
  });

  it('splits an unordered category into the set that matters', async () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const rows = Array.from({ length: 600 }, (_, i) => ({ level: levels[i % 6]! }));
    // b, d and f are high: no threshold on any ordering of the codes isolates them in one split.
    const y = Float64Array.from(rows, (r) => (['b', 'd', 'f'].includes(r.level) ? 1 : 0));
    const model = await trainGbdt(
      { objective: 'regression', nIter: 1, learningRate: 1, numLeaves: 2, earlyStopping: false },
      Table.fromRecords(rows),
      y,
    );
    const root = model.trees[0]!;
    const feature = model.features[0]!;
    if (feature.kind !== 'categorical') throw new Error('expected a categorical feature');
    const leftLevels = root.leftBins[0]!.map(
      (bin) => feature.categories[feature.categoryBins.indexOf(bin)],
    );
    // One side holds exactly the high levels (which side is the split's choice).
    expect([
      ['a', 'c', 'e'],
      ['b', 'd', 'f'],
    ]).toContainEqual([...leftLevels].sort());
    const p = predictGbdt(model, Table.fromRecords(levels.map((level) => ({ level }))));
    expect(Array.from(p, (v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('multiclass: one tree per class per iteration, probabilities that sum to 1', async () => {
    const yMulti = Float64Array.from(golden.yMulticlass.slice(0, 1000));
    const model = await trainGbdt({ objective: 'multiclass', ...quick }, table, yMulti);
    expect(model.treesPerIteration).toBe(3);
    expect(model.trees.length).toBe(60);
    const proba = predictGbdt(model, table);
    expect(proba.length).toBe(3000);
    for (let i = 0; i < 1000; i++) {
      expect(proba[3 * i]! + proba[3 * i + 1]! + proba[3 * i + 2]!).toBeCloseTo(1, 12);
    }
    const raw = predictGbdt(model, table, { raw: true });
    const e = [0, 1, 2].map((c) => Math.exp(raw[c]!));
    expect(proba[1]).toBeCloseTo(e[1]! / (e[0]! + e[1]! + e[2]!), 12);
  });

  it('rejects multiclass targets that are not class codes, or skip a class', async () => {
    const half = Float64Array.from({ length: 1000 }, (_, i) => (i % 3) + 0.5);
    await expect(trainGbdt({ objective: 'multiclass' }, table, half)).rejects.toThrow(
      /^target: row 0 is 0\.5; multiclass targets must be class codes/,
    );
    const gap = Float64Array.from({ length: 1000 }, (_, i) => (i % 2) * 2);
    await expect(trainGbdt({ objective: 'multiclass' }, table, gap)).rejects.toThrow(
      /^target: class 1 has no training rows/,
    );
  });

  it('huber resists outliers that pull the squared error', async () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => i % 2);
    const y = x.map((v, i) => (i % 50 === 0 ? 1000 : v));
    const params = { nIter: 50, earlyStopping: false, minSamplesLeaf: 5 } as const;
    const t = Table.fromColumns({ x });
    const probe = Table.fromColumns({ x: [0, 1] });
    const squared = predictGbdt(
      await trainGbdt({ objective: 'regression', ...params }, t, y),
      probe,
    );
    const robust = predictGbdt(await trainGbdt({ objective: 'huber', ...params }, t, y), probe);
    expect(Math.abs(squared[0]! - 0)).toBeGreaterThan(5);
    expect(Math.abs(robust[0]! - 0)).toBeLessThan(2.5);
    expect(Math.abs(robust[1]! - 1)).toBeLessThan(2.5);
  });

  it('L1 regularisation shrinks leaf values towards zero, and silences weak splits', async () => {
    const plain = await trainGbdt({ objective: 'regression', ...quick }, table, yReg);
    const l1 = await trainGbdt({ objective: 'regression', ...quick, l1: 50 }, table, yReg);
    const spread = (m: GbdtModel) =>
      m.trees.reduce((s, t) => s + t.value.reduce((a, v) => a + Math.abs(v), 0), 0);
    expect(spread(l1)).toBeLessThan(spread(plain));
    const silenced = await trainGbdt({ objective: 'regression', ...quick, l1: 1e9 }, table, yReg);
    for (const t of silenced.trees) expect(t.feature).toEqual([-1]);
  });

  it('row and column subsampling: seeded, different from the full fit, still learns', async () => {
    const params = { objective: 'binary', ...quick, subsample: 0.5, colsampleByTree: 0.5 } as const;
    const a = await trainGbdt({ ...params, seed: 1 }, table, yBin);
    const b = await trainGbdt({ ...params, seed: 1 }, table, yBin);
    const c = await trainGbdt({ ...params, seed: 2 }, table, yBin);
    expect(JSON.stringify(a.trees)).toBe(JSON.stringify(b.trees));
    expect(JSON.stringify(a.trees)).not.toBe(JSON.stringify(c.trees));
    expect(a.history.trainLoss.at(-1)!).toBeLessThan(a.history.trainLoss[0]!);
    // A subsampled tree never splits on more than half of the 6 features.
    for (const t of a.trees)
      expect(new Set(t.feature.filter((f) => f >= 0)).size).toBeLessThanOrEqual(3);
  });

  it('resumes from a checkpoint to the same model as an uninterrupted run', async () => {
    const cases: [GbdtParams, Float64Array][] = [
      [
        {
          objective: 'binary',
          nIter: 40,
          earlyStopping: true,
          subsample: 0.7,
          colsampleByTree: 0.8,
        },
        yBin,
      ],
      [
        { objective: 'multiclass', nIter: 12, earlyStopping: false },
        Float64Array.from(golden.yMulticlass.slice(0, 1000)),
      ],
      [{ objective: 'absolute', nIter: 15, earlyStopping: false }, yReg],
    ];
    for (const [params, y] of cases) {
      const whole = await trainGbdt(params, table, y);
      const checkpoints: GbdtModel[] = [];
      const controller = new AbortController();
      await expect(
        trainGbdt(params, table, y, {
          checkpointEvery: 5,
          onCheckpoint: (m) => checkpoints.push(JSON.parse(JSON.stringify(m)) as GbdtModel),
          onProgress: (e) => e.iteration === 7 && controller.abort(),
          signal: controller.signal,
        }),
      ).rejects.toThrow(TrainingAbortedError);
      expect(checkpoints.length).toBe(1);
      const resumed = await trainGbdt(params, table, y, { resumeFrom: checkpoints[0]! });
      expect(JSON.stringify(resumed)).toBe(JSON.stringify(whole));
    }
  });

  it('refuses to resume a checkpoint of other parameters', async () => {
    const partial = await trainGbdt({ objective: 'regression', ...quick, nIter: 3 }, table, yReg);
    await expect(
      trainGbdt({ objective: 'regression', ...quick, learningRate: 0.3 }, table, yReg, {
        resumeFrom: partial,
      }),
    ).rejects.toThrow(/^resumeFrom: was trained with other parameters/);
    const more = await trainGbdt({ objective: 'regression', ...quick, nIter: 6 }, table, yReg, {
      resumeFrom: partial,
    });
    expect(more.trees.length).toBe(6);
  });
});

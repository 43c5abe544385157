import { describe, expect, it } from 'vitest';
import { TrainingAbortedError } from '../errors.js';
import { forestClasses, predictForest, type ForestModel } from '../forest/model.js';
import { featuresPerSplit, type ForestParams } from '../forest/params.js';
import { trainDecisionTree, trainForest } from '../forest/train.js';
import { applyBinning, fitBinning } from '../binning.js';
import { ForestTreeGrower } from '../forest/tree-grower.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

// Two informative features (a, b), one noise feature; class = region of (a, b), 3 classes.
function synthetic(n: number, seed = 1) {
  const random = createRandom(seed);
  const a = Float64Array.from({ length: n }, () => random());
  const b = Float64Array.from({ length: n }, () => random());
  const noise = Float64Array.from({ length: n }, () => random());
  const cls = a.map((v, i) => (v < 0.4 ? 0 : b[i]! < 0.5 ? 1 : 2));
  const reg = a.map((v, i) => 3 * v + (b[i]! > 0.5 ? 2 : 0) + 0.1 * noise[i]!);
  return { table: Table.fromColumns({ a, b, noise }), cls, reg };
}

const data = synthetic(600);
const quick = { nTrees: 15 } as const;

function leaves(model: ForestModel): number[] {
  return model.trees.map((t) => t.feature.filter((f) => f < 0).length);
}

function depthOf(tree: ForestModel['trees'][number]): number {
  const walk = (node: number): number =>
    tree.feature[node]! < 0 ? 0 : 1 + Math.max(walk(tree.left[node]!), walk(tree.right[node]!));
  return walk(0);
}

describe('trainForest', () => {
  it('classifies three classes with probabilities that sum to one per row', async () => {
    const model = await trainForest({ task: 'classification', ...quick }, data.table, data.cls);
    expect(model.numOutputs).toBe(3);
    const test = synthetic(300, 2);
    const p = predictForest(model, test.table);
    expect(p.length).toBe(300 * 3);
    for (let i = 0; i < 300; i++)
      expect(p[3 * i]! + p[3 * i + 1]! + p[3 * i + 2]!).toBeCloseTo(1, 12);
    const classes = forestClasses(p, 3);
    const accuracy = classes.reduce((s, c, i) => s + (c === test.cls[i] ? 1 : 0), 0) / 300;
    expect(accuracy).toBeGreaterThan(0.95);
  });

  it('regresses with leaf means: a full tree without bootstrap reproduces the training targets', async () => {
    const model = await trainDecisionTree({ task: 'regression' }, data.table, data.reg);
    const p = predictForest(model, data.table);
    p.forEach((v, i) => expect(v).toBeCloseTo(data.reg[i]!, 9));
    expect(model.oob).toBeNull();
  });

  it('ranks the informative features first by impurity importance, summing to one', async () => {
    const model = await trainForest({ task: 'regression', ...quick }, data.table, data.reg);
    const [a, b, noise] = model.featureImportance;
    expect(a! + b! + noise!).toBeCloseTo(1, 12);
    // Target variance from a: 9 / 12; from b: 4 / 4; the noise adds 0.01 / 12.
    expect(b! / a!).toBeGreaterThan(1);
    expect(b! / a!).toBeLessThan(1.6);
    expect(noise!).toBeLessThan(0.02);
  });

  it('is deterministic for a seed and different across seeds', async () => {
    const params: ForestParams = { task: 'classification', ...quick, seed: 7 };
    const a = await trainForest(params, data.table, data.cls);
    const b = await trainForest(params, data.table, data.cls);
    const c = await trainForest({ ...params, seed: 8 }, data.table, data.cls);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.trees)).not.toBe(JSON.stringify(c.trees));
  });

  it('grows each tree from its own generator only, whatever trees the grower grew before', () => {
    const binned = applyBinning(data.table, fitBinning(data.table, ['a', 'b', 'noise']));
    const targets = { numOutputs: 3, classOf: Int32Array.from(data.cls), centred: null };
    const options = {
      ...{ maxDepth: null, minSamplesLeaf: 1, minSamplesSplit: 2, maxLeaves: null },
      ...{ featuresPerSplit: 1, offset: 0 },
    };
    const weights = new Float64Array(600).fill(1);
    const used = new ForestTreeGrower(binned, targets, options);
    used.grow(weights, createRandom(4));
    const fresh = new ForestTreeGrower(binned, targets, options);
    expect(used.grow(weights, createRandom(2))).toEqual(fresh.grow(weights, createRandom(2)));
  });

  it('predicts the same after a JSON round trip, with float32-exact thresholds', async () => {
    const model = await trainForest({ task: 'classification', ...quick }, data.table, data.cls);
    const copy = JSON.parse(JSON.stringify(model)) as ForestModel;
    expect(predictForest(copy, data.table)).toEqual(predictForest(model, data.table));
    for (const tree of model.trees) for (const t of tree.threshold) expect(Math.fround(t)).toBe(t);
    // Classification leaves hold probability vectors: numOutputs values per node.
    for (const tree of model.trees) expect(tree.value.length).toBe(tree.feature.length * 3);
  });

  it('reports out-of-bag predictions and their score the way scikit-learn computes it', async () => {
    const model = await trainForest({ task: 'classification', nTrees: 20 }, data.table, data.cls);
    const oob = model.oob!;
    expect(oob.predictions.length).toBe(600 * 3);
    let scored = 0;
    let correct = 0;
    for (let i = 0; i < 600; i++) {
      const row = oob.predictions.slice(3 * i, 3 * i + 3);
      if (row[0] === null) {
        expect(row).toEqual([null, null, null]);
        continue;
      }
      scored++;
      const p = row as number[];
      expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 12);
      const best = p.indexOf(Math.max(...p));
      if (best === data.cls[i]) correct++;
    }
    // With 20 trees a row is in every bootstrap sample with probability 0.632^20 ≈ 1e-4.
    expect(scored).toBeGreaterThan(590);
    expect(oob.scoredRows).toBe(scored);
    expect(oob.score).toBeCloseTo(correct / scored, 12);
    expect(oob.score!).toBeGreaterThan(0.9);
  });

  it('computes OOB R² for regression and leaves it null when the target is constant', async () => {
    const model = await trainForest({ task: 'regression', ...quick }, data.table, data.reg);
    expect(model.oob!.score!).toBeGreaterThan(0.9);
    const flat = await trainForest(
      { task: 'regression', ...quick },
      data.table,
      new Float64Array(600).fill(4.5),
    );
    expect(flat.oob!.score).toBeNull();
    expect(leaves(flat)).toEqual(new Array(15).fill(1));
    expect([...predictForest(flat, data.table)].every((v) => v === 4.5)).toBe(true);
  });

  it('honours maxDepth, maxLeaves and minSamplesLeaf', async () => {
    const deep = await trainForest(
      { task: 'regression', ...quick, maxDepth: 3 },
      data.table,
      data.reg,
    );
    for (const tree of deep.trees) expect(depthOf(tree)).toBeLessThanOrEqual(3);
    const few = await trainForest(
      { task: 'regression', ...quick, maxLeaves: 5 },
      data.table,
      data.reg,
    );
    expect(leaves(few)).toEqual(new Array(15).fill(5));
    const big = await trainForest(
      { task: 'regression', ...quick, minSamplesLeaf: 40 },
      data.table,
      data.reg,
    );
    for (const tree of big.trees) {
      tree.feature.forEach(
        (f, node) => f < 0 && expect(tree.count[node]).toBeGreaterThanOrEqual(40),
      );
    }
  });

  it('grows best-first under maxLeaves: the kept splits are the ones of highest gain', async () => {
    const full = await trainDecisionTree({ task: 'regression', maxDepth: 2 }, data.table, data.reg);
    const three = await trainDecisionTree(
      { task: 'regression', maxLeaves: 3 },
      data.table,
      data.reg,
    );
    const tree = three.trees[0]!;
    // The root split, then the child with the larger gain; same as the top of the depth-2 tree.
    expect(tree.feature[0]).toBe(full.trees[0]!.feature[0]);
    expect(tree.threshold[0]).toBe(full.trees[0]!.threshold[0]);
    const fullChildren = [1, 2].map((n) => full.trees[0]!.gain[n]!);
    expect(Math.max(...tree.gain.slice(1))).toBeCloseTo(Math.max(...fullChildren), 9);
  });

  it('draws maxSamples of the rows per tree', async () => {
    const model = await trainForest(
      { task: 'regression', ...quick, maxSamples: 0.2 },
      data.table,
      data.reg,
    );
    // 120 draws: the root holds them all, from at most 120 distinct rows.
    for (const tree of model.trees) {
      expect(tree.weight[0]).toBe(120);
      expect(tree.count[0]).toBeLessThanOrEqual(120);
      tree.feature.forEach((f, node) => {
        if (f >= 0)
          expect(tree.weight[tree.left[node]!]! + tree.weight[tree.right[node]!]!).toBe(
            tree.weight[node],
          );
      });
    }
  });

  it('learns from missing values, numeric and categorical features', async () => {
    const random = createRandom(5);
    const n = 600;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? NaN : random()));
    const colours = ['red', 'green', 'blue', 'grey'];
    const colour = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : colours[i % 4]!));
    // Class 1 when x is missing or the colour is blue or grey.
    const y = Float64Array.from({ length: n }, (_, i) =>
      isNaN(x[i]!) || colour[i] === 'blue' || colour[i] === 'grey' ? 1 : 0,
    );
    const table = Table.fromColumns({ x, colour });
    const model = await trainForest(
      { task: 'classification', ...quick, maxFeatures: 'all' },
      table,
      y,
    );
    const test = Table.fromColumns({
      x: [NaN, 0.5, 0.5, 0.5, 0.5],
      colour: ['red', 'red', 'blue', 'purple', null],
    });
    const p = predictForest(model, test);
    expect(p[1]).toBeGreaterThan(0.9); // missing x
    expect(p[3]).toBeLessThan(0.1); // red
    expect(p[5]).toBeGreaterThan(0.9); // blue
    // Unseen categories and missing ones go the way training's missing bin went.
    expect(Number.isFinite(p[7]!)).toBe(true);
    expect(p[7]).toBeCloseTo(p[9]!, 12);
  });

  it('routes +Infinity as training binned it: with the largest values, not with missing ones', async () => {
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => (i < 50 ? NaN : i < 60 ? Infinity : i));
    // Missing rows are class 0, every present value (Infinity included) class 1.
    const y = x.map((v) => (isNaN(v) ? 0 : 1));
    const model = await trainDecisionTree({ task: 'classification' }, Table.fromColumns({ x }), y);
    expect(model.trees[0]!.threshold[0]).toBe(3.4028234663852886e38);
    const p = predictForest(model, Table.fromColumns({ x: [Infinity, 100, NaN] }));
    expect([p[1], p[3], p[5]]).toEqual([1, 1, 0]);
  });

  it('reports progress per tree and cancels through an AbortSignal', async () => {
    const seen: number[] = [];
    await trainForest({ task: 'regression', nTrees: 5 }, data.table, data.reg, {
      onProgress: (e) => {
        expect(e.nTrees).toBe(5);
        seen.push(e.tree);
      },
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const controller = new AbortController();
    const run = trainForest({ task: 'regression', nTrees: 50 }, data.table, data.reg, {
      signal: controller.signal,
      onProgress: (e) => e.tree === 3 && controller.abort(),
    });
    await expect(run).rejects.toThrow(TrainingAbortedError);
    await expect(run).rejects.toThrow('training aborted after 3 iteration(s)');
    await expect(
      trainForest({ task: 'regression' }, data.table, data.reg, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('yields to the event loop during long training so a timer can abort it', async () => {
    const big = synthetic(4000, 9);
    const controller = new AbortController();
    let trees = 0;
    setTimeout(() => controller.abort(), 20);
    const run = trainForest({ task: 'regression', nTrees: 100_000 }, big.table, big.reg, {
      signal: controller.signal,
      onProgress: (e) => (trees = e.tree),
    });
    await expect(run).rejects.toThrow(TrainingAbortedError);
    expect(trees).toBeLessThan(100_000);
  });
});

describe('maxFeatures', () => {
  it('counts features per split as scikit-learn does', () => {
    expect(featuresPerSplit('sqrt', 30)).toBe(5);
    expect(featuresPerSplit('log2', 30)).toBe(4);
    expect(featuresPerSplit('all', 30)).toBe(30);
    expect(featuresPerSplit(0.5, 13)).toBe(6);
    expect(featuresPerSplit(0.01, 13)).toBe(1);
    expect(featuresPerSplit(1, 13)).toBe(1);
    expect(featuresPerSplit(7, 13)).toBe(7);
    expect(featuresPerSplit('sqrt', 1)).toBe(1);
  });

  it('draws features per split: with one feature per split, roots vary; with all, they agree', async () => {
    const one = await trainForest(
      { task: 'regression', nTrees: 30, maxFeatures: 1 },
      data.table,
      data.reg,
    );
    const all = await trainForest(
      { task: 'regression', nTrees: 30, maxFeatures: 'all' },
      data.table,
      data.reg,
    );
    expect(new Set(one.trees.map((t) => t.feature[0])).size).toBe(3);
    expect(new Set(all.trees.map((t) => t.feature[0])).size).toBe(1);
  });

  it('does not count features constant in a node towards maxFeatures, as scikit-learn', async () => {
    const n = 300;
    const columns: Record<string, Float64Array> = {};
    for (let c = 0; c < 6; c++) columns[`constant${c}`] = new Float64Array(n).fill(c);
    columns.x = Float64Array.from({ length: n }, (_, i) => i);
    const y = columns.x.map((v) => (v < 150 ? 0 : 1));
    const model = await trainForest(
      { task: 'classification', nTrees: 10, maxFeatures: 1 },
      Table.fromColumns(columns),
      y,
    );
    // Every split is on x: the constant columns are drawn, found constant and skipped.
    for (const tree of model.trees) {
      const splits = tree.feature.filter((f) => f >= 0);
      expect(splits.length).toBeGreaterThan(0);
      expect(splits.every((f) => f === 6)).toBe(true);
    }
  });

  it('defaults to sqrt for classification and every feature for regression', async () => {
    const c = await trainForest({ task: 'classification', nTrees: 1 }, data.table, data.cls);
    const r = await trainForest({ task: 'regression', nTrees: 1 }, data.table, data.reg);
    expect(c.params.maxFeatures).toBe('sqrt');
    expect(r.params.maxFeatures).toBe('all');
    const tree = await trainDecisionTree({ task: 'classification' }, data.table, data.cls);
    expect(tree.params).toMatchObject({ nTrees: 1, bootstrap: false, maxFeatures: 'all' });
  });
});

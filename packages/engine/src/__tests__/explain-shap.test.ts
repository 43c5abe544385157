import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { explainForest } from '../explain/forest-shap.js';
import { explainGbdt } from '../explain/gbdt-shap.js';
import { predictForest } from '../forest/model.js';
import { trainForest } from '../forest/train.js';
import { explainTrees } from '../explain/explain-trees.js';
import { coverShare, type ShapTree } from '../explain/shap-tree.js';
import { predictGbdt } from '../gbdt/model.js';
import { trainGbdt } from '../gbdt/train.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

// A tree on 3 features where feature 0 is split on twice along one path and a node has a
// missing-value default: small enough to enumerate every coalition.
function tinyTree(): ShapTree {
  const feature = [0, 1, 2, 0, -1, -1, -1, -1, -1];
  const threshold = [0.5, 1, 0, 0.2, 0, 0, 0, 0, 0];
  const defaultLeft = [true, false, true, false, false, false, false, false, false];
  return {
    feature,
    left: [1, 3, 5, 7, -1, -1, -1, -1, -1],
    right: [2, 4, 6, 8, -1, -1, -1, -1, -1],
    cover: [100, 60, 40, 45, 15, 30, 10, 20, 25],
    value: [0, 0, 0, 0, 2.5, -1, 4, 0.5, -3],
    goesLeft: (node, x) => (x !== x ? defaultLeft[node]! : x <= threshold[node]!),
  };
}

// E[f(x) | x_S] with features outside S averaged over both children by cover (TreeSHAP's game).
function conditionalExpectation(tree: ShapTree, x: number[], inS: boolean[], node = 0): number {
  const f = tree.feature[node]!;
  if (f < 0) return tree.value[node]!;
  const l = tree.left[node]!;
  const r = tree.right[node]!;
  if (inS[f]) return conditionalExpectation(tree, x, inS, tree.goesLeft(node, x[f]!) ? l : r);
  return (
    coverShare(tree, node, l) * conditionalExpectation(tree, x, inS, l) +
    coverShare(tree, node, r) * conditionalExpectation(tree, x, inS, r)
  );
}

// Shapley values by the definition: a weighted sum over all 2^(M-1) coalitions per feature.
function bruteForceShapley(tree: ShapTree, x: number[]): number[] {
  const m = x.length;
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  return x.map((_, i) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      const inS = x.map((__, j) => (mask & (1 << j)) !== 0);
      const size = inS.filter(Boolean).length;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      const withI = inS.map((v, j) => v || j === i);
      phi +=
        weight * (conditionalExpectation(tree, x, withI) - conditionalExpectation(tree, x, inS));
    }
    return phi;
  });
}

function expectInputError(run: () => unknown, subject: string): void {
  expect(run).toThrow(EngineInputError);
  try {
    run();
  } catch (error) {
    expect((error as EngineInputError).subject).toBe(subject);
  }
}

describe('TreeSHAP', () => {
  it('equals brute-force Shapley values on a tiny tree, including repeats and missing values', () => {
    const tree = tinyTree();
    const rows = [
      [0.1, 2, -1],
      [0.3, 0.5, 1],
      [0.9, 0.5, -1],
      [NaN, 3, NaN],
      [0.15, NaN, 0.5],
      [0.7, 1, 0],
    ];
    const inputs = [0, 1, 2].map((f) => Float64Array.from(rows, (r) => r[f]!));
    const shap = explainTrees({ trees: [{ tree }], numFeatures: 3, numOutputs: 1 }, inputs);
    rows.forEach((x, r) => {
      const expected = bruteForceShapley(tree, x);
      expected.forEach((phi, f) => expect(shap.values[r * 3 + f]!).toBeCloseTo(phi, 12));
      const total = shap.expectedValue[0]! + expected.reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(conditionalExpectation(tree, x, [true, true, true]), 12);
    });
    expect(shap.expectedValue[0]).toBeCloseTo(
      conditionalExpectation(tree, [], [false, false, false]),
      12,
    );
  });

  it('splits a vector-valued tree (a forest classifier) into one SHAP vector per output', () => {
    const tree = tinyTree();
    const twoOutputs: ShapTree = {
      ...tree,
      value: Array.from({ length: 18 }, (_, i) =>
        i % 2 === 0 ? tree.value[i / 2]! : -2 * tree.value[(i - 1) / 2]!,
      ),
    };
    const inputs = [[0.3], [0.5], [1]].map((v) => Float64Array.from(v));
    const single = explainTrees({ trees: [{ tree }], numFeatures: 3, numOutputs: 1 }, inputs);
    const shap = explainTrees(
      { trees: [{ tree: twoOutputs, width: 2, scale: 0.5 }], numFeatures: 3, numOutputs: 2 },
      inputs,
    );
    for (let f = 0; f < 3; f++) {
      expect(shap.values[f]).toBeCloseTo(0.5 * single.values[f]!, 14);
      expect(shap.values[3 + f]).toBeCloseTo(-1 * single.values[f]!, 14);
    }
  });

  it('rejects malformed trees and inputs by name instead of hanging', () => {
    const tree = tinyTree();
    const inputs = [0, 1, 2].map(() => Float64Array.of(0.5));
    const cyclic: ShapTree = { ...tree, left: [1, 0, 5, 7, -1, -1, -1, -1, -1] };
    expectInputError(
      () => explainTrees({ trees: [{ tree: cyclic }], numFeatures: 3, numOutputs: 1 }, inputs),
      'trees[0]',
    );
    const badFeature: ShapTree = { ...tree, feature: [7, 1, 2, 0, -1, -1, -1, -1, -1] };
    expectInputError(
      () => explainTrees({ trees: [{ tree: badFeature }], numFeatures: 3, numOutputs: 1 }, inputs),
      'trees[0]',
    );
    const nanLeaf: ShapTree = { ...tree, value: [0, 0, 0, 0, NaN, -1, 4, 0.5, -3] };
    expectInputError(
      () => explainTrees({ trees: [{ tree: nanLeaf }], numFeatures: 3, numOutputs: 1 }, inputs),
      'trees[0]',
    );
    const negativeCover: ShapTree = { ...tree, cover: [100, -60, 40, 45, 15, 30, 10, 20, 25] };
    expectInputError(
      () =>
        explainTrees({ trees: [{ tree: negativeCover }], numFeatures: 3, numOutputs: 1 }, inputs),
      'trees[0]',
    );
    expectInputError(
      () => explainTrees({ trees: [{ tree }], numFeatures: 3, numOutputs: 1 }, inputs.slice(1)),
      'inputs',
    );
    expectInputError(
      () =>
        explainTrees(
          { trees: [{ tree }], numFeatures: 3, numOutputs: 1 },
          inputs.map(() => new Float64Array(0)),
        ),
      'inputs',
    );
    expectInputError(
      () => explainTrees({ trees: [], numFeatures: 3, numOutputs: 1 }, inputs),
      'trees',
    );
    expectInputError(
      () =>
        explainTrees({ trees: [{ tree, firstOutput: 1 }], numFeatures: 3, numOutputs: 1 }, inputs),
      'trees[0]',
    );
    expectInputError(
      () => explainTrees({ trees: [{ tree }], numFeatures: 0, numOutputs: 1 }, []),
      'numFeatures',
    );
  });
});

function syntheticTable(n: number, seed: number): { table: Table; x: number[][] } {
  const random = createRandom(seed);
  const x = Array.from({ length: n }, () => [
    random() * 4 - 2,
    random() * 4 - 2,
    random(),
    random(),
  ]);
  for (const row of x) if (random() < 0.1) row[1] = NaN;
  const colours = ['red', 'green', 'blue', 'grey'];
  return {
    x,
    table: Table.fromColumns({
      a: Float64Array.from(x, (r) => r[0]!),
      b: Float64Array.from(x, (r) => r[1]!),
      c: Float64Array.from(x, (r) => r[2]!),
      colour: x.map((r) => (r[3]! < 0.05 ? null : colours[Math.floor(r[3]! * 4)]!)),
    }),
  };
}

describe('explainGbdt', () => {
  const gbdtParams = { nIter: 25, numLeaves: 15, minSamplesLeaf: 5, earlyStopping: false } as const;

  for (const objective of ['regression', 'binary', 'multiclass'] as const) {
    it(`is locally accurate on every row for ${objective}: expected value + SHAP = raw score`, async () => {
      const { table, x } = syntheticTable(400, objective.length);
      const score = x.map((r) => (Number.isNaN(r[1]) ? 1 : r[0]! * r[1]!) + (r[3]! > 0.5 ? 1 : 0));
      const y = Float64Array.from(score, (s) =>
        objective === 'regression'
          ? s
          : objective === 'binary'
            ? Number(s > 0.5)
            : s < 0
              ? 0
              : s < 1
                ? 1
                : 2,
      );
      const model = await trainGbdt({ objective, ...gbdtParams }, table, y);
      // The colour column gets categorical set splits, so that path is explained too.
      expect(model.trees.some((t) => t.leftBins.some((b) => b !== null))).toBe(true);
      const shap = explainGbdt(model, table);
      const raw = predictGbdt(model, table, { raw: true });
      const k = model.treesPerIteration;
      expect(shap.numOutputs).toBe(k);
      expect(shap.featureNames).toEqual(['a', 'b', 'c', 'colour']);
      let worst = 0;
      for (let r = 0; r < table.numRows; r++) {
        for (let out = 0; out < k; out++) {
          let total = shap.expectedValue[out]!;
          for (let f = 0; f < 4; f++) total += shap.values[(r * k + out) * 4 + f]!;
          worst = Math.max(worst, Math.abs(total - raw[r * k + out]!));
        }
      }
      expect(worst).toBeLessThan(1e-9);
      // Column c is noise: on average it explains far less than a (used in every target).
      const meanAbs = (f: number): number => {
        let sum = 0;
        for (let i = f; i < shap.values.length; i += 4) sum += Math.abs(shap.values[i]!);
        return sum;
      };
      expect(meanAbs(2)).toBeLessThan(meanAbs(0) / 3);
    });
  }

  it('names a missing or mistyped column', async () => {
    const { table } = syntheticTable(100, 3);
    const model = await trainGbdt(
      { objective: 'regression', ...gbdtParams, nIter: 3 },
      table,
      new Float64Array(100).map((_, i) => i % 7),
    );
    expectInputError(() => explainGbdt(model, table.drop(['b'])), 'b');
    const wrongKind = Table.fromColumns({
      a:
        table.column('a').kind === 'numeric'
          ? (table.column('a') as { values: Float64Array }).values
          : [],
      b: new Float64Array(100),
      c: new Float64Array(100),
      colour: new Float64Array(100),
    });
    expectInputError(() => explainGbdt(model, wrongKind), 'colour');
  });
});

describe('explainForest', () => {
  for (const task of ['classification', 'regression'] as const) {
    it(`is locally accurate on every row for a ${task} forest, Infinity included`, async () => {
      const { table: base, x } = syntheticTable(300, 7);
      const a = Float64Array.from(x, (r, i) => (i % 50 === 0 ? Infinity : r[0]!));
      const table = Table.fromColumnList(
        base.columns.map((c) => (c.name === 'a' ? { kind: 'numeric', name: 'a', values: a } : c)),
      );
      const score = x.map((r) => r[0]! + (Number.isNaN(r[1]) ? 1 : r[1]!) + (r[3]! > 0.5 ? 1 : 0));
      const y = Float64Array.from(score, (s) =>
        task === 'regression' ? s : s < 0 ? 0 : s < 1.5 ? 1 : 2,
      );
      const model = await trainForest({ task, nTrees: 8, maxDepth: 6, seed: 1 }, table, y);
      const shap = explainForest(model, table);
      const predicted = predictForest(model, table);
      const k = model.numOutputs;
      expect(k).toBe(task === 'regression' ? 1 : 3);
      let worst = 0;
      for (let r = 0; r < table.numRows; r++) {
        for (let out = 0; out < k; out++) {
          let total = shap.expectedValue[out]!;
          for (let f = 0; f < 4; f++) total += shap.values[(r * k + out) * 4 + f]!;
          worst = Math.max(worst, Math.abs(total - predicted[r * k + out]!));
        }
      }
      expect(worst).toBeLessThan(1e-9);
      // Bootstrap weights as cover: the expected value is the mean of the trees' root values.
      for (let out = 0; out < k; out++) {
        const rootMean = model.trees.reduce((s, t) => s + t.value[out]!, 0) / model.trees.length;
        expect(shap.expectedValue[out]).toBeCloseTo(rootMean, 12);
      }
      if (task === 'classification') {
        // Class probabilities sum to 1, so each feature's SHAP values sum to 0 over classes.
        for (let f = 0; f < 4; f++) {
          expect(shap.values[f]! + shap.values[4 + f]! + shap.values[8 + f]!).toBeCloseTo(0, 12);
        }
      }
    });
  }

  it('rejects a model of another format by name', () => {
    const { table } = syntheticTable(10, 1);
    expectInputError(() => explainForest({ format: 'aistudio.gbdt' } as never, table), 'model');
  });
});

describe('TreeSHAP on a deep chain', () => {
  it('explains a 3,000-deep tree on two features with a path buffer of depth × features', () => {
    // Node 2i splits on feature i % 2 at threshold i; its left child is a leaf, the right goes on.
    const depth = 3000;
    const size = 2 * depth + 1;
    const feature = new Array<number>(size).fill(-1);
    const left = new Array<number>(size).fill(-1);
    const right = new Array<number>(size).fill(-1);
    const cover = new Array<number>(size).fill(1);
    const value = new Array<number>(size).fill(0);
    for (let i = 0; i < depth; i++) {
      const node = 2 * i;
      feature[node] = i % 2;
      left[node] = node + 1;
      right[node] = node + 2;
      cover[node] = depth - i + 1;
      cover[node + 2] = depth - i;
      value[node + 1] = i;
    }
    value[size - 1] = depth;
    const tree: ShapTree = {
      feature,
      left,
      right,
      cover,
      value,
      goesLeft: (node, x) => x <= node / 2,
    };
    const inputs = [Float64Array.of(1500.5), Float64Array.of(1e9)];
    const shap = explainTrees({ trees: [{ tree }], numFeatures: 2, numOutputs: 1 }, inputs);
    // Feature 0 stops the row at the first even node past 1500.5 (node 3004, value 1502).
    const total = shap.expectedValue[0]! + shap.values[0]! + shap.values[1]!;
    expect(total).toBeCloseTo(1502, 6);
    expect(Number.isFinite(shap.values[0]!) && Number.isFinite(shap.values[1]!)).toBe(true);
  });
});

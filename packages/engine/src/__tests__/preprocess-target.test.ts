import { describe, expect, it } from 'vitest';
import { mutualInformation, discretize } from '../preprocess/mutual-info.js';
import { fitTransformPipeline, transformTable } from '../preprocess/pipeline.js';
import { foldAssignment } from '../preprocess/target-encode.js';
import { createRandom } from '../random.js';
import { Table, type Column } from '../table.js';

// scikit-learn 1.3's TargetEncoder is not in Debian's 1.2.1, so these tests check its definition.
function reference(
  cats: readonly string[],
  y: readonly number[],
  rows: readonly number[],
  smooth: 'auto' | number,
): (category: string) => number {
  const ys = rows.map((i) => y[i]!);
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const variance = ys.reduce((a, v) => a + (v - mean) ** 2, 0) / ys.length;
  return (category) => {
    const inCat = rows.filter((i) => cats[i] === category).map((i) => y[i]!);
    const n = inCat.length;
    if (n === 0) return mean;
    const sum = inCat.reduce((a, b) => a + b, 0);
    if (smooth !== 'auto') return (sum + smooth * mean) / (n + smooth);
    const catMean = sum / n;
    const catVar = inCat.reduce((a, v) => a + (v - catMean) ** 2, 0) / n;
    const lambda = (variance * n) / (variance * n + catVar);
    return isNaN(lambda) ? mean : lambda * catMean + (1 - lambda) * mean;
  };
}

function values(column: Column): number[] {
  if (column.kind !== 'numeric') throw new Error(`${column.name} is not numeric`);
  return [...column.values];
}

function syntheticData(n: number, seed: number): { cats: string[]; y: number[] } {
  const random = createRandom(seed);
  const cats = Array.from({ length: n }, () => 'abcdefg'[Math.floor(random() * 7)]!);
  const y = cats.map((c) => c.charCodeAt(0) - 97 + 2 * random());
  return { cats, y };
}

describe('targetEncode (by its definition)', () => {
  it('encodes a hand-worked example: smooth m and empirical-Bayes auto', () => {
    const table = Table.fromColumns({ c: ['a', 'a', 'b', 'b', 'b'] });
    const y = [1, 3, 2, 4, 6];
    const m1 = fitTransformPipeline(
      [{ type: 'targetEncode', smooth: 1, folds: 2, targetType: 'continuous' }],
      table,
      {
        target: y,
      },
    );
    const out = values(transformTable(m1.pipeline, table).column('c'));
    expect(out[0]).toBeCloseTo((4 + 3.2) / 3, 12);
    expect(out[2]).toBeCloseTo((12 + 3.2) / 4, 12);
    const auto = fitTransformPipeline(
      [{ type: 'targetEncode', folds: 2, targetType: 'continuous' }],
      table,
      { target: y },
    );
    const lambdaA = (2.96 * 2) / (2.96 * 2 + 1);
    expect(values(transformTable(auto.pipeline, table).column('c'))[0]).toBeCloseTo(
      lambdaA * 2 + (1 - lambdaA) * 3.2,
      12,
    );
  });

  it.each(['auto', 0, 10] as const)(
    'encodes training rows out-of-fold and new rows with the all-rows fit (smooth %s)',
    (smooth) => {
      const { cats, y } = syntheticData(200, 3);
      const table = Table.fromColumns({ c: cats });
      const { pipeline, table: train } = fitTransformPipeline(
        [{ type: 'targetEncode', smooth, folds: 4, targetType: 'continuous' }],
        table,
        { target: y, seed: 11 },
      );
      const all = cats.map((_, i) => i);
      const full = reference(cats, y, all, smooth);
      const applied = values(transformTable(pipeline, table).column('c'));
      applied.forEach((v, i) => expect(v).toBeCloseTo(full(cats[i]!), 12));
      const folds = foldAssignment(200, 4, null, 11);
      const outOfFold = values(train.column('c'));
      outOfFold.forEach((v, i) => {
        const others = all.filter((r) => folds[r] !== folds[i]);
        expect(v).toBeCloseTo(reference(cats, y, others, smooth)(cats[i]!), 12);
      });
    },
  );

  it("never lets a training row's own target into its encoding", () => {
    const { cats, y } = syntheticData(100, 5);
    const table = Table.fromColumns({ c: cats });
    const fit = (target: number[]) =>
      values(
        fitTransformPipeline([{ type: 'targetEncode', targetType: 'continuous' }], table, {
          target,
        }).table.column('c'),
      );
    const before = fit(y);
    const changed = [...y];
    changed[17] = 1000;
    expect(fit(changed)[17]).toBe(before[17]);
  });

  it('gives unseen categories the target mean and treats missing as its own category', () => {
    const table = Table.fromColumns({ c: ['a', 'a', null, null, 'b', 'b'] });
    const y = [0, 2, 10, 10, 4, 4];
    const { pipeline } = fitTransformPipeline(
      [{ type: 'targetEncode', smooth: 0, folds: 2, targetType: 'continuous' }],
      table,
      {
        target: y,
        seed: 1,
      },
    );
    const test = Table.fromColumns({ c: ['zzz', null, 'a'] });
    expect(values(transformTable(pipeline, test).column('c'))).toEqual([5, 10, 1]);
  });

  it('makes one output per class for a multiclass target, stratifying the folds', () => {
    const labels = Array.from({ length: 30 }, (_, i) => ['x', 'y', 'z'][i % 3]!);
    const cats = labels.map((l, i) => (i % 5 === 0 ? 'q' : l === 'x' ? 'p' : 'r'));
    const table = Table.fromColumns({ c: cats, label: labels });
    const { pipeline, table: train } = fitTransformPipeline([{ type: 'targetEncode' }], table, {
      target: 'label',
    });
    expect(pipeline.output.map((c) => c.name)).toEqual(['c:x', 'c:y', 'c:z']);
    const test = transformTable(pipeline, Table.fromColumns({ c: ['p'] }));
    const p = [test.column('c:x'), test.column('c:y'), test.column('c:z')].map(
      (c) => values(c)[0]!,
    );
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(0.5);
    expect(train.numRows).toBe(30);
    const codes = Int32Array.from(labels, (l) => 'xyz'.indexOf(l));
    const folds = foldAssignment(30, 5, codes, 0);
    for (let f = 0; f < 5; f++) {
      for (let c = 0; c < 3; c++) {
        expect(codes.filter((code, i) => code === c && folds[i] === f).length).toBe(2);
      }
    }
  });

  it('encodes a binary label target as the share of the second class', () => {
    const table = Table.fromColumns({ c: ['a', 'a', 'b', 'b'] });
    const { pipeline } = fitTransformPipeline(
      [{ type: 'targetEncode', smooth: 0, folds: 2 }],
      table,
      {
        target: ['no', 'yes', 'yes', 'yes'],
      },
    );
    expect(values(transformTable(pipeline, table).column('c'))).toEqual([0.5, 0.5, 1, 1]);
  });
});

describe('selectMutualInfo', () => {
  it('computes plug-in MI with the Miller–Madow correction on a worked example', () => {
    // x determines y exactly: MI = H(y) = ln 2; correction (1 + 1 − 1) / (2·4) = 1/8.
    const x = Int32Array.from([0, 0, 1, 1]);
    expect(mutualInformation(x, x)).toBeCloseTo(Math.log(2) + 1 / 8, 12);
    // Independent: plug-in 0, correction (1 + 1 − 3) / 8 < 0, floored at 0.
    expect(mutualInformation(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 0, 1]))).toBe(0);
  });

  it('cuts numbers into equal-frequency bins with missing values in a bin of their own', () => {
    const column = {
      kind: 'numeric',
      name: 'x',
      values: Float64Array.from([4, 1, 3, 2, NaN, 6, 5, 8]),
    } as const;
    expect([...discretize(column, 2)]).toEqual([1, 0, 0, 0, 2, 1, 1, 1]);
  });

  it('keeps the k most informative columns, numeric and categorical', () => {
    const random = createRandom(9);
    const n = 400;
    const signal = Array.from({ length: n }, () => random());
    const noise = Array.from({ length: n }, () => random());
    const cat = signal.map((s) => (s > 0.5 ? 'hi' : 'lo'));
    const y = signal.map((s) => s * 3 + 0.1 * random());
    const table = Table.fromColumns({ noise, signal, cat, noise2: noise.map((v) => -v * v) });
    const { pipeline } = fitTransformPipeline([{ type: 'selectMutualInfo', k: 2 }], table, {
      target: y,
    });
    expect(pipeline.output.map((c) => c.name)).toEqual(['signal', 'cat']);
    const scores = (pipeline.steps[0] as { scores: Record<string, number> }).scores;
    expect(scores.signal!).toBeGreaterThan(scores.cat!);
    expect(scores.noise!).toBeLessThan(0.05);
  });
});

import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { holdoutSplit, stratifiedHoldoutSplit } from '../validation/holdout.js';
import { kFold, stratifiedKFold } from '../validation/k-fold.js';
import { timeSeriesSplit } from '../validation/time-series-split.js';

function expectInputError(run: () => unknown, subject: string): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as EngineInputError).subject).toBe(subject);
    return;
  }
  throw new Error(`expected an EngineInputError about ${subject}`);
}

const labels = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 'a' : i % 5 === 0 ? 'b' : 'c'));

describe('holdout and k-fold splits', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    const a = stratifiedHoldoutSplit(labels, { seed: 5 });
    expect(stratifiedHoldoutSplit(labels, { seed: 5 })).toEqual(a);
    expect(Array.from(stratifiedHoldoutSplit(labels, { seed: 6 }).test)).not.toEqual(
      Array.from(a.test),
    );
    expect(holdoutSplit(50, { seed: 1 })).toEqual(holdoutSplit(50, { seed: 1 }));
  });

  it('partitions the rows: train and test are disjoint, ascending and cover every row', () => {
    const { train, test } = holdoutSplit(37, { testSize: 0.2, seed: 2 });
    const all = [...train, ...test].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 37 }, (_, i) => i));
    expect(Array.from(test)).toEqual([...test].sort((x, y) => x - y));
    expect(test.length).toBe(8);
  });

  it('puts every row in exactly one test fold', () => {
    for (const folds of [
      kFold(23, { nSplits: 4, shuffle: true, seed: 8 }),
      stratifiedKFold(labels, { nSplits: 4, shuffle: true, seed: 8 }),
    ]) {
      const seen = folds.flatMap((f) => Array.from(f.test)).sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
      for (const f of folds) expect(f.train.length + f.test.length).toBe(seen.length);
    }
  });

  it('stratifies string labels in the same proportions as numeric codes', () => {
    const codes = labels.map((l) => ['a', 'b', 'c'].indexOf(l));
    const byString = stratifiedKFold(labels, { nSplits: 3 });
    const byCode = stratifiedKFold(codes, { nSplits: 3 });
    expect(byString.map((f) => Array.from(f.test))).toEqual(byCode.map((f) => Array.from(f.test)));
  });

  it('rejects empty input, single-row classes and impossible sizes by name', () => {
    expectInputError(() => stratifiedHoldoutSplit([]), 'labels');
    expectInputError(() => stratifiedHoldoutSplit([0, 0, 0, 1]), 'labels');
    expectInputError(() => stratifiedHoldoutSplit([0, 0, 1, 1], { testSize: 0.25 }), 'testSize');
    expectInputError(() => stratifiedHoldoutSplit([0, NaN, 1, 1]), 'labels');
    expectInputError(() => stratifiedHoldoutSplit([0, Infinity, 1, 1]), 'labels');
    expectInputError(() => holdoutSplit(0), 'numRows');
    expectInputError(() => holdoutSplit(10, { testSize: 1 - 1e-12 }), 'testSize');
    expectInputError(() => holdoutSplit(10, { testSize: 10 }), 'testSize');
    expectInputError(() => holdoutSplit(10, { testSize: -0.5 }), 'testSize');
    expectInputError(() => holdoutSplit(10, { testSize: NaN }), 'testSize');
    expectInputError(() => holdoutSplit(10, { seed: -1 }), 'seed');
    expectInputError(() => holdoutSplit(2.5), 'numRows');
    expectInputError(() => kFold(3, { nSplits: 4 }), 'nSplits');
    expectInputError(() => kFold(10, { nSplits: 1 }), 'nSplits');
    expectInputError(() => kFold(10, { nSplits: 1e300 }), 'nSplits');
    expectInputError(() => stratifiedKFold([0, 0, 1, 1], { nSplits: 3 }), 'nSplits');
    expectInputError(() => stratifiedKFold([], { nSplits: 2 }), 'labels');
  });

  it('allows a single class where scikit-learn does (k-fold) and keeps fold sizes even', () => {
    const folds = stratifiedKFold(new Array<number>(10).fill(1), { nSplits: 3 });
    expect(folds.map((f) => f.test.length)).toEqual([4, 3, 3]);
  });
});

describe('timeSeriesSplit', () => {
  it('trains only on rows before the test block', () => {
    for (const s of timeSeriesSplit(50, { nSplits: 4, gap: 3 })) {
      expect(s.train[s.train.length - 1]! + 3).toBeLessThan(s.test[0]!);
    }
  });

  it('rejects splits that leave no training rows, naming the parameter', () => {
    expectInputError(() => timeSeriesSplit(5, { nSplits: 5 }), 'nSplits');
    expectInputError(() => timeSeriesSplit(10, { nSplits: 3, testSize: 3, gap: 1 }), 'nSplits');
    expectInputError(() => timeSeriesSplit(10, { gap: -1 }), 'gap');
    expectInputError(() => timeSeriesSplit(10, { maxTrainSize: 0 }), 'maxTrainSize');
    expectInputError(() => timeSeriesSplit(10, { nSplits: 2, testSize: 1.5 }), 'testSize');
    expectInputError(() => timeSeriesSplit(0), 'numRows');
  });
});

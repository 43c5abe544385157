import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holdoutSplit, stratifiedHoldoutSplit } from '../validation/holdout.js';
import { kFold, stratifiedKFold } from '../validation/k-fold.js';
import { timeSeriesSplit } from '../validation/time-series-split.js';

interface SplitGolden {
  command: string;
  versions: Record<string, string>;
  stratifiedHoldout: {
    labels: number[];
    testSize: number;
    nTrain: number;
    nTest: number;
    deterministicCounts: boolean;
    trainCounts: number[];
    testCounts: number[];
  }[];
  holdout: { numRows: number; testSize: number; nTrain: number; nTest: number }[];
  kFold: { numRows: number; nSplits: number; folds: number[][] }[];
  stratifiedKFold: {
    labels: number[];
    nSplits: number;
    folds: number[][];
    shuffledFoldCounts: number[][];
  }[];
  timeSeriesSplit: {
    numRows: number;
    options: { n_splits: number; gap?: number; max_train_size?: number; test_size?: number };
    splits: { train: number[]; test: number[] }[];
  }[];
}

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/split-sklearn.json', import.meta.url), 'utf8'),
) as SplitGolden;

function classCounts(labels: readonly number[], rows: Uint32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const r of rows) counts[labels[r]!]!++;
  return counts;
}

describe('row splits against scikit-learn 1.2.1 (fixtures/split-sklearn.json)', () => {
  it('records the command and versions that produced it', () => {
    expect(golden.command).toContain('make-split-golden.py');
    expect(golden.versions.sklearn).toBe('1.2.1');
  });

  it('holds out the same number of rows as train_test_split', () => {
    for (const c of golden.holdout) {
      const split = holdoutSplit(c.numRows, { testSize: c.testSize, seed: 3 });
      expect([split.train.length, split.test.length]).toEqual([c.nTrain, c.nTest]);
    }
  });

  it('gives each class the same train and test counts as train_test_split(stratify=y)', () => {
    let compared = 0;
    for (const c of golden.stratifiedHoldout) {
      const k = Math.max(...c.labels) + 1;
      for (const seed of [0, 1, 2]) {
        const split = stratifiedHoldoutSplit(c.labels, { testSize: c.testSize, seed });
        expect([split.train.length, split.test.length]).toEqual([c.nTrain, c.nTest]);
        const train = classCounts(c.labels, split.train, k);
        const test = classCounts(c.labels, split.test, k);
        if (c.deterministicCounts) {
          expect(train).toEqual(c.trainCounts);
          expect(test).toEqual(c.testCounts);
          compared++;
        } else {
          // Ties broken by a different RNG: each class is off by at most one row.
          train.forEach((t, j) => expect(Math.abs(t - c.trainCounts[j]!)).toBeLessThanOrEqual(1));
        }
      }
    }
    expect(compared).toBeGreaterThanOrEqual(15);
  });

  it('matches KFold fold by fold without shuffling', () => {
    for (const c of golden.kFold) {
      const folds = kFold(c.numRows, { nSplits: c.nSplits });
      expect(folds.map((f) => Array.from(f.test))).toEqual(c.folds);
    }
  });

  it('matches KFold fold sizes with shuffling', () => {
    for (const c of golden.kFold) {
      const folds = kFold(c.numRows, { nSplits: c.nSplits, shuffle: true, seed: 9 });
      expect(folds.map((f) => f.test.length)).toEqual(c.folds.map((f) => f.length));
    }
  });

  it('matches StratifiedKFold row by row without shuffling', () => {
    for (const c of golden.stratifiedKFold) {
      const folds = stratifiedKFold(c.labels, { nSplits: c.nSplits });
      expect(folds.map((f) => Array.from(f.test))).toEqual(c.folds);
    }
  });

  it('matches StratifiedKFold per-class fold counts with shuffling', () => {
    for (const c of golden.stratifiedKFold) {
      const k = Math.max(...c.labels) + 1;
      const folds = stratifiedKFold(c.labels, { nSplits: c.nSplits, shuffle: true, seed: 4 });
      expect(folds.map((f) => classCounts(c.labels, f.test, k))).toEqual(c.shuffledFoldCounts);
    }
  });

  it('matches TimeSeriesSplit exactly, including gap, test size and max train size', () => {
    for (const c of golden.timeSeriesSplit) {
      const o = c.options;
      const splits = timeSeriesSplit(c.numRows, {
        nSplits: o.n_splits,
        ...(o.gap !== undefined && { gap: o.gap }),
        ...(o.max_train_size !== undefined && { maxTrainSize: o.max_train_size }),
        ...(o.test_size !== undefined && { testSize: o.test_size }),
      });
      expect(splits.map((s) => ({ train: Array.from(s.train), test: Array.from(s.test) }))).toEqual(
        c.splits,
      );
    }
  });
});

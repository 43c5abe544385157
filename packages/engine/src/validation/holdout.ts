import { EngineInputError } from '../errors.js';
import { createRandom, shuffleInPlace } from '../random.js';
import { approximateMode } from './approximate-mode.js';
import {
  checkRowCount,
  checkSeed,
  encodeLabels,
  rowRange,
  type RowSplit,
  type StratifyLabels,
} from './row-split.js';

/** Options of `holdoutSplit` and `stratifiedHoldoutSplit`. */
export interface HoldoutOptions {
  /**
   * Size of the test part: a fraction in (0, 1) (rounded up, as scikit-learn does) or a whole
   * number of rows >= 1. Default 0.25.
   */
  readonly testSize?: number;
  /** Seed of the shuffle, default 0. */
  readonly seed?: number;
}

/** Holds out a random test part of `numRows` rows (scikit-learn's `train_test_split`). */
export function holdoutSplit(numRows: number, options: HoldoutOptions = {}): RowSplit {
  checkRowCount('numRows', numRows, 2);
  const { nTest, seed } = readHoldoutOptions(numRows, options);
  const rows = shuffleInPlace(rowRange(0, numRows), createRandom(seed));
  return {
    train: rows.slice(nTest).sort(),
    test: rows.slice(0, nTest).sort(),
  };
}

/**
 * Holds out a test part with each class in the same proportion as in `labels` (scikit-learn's
 * `train_test_split(stratify=y)`): the per-class counts of both parts equal scikit-learn's
 * whenever its allocation involves no tie between classes.
 */
export function stratifiedHoldoutSplit(
  labels: StratifyLabels,
  options: HoldoutOptions = {},
): RowSplit {
  const { codes, counts } = encodeLabels('labels', labels, 'sorted');
  const n = codes.length;
  const { nTest, seed } = readHoldoutOptions(n, options);
  const nTrain = n - nTest;
  const smallest = Math.min(...counts);
  if (smallest < 2) {
    throw new EngineInputError('labels', 'a class has only 1 row; every class needs at least 2');
  }
  if (nTrain < counts.length || nTest < counts.length) {
    throw new EngineInputError(
      'testSize',
      `gives ${nTrain} train and ${nTest} test rows; each part needs one row per class (${counts.length})`,
    );
  }
  const random = createRandom(seed);
  const trainPerClass = approximateMode(counts, nTrain, random);
  const remaining = counts.map((c, k) => c - trainPerClass[k]!);
  const testPerClass = approximateMode(remaining, nTest, random);
  const byClass = counts.map(() => [] as number[]);
  codes.forEach((code, i) => byClass[code]!.push(i));
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((rows, k) => {
    shuffleInPlace(rows, random);
    const a = trainPerClass[k]!;
    // A loop, not push(...rows): spreading a large class overflows the call stack.
    for (let i = 0; i < a; i++) train.push(rows[i]!);
    for (let i = a; i < a + testPerClass[k]!; i++) test.push(rows[i]!);
  });
  return { train: Uint32Array.from(train).sort(), test: Uint32Array.from(test).sort() };
}

function readHoldoutOptions(
  numRows: number,
  options: HoldoutOptions,
): { nTest: number; seed: number } {
  const testSize = options.testSize ?? 0.25;
  const seed = options.seed ?? 0;
  checkSeed(seed);
  let nTest: number;
  if (typeof testSize === 'number' && testSize > 0 && testSize < 1) {
    nTest = Math.ceil(testSize * numRows);
  } else if (Number.isInteger(testSize) && testSize >= 1) {
    nTest = testSize;
  } else {
    throw new EngineInputError(
      'testSize',
      `must be a fraction in (0, 1) or a whole number of rows >= 1, got ${String(testSize)}`,
    );
  }
  if (nTest >= numRows) {
    throw new EngineInputError(
      'testSize',
      `leaves no training rows: ${nTest} test rows of ${numRows}`,
    );
  }
  return { nTest, seed };
}

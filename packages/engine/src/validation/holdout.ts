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
  const part = new Uint8Array(numRows).fill(1);
  for (let i = 0; i < nTest; i++) part[rows[i]!] = 2;
  return { train: rowsMarked(part, 1), test: rowsMarked(part, 2) };
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
  const byClass = rowsByClass(codes, counts);
  // Marks instead of index lists: reading the marks back in row order gives both parts sorted
  // without a sort (a 1M-row split spent most of its time sorting and growing arrays).
  const part = new Uint8Array(n); // 0: in neither part, 1: train, 2: test
  byClass.forEach((rows, k) => {
    shuffleInPlace(rows, random);
    const a = trainPerClass[k]!;
    for (let i = 0; i < a; i++) part[rows[i]!] = 1;
    for (let i = a; i < a + testPerClass[k]!; i++) part[rows[i]!] = 2;
  });
  return { train: rowsMarked(part, 1), test: rowsMarked(part, 2) };
}

/** Each class's rows in ascending order, as views of one array (a counting sort by code). */
function rowsByClass(codes: Int32Array, counts: readonly number[]): Uint32Array[] {
  const all = new Uint32Array(codes.length);
  const starts: number[] = [];
  let start = 0;
  for (const c of counts) {
    starts.push(start);
    start += c;
  }
  const next = Int32Array.from(starts);
  for (let i = 0; i < codes.length; i++) all[next[codes[i]!]!++] = i;
  return counts.map((c, k) => all.subarray(starts[k]!, starts[k]! + c));
}

/** The rows carrying `mark`, ascending. */
function rowsMarked(part: Uint8Array, mark: number): Uint32Array {
  let size = 0;
  for (let i = 0; i < part.length; i++) if (part[i] === mark) size++;
  const out = new Uint32Array(size);
  let k = 0;
  for (let i = 0; i < part.length; i++) if (part[i] === mark) out[k++] = i;
  return out;
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

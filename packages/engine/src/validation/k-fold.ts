import { EngineInputError } from '../errors.js';
import { createRandom, shuffleInPlace } from '../random.js';
import {
  checkRowCount,
  checkSeed,
  complementOf,
  encodeLabels,
  rowRange,
  type RowSplit,
  type StratifyLabels,
} from './row-split.js';

/** Options of `kFold` and `stratifiedKFold`. */
export interface KFoldOptions {
  /** Number of folds, at least 2; default 5. */
  readonly nSplits?: number;
  /** Shuffle rows before assigning folds (default false: folds are consecutive rows). */
  readonly shuffle?: boolean;
  /** Seed of the shuffle, default 0. */
  readonly seed?: number;
}

/**
 * K folds of `numRows` rows (scikit-learn's `KFold`): the first `numRows % nSplits` folds hold
 * one row more than the rest. Without `shuffle` the folds are exactly scikit-learn's.
 */
export function kFold(numRows: number, options: KFoldOptions = {}): RowSplit[] {
  const { nSplits, shuffle, seed } = readKFoldOptions(options);
  checkRowCount('numRows', numRows, 1);
  if (nSplits > numRows) {
    throw new EngineInputError('nSplits', `is ${nSplits}, more than the ${numRows} rows`);
  }
  const rows = rowRange(0, numRows);
  if (shuffle) shuffleInPlace(rows, createRandom(seed));
  const folds: RowSplit[] = [];
  let start = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = Math.floor(numRows / nSplits) + (f < numRows % nSplits ? 1 : 0);
    const test = rows.slice(start, start + size).sort();
    folds.push({ train: complementOf(numRows, test), test });
    start += size;
  }
  return folds;
}

/**
 * K folds that keep class proportions (scikit-learn's `StratifiedKFold`): each fold's count per
 * class is exactly scikit-learn's, and without `shuffle` so is every row's fold.
 */
export function stratifiedKFold(labels: StratifyLabels, options: KFoldOptions = {}): RowSplit[] {
  const { nSplits, shuffle, seed } = readKFoldOptions(options);
  const { codes, counts } = encodeLabels('labels', labels, 'first-seen');
  const n = codes.length;
  if (counts.every((c) => c < nSplits)) {
    throw new EngineInputError(
      'nSplits',
      `is ${nSplits}, more than the rows of every class (largest ${Math.max(...counts)})`,
    );
  }
  // Deal the rows, sorted by class, round-robin to the folds: fold f gets sorted rows f, f+k, ...
  const allocation = foldClassCounts(counts, nSplits);
  const random = createRandom(seed);
  const foldOf = new Int32Array(n);
  const cursor = new Array<number>(counts.length).fill(0);
  const perClass = counts.map((count, k) => {
    const folds = new Int32Array(count);
    let i = 0;
    for (let f = 0; f < nSplits; f++) for (let j = 0; j < allocation[f]![k]!; j++) folds[i++] = f;
    return shuffle ? shuffleInPlace(folds, random) : folds;
  });
  for (let i = 0; i < n; i++) {
    const k = codes[i]!;
    foldOf[i] = perClass[k]![cursor[k]!++]!;
  }
  return Array.from({ length: nSplits }, (_, f) => {
    const test = Uint32Array.from(
      foldOf.reduce<number[]>((acc, fold, i) => (fold === f ? (acc.push(i), acc) : acc), []),
    );
    return { train: complementOf(n, test), test };
  });
}

// allocation[f][k]: rows of class k in fold f when rows sorted by class are dealt round-robin.
function foldClassCounts(counts: readonly number[], nSplits: number): number[][] {
  const allocation = Array.from({ length: nSplits }, () =>
    new Array<number>(counts.length).fill(0),
  );
  let position = 0;
  counts.forEach((count, k) => {
    for (let j = 0; j < count; j++) allocation[(position + j) % nSplits]![k]!++;
    position += count;
  });
  return allocation;
}

function readKFoldOptions(options: KFoldOptions): Required<KFoldOptions> {
  const nSplits = options.nSplits ?? 5;
  const shuffle = options.shuffle ?? false;
  const seed = options.seed ?? 0;
  checkRowCount('nSplits', nSplits, 2);
  if (typeof shuffle !== 'boolean') throw new EngineInputError('shuffle', 'must be a boolean');
  checkSeed(seed);
  return { nSplits, shuffle, seed };
}

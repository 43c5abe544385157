import { EngineInputError } from '../errors.js';
import { checkRowCount, rowRange, type RowSplit } from './row-split.js';

/** Options of `timeSeriesSplit` (scikit-learn's `TimeSeriesSplit`). */
export interface TimeSeriesSplitOptions {
  /** Number of splits, at least 2; default 5. */
  readonly nSplits?: number;
  /** Keep at most this many of the latest rows for training; default unlimited. */
  readonly maxTrainSize?: number;
  /** Rows per test part; default `floor(numRows / (nSplits + 1))`. */
  readonly testSize?: number;
  /** Rows dropped between the end of training and the start of the test part; default 0. */
  readonly gap?: number;
}

/**
 * Forward-chaining splits of time-ordered rows, exactly as scikit-learn's `TimeSeriesSplit`: the
 * test parts are the last `nSplits * testSize` rows in consecutive blocks, each trained on the
 * rows before it (minus the gap, and at most `maxTrainSize` of them).
 */
export function timeSeriesSplit(numRows: number, options: TimeSeriesSplitOptions = {}): RowSplit[] {
  checkRowCount('numRows', numRows, 1);
  const nSplits = options.nSplits ?? 5;
  const gap = options.gap ?? 0;
  checkRowCount('nSplits', nSplits, 2);
  checkRowCount('gap', gap, 0);
  if (options.maxTrainSize !== undefined) checkRowCount('maxTrainSize', options.maxTrainSize, 1);
  if (options.testSize !== undefined) checkRowCount('testSize', options.testSize, 1);
  const testSize = options.testSize ?? Math.floor(numRows / (nSplits + 1));
  if (nSplits + 1 > numRows) {
    throw new EngineInputError('nSplits', `needs ${nSplits + 1} rows or more, got ${numRows}`);
  }
  if (numRows - gap - testSize * nSplits <= 0) {
    throw new EngineInputError(
      'nSplits',
      `${nSplits} splits of ${testSize} test rows with a gap of ${gap} leave no training rows of ${numRows}`,
    );
  }
  const splits: RowSplit[] = [];
  for (let testStart = numRows - nSplits * testSize; testStart < numRows; testStart += testSize) {
    const trainEnd = testStart - gap;
    const max = options.maxTrainSize;
    const trainStart = max !== undefined && max < trainEnd ? trainEnd - max : 0;
    splits.push({
      train: rowRange(trainStart, trainEnd),
      test: rowRange(testStart, Math.min(testStart + testSize, numRows)),
    });
  }
  return splits;
}

import { EngineInputError } from './errors.js';

/**
 * A dense numeric design matrix, row-major: cell (r, c) is `data[r * numCols + c]`.
 * Linear models and the MLP train on it; the preprocessing pipeline produces it from a `Table`.
 */
export interface Matrix {
  readonly numRows: number;
  readonly numCols: number;
  readonly data: Float64Array;
  /** One name per column, in order. */
  readonly columnNames: readonly string[];
}

/** Builds a matrix, checking that the shape and the names agree with the data. */
export function matrix(
  numRows: number,
  numCols: number,
  data: Float64Array,
  columnNames: readonly string[],
): Matrix {
  if (data.length !== numRows * numCols) {
    throw new EngineInputError(
      'matrix',
      `has ${data.length} cells, expected ${numRows}×${numCols}`,
    );
  }
  if (columnNames.length !== numCols) {
    throw new EngineInputError('matrix', `has ${columnNames.length} names for ${numCols} columns`);
  }
  return { numRows, numCols, data, columnNames };
}

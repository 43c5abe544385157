import { EngineInputError } from '../errors.js';
import type { Matrix } from '../matrix.js';

/**
 * Copies the given rows of `x` (all rows when omitted) to a row-major Float32Array. Throws naming
 * the column when a value is missing, infinite or too large for float32: the network has no
 * notion of a missing value, so the caller must impute and standardise first.
 */
export function toFloat32Rows(x: Matrix, rows?: Uint32Array): Float32Array {
  const { numCols, data } = x;
  const count = rows ? rows.length : x.numRows;
  const out = new Float32Array(count * numCols);
  for (let i = 0; i < count; i++) {
    const from = (rows ? rows[i]! : i) * numCols;
    for (let j = 0; j < numCols; j++) {
      const v = Math.fround(data[from + j]!);
      if (!Number.isFinite(v)) {
        const name = x.columnNames[j] ?? `column ${j}`;
        const row = rows ? rows[i]! : i;
        throw new EngineInputError(
          name,
          `row ${row} is ${data[from + j]}; the MLP needs finite values within float32 range (impute and standardise first)`,
        );
      }
      out[i * numCols + j] = v;
    }
  }
  return out;
}

/** Checks that a matrix has rows and columns and agrees with its own shape. */
export function checkMatrix(x: Matrix): void {
  if (x.numRows === 0) throw new EngineInputError('X', 'has no rows');
  if (x.numCols === 0) throw new EngineInputError('X', 'has no columns');
  if (x.data.length !== x.numRows * x.numCols) {
    throw new EngineInputError(
      'X',
      `has ${x.data.length} cells, expected ${x.numRows}×${x.numCols}`,
    );
  }
}

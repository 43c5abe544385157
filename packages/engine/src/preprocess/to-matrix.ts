import { EngineInputError } from '../errors.js';
import { matrix, type Matrix } from '../matrix.js';
import type { Table } from '../table.js';

/**
 * The numeric columns of a table as a row-major `Matrix` (all columns by default, in table
 * order). A categorical or text column throws naming it: encode it with the pipeline first.
 * Missing values stay NaN; models that cannot take them say so themselves.
 */
export function toMatrix(table: Table, columns?: readonly string[]): Matrix {
  const names = columns ?? table.columns.map((c) => c.name);
  const sources = names.map((name) => {
    const column = table.column(name);
    if (column.kind !== 'numeric') {
      throw new EngineInputError(
        name,
        `is a ${column.kind} column; a matrix takes numeric columns only (encode it first)`,
      );
    }
    return column.values;
  });
  const numRows = table.numRows;
  const numCols = names.length;
  const data = new Float64Array(numRows * numCols);
  sources.forEach((values, j) => {
    for (let i = 0; i < numRows; i++) data[i * numCols + j] = values[i]!;
  });
  return matrix(numRows, numCols, data, [...names]);
}

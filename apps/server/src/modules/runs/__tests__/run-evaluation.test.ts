import { describe, expect, it } from 'vitest';
import { numericColumn, Table, type NumericColumn } from '@aistudio/engine';
import { evaluationRows, MAX_EVALUATION_ROWS } from '../run-evaluation.js';

const rowsOf = (table: Table) => (table.column('row') as NumericColumn).values;
const tableOf = (rows: number) =>
  Table.fromColumnList([
    numericColumn(
      'row',
      Float64Array.from({ length: rows }, (_, i) => i),
    ),
  ]);

describe('evaluationRows', () => {
  it('keeps every held-out row up to the cap', () => {
    const test = tableOf(MAX_EVALUATION_ROWS);
    expect(evaluationRows(test, 0)).toBe(test);
  });

  it('samples a large held-out set: the cap, spread over the table, the same for a seed', () => {
    const test = tableOf(250_000);
    const sample = evaluationRows(test, 7);
    expect(sample.numRows).toBe(MAX_EVALUATION_ROWS);
    const rows = rowsOf(sample);
    expect(rows[0]).toBeLessThan(100);
    expect(rows[rows.length - 1]).toBeGreaterThan(249_900);
    // Ordered like the table, without repeats.
    expect(rows.every((value, i) => i === 0 || value > rows[i - 1]!)).toBe(true);
    expect(rowsOf(evaluationRows(test, 7))).toEqual(rows);
    expect(rowsOf(evaluationRows(test, 8))).not.toEqual(rows);
  });
});

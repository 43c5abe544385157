import { readFileSync } from 'node:fs';
import { Table } from '../table.js';

/** The golden dataset and scikit-learn's metrics on it (see fixtures/gbdt-golden.json "command"). */
export interface GbdtGolden {
  command: string;
  nTrain: number;
  columns: string[];
  rows: (number | null)[][];
  yRegression: number[];
  yBinary: number[];
  yMulticlass: number[];
  yHeavyTailed: number[];
  category: string[];
  yCategorical: number[];
  regression: { rmse: number };
  binary: { logLoss: number; auc: number };
  multiclass: { logLoss: number; accuracy: number };
  absolute: { mae: number };
  categorical: { rmse: number };
}

/** Loads the golden fixture. */
export function loadGbdtGolden(): GbdtGolden {
  const url = new URL('./fixtures/gbdt-golden.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as GbdtGolden;
}

/** The fixture's rows [start, end) as a table with columns x0..x5. */
export function goldenTable(golden: GbdtGolden, start: number, end: number): Table {
  const rows = golden.rows.slice(start, end);
  return Table.fromColumns(
    Object.fromEntries(
      golden.columns.map((name, j) => [name, Float64Array.from(rows, (r) => r[j] ?? NaN)]),
    ),
  );
}

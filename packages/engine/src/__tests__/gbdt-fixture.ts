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

/** Root mean squared error. */
export function rmse(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i]! - pred[i]!) ** 2;
  return Math.sqrt(sum / y.length);
}

/** Log loss with probabilities clipped like scikit-learn (eps = 1e-15). */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-15), 1 - 1e-15);
    sum -= y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q);
  }
  return sum / y.length;
}

/** ROC AUC by ranks, ties counting half. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && score[order[j]!] === score[order[i]!]) j++;
    const averageRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (y[order[k]!] === 1) {
        rankSumPositive += averageRank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = y.length - positives;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

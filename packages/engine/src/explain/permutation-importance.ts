import { EngineInputError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { createRandom, shuffleInPlace } from '../random.js';
import { Table, type Column } from '../table.js';

/** Options of `permutationImportance`. */
export interface PermutationImportanceOptions<D extends Table | Matrix, P> {
  /** Predicts every row of the data (a table, or a matrix with the same columns). */
  readonly predict: (data: D) => P | Promise<P>;
  /** Scores predictions against the true target the caller holds, e.g. accuracy or −RMSE. */
  readonly score: (predictions: P) => number;
  /** False when a lower score is better (a loss): importance is then the score's increase. */
  readonly greaterIsBetter?: boolean;
  /** Shuffles per column, default 5. */
  readonly nRepeats?: number;
  /** Columns to permute, default all of them. */
  readonly columns?: readonly string[];
  /** Seed of the shuffles, default 0. */
  readonly seed?: number;
  /** Stops between predictions; the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** How much the score drops when one column's values are shuffled across rows. */
export interface PermutationImportance {
  readonly columns: readonly string[];
  readonly baselineScore: number;
  /** Mean decrease per column (increase for a lower-is-better score). */
  readonly importancesMean: Float64Array;
  /** Population standard deviation over the repeats, as scikit-learn reports. */
  readonly importancesStd: Float64Array;
  /** Column c, repeat j at `c * nRepeats + j`. */
  readonly importances: Float64Array;
}

/**
 * Permutation importance with scikit-learn's semantics (`permutation_importance`): score the
 * unchanged data, then for each column and repeat shuffle that column alone, predict again, and
 * record baseline − shuffled score. Deterministic for a seed.
 */
export async function permutationImportance<D extends Table | Matrix, P>(
  data: D,
  options: PermutationImportanceOptions<D, P>,
): Promise<PermutationImportance> {
  const nRepeats = options.nRepeats ?? 5;
  const seed = options.seed ?? 0;
  const sign = (options.greaterIsBetter ?? true) ? 1 : -1;
  if (!Number.isInteger(nRepeats) || nRepeats < 1 || nRepeats > 10_000) {
    throw new EngineInputError(
      'nRepeats',
      `must be an integer in 1..10000, got ${String(nRepeats)}`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new EngineInputError(
      'seed',
      `must be an integer in 0..${2 ** 32 - 1}, got ${String(seed)}`,
    );
  }
  const allNames = data instanceof Table ? data.columns.map((c) => c.name) : data.columnNames;
  const numRows = data.numRows;
  if (numRows < 2)
    throw new EngineInputError('data', `has ${numRows} rows; need at least 2 to shuffle`);
  const columns = options.columns ?? allNames;
  if (columns.length === 0) throw new EngineInputError('columns', 'is empty');
  for (const name of columns) {
    if (!allNames.includes(name)) throw new EngineInputError(name, 'no such column in the data');
  }
  const scoreOf = async (d: D): Promise<number> => {
    options.signal?.throwIfAborted();
    const value = options.score(await options.predict(d));
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new EngineInputError('score', `returned ${String(value)}; expected a finite number`);
    }
    return value;
  };
  const baselineScore = await scoreOf(data);
  const random = createRandom(seed);
  const importances = new Float64Array(columns.length * nRepeats);
  const order = new Uint32Array(numRows);
  for (let c = 0; c < columns.length; c++) {
    for (let j = 0; j < nRepeats; j++) {
      for (let i = 0; i < numRows; i++) order[i] = i;
      shuffleInPlace(order, random);
      const permuted = withPermutedColumn(data, columns[c]!, order);
      importances[c * nRepeats + j] = sign * (baselineScore - (await scoreOf(permuted)));
    }
  }
  const { mean, std } = meanAndStd(importances, columns.length, nRepeats);
  return {
    columns: [...columns],
    baselineScore,
    importancesMean: mean,
    importancesStd: std,
    importances,
  };
}

// Row i of the permuted column takes the value of row order[i]; other columns are shared.
function withPermutedColumn<D extends Table | Matrix>(
  data: D,
  name: string,
  order: Uint32Array,
): D {
  if (data instanceof Table) {
    const columns = data.columns.map((c) => (c.name === name ? permuteColumn(c, order) : c));
    return Table.fromColumnList(columns) as D;
  }
  const m = data as Matrix;
  const col = m.columnNames.indexOf(name);
  const out = Float64Array.from(m.data);
  for (let i = 0; i < m.numRows; i++)
    out[i * m.numCols + col] = m.data[order[i]! * m.numCols + col]!;
  return { ...m, data: out } as D;
}

function permuteColumn(column: Column, order: Uint32Array): Column {
  switch (column.kind) {
    case 'numeric':
      return { ...column, values: Float64Array.from(order, (i) => column.values[i]!) };
    case 'categorical':
      return { ...column, codes: Int32Array.from(order, (i) => column.codes[i]!) };
    case 'text':
      return { ...column, values: Array.from(order, (i) => column.values[i]!) };
  }
}

function meanAndStd(
  values: Float64Array,
  groups: number,
  size: number,
): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(groups);
  const std = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const part = values.subarray(g * size, (g + 1) * size);
    const m = part.reduce((a, b) => a + b, 0) / size;
    mean[g] = m;
    std[g] = Math.sqrt(part.reduce((a, b) => a + (b - m) ** 2, 0) / size);
  }
  return { mean, std };
}

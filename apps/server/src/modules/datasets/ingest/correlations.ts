import { isNumericType } from './column-types.js';
import { quoteIdentifier, type DuckDBSession } from './duckdb-session.js';
import type { SchemaColumn } from './infer-schema.js';
import { finiteValueSql, valueSql } from './column-stats.js';

/** A symmetric matrix over `columns`; null where a coefficient is undefined (constant column). */
export interface CorrelationMatrix {
  columns: string[];
  values: (number | null)[][];
}

export interface Correlations {
  pearson: CorrelationMatrix;
  spearman: CorrelationMatrix;
  cramersV: CorrelationMatrix;
  /** Rows Spearman and Cramér's V were computed on: all rows, or a seeded Bernoulli sample. */
  sampledRows: number;
}

export interface CorrelationOptions {
  /** At most this many numeric and this many categorical columns enter the matrices. */
  maxColumns: number;
  /** Rank and contingency statistics run on a sample of about this many rows. */
  sampleRows: number;
}

/**
 * Pearson over all rows (one aggregate scan); Spearman (Pearson of average ranks, ties averaged)
 * and bias-uncorrected Cramér's V over a sample held in a temp table. Rows missing either value
 * are left out of each pair.
 */
export async function computeCorrelations(
  session: DuckDBSession,
  table: string,
  rows: number,
  columns: SchemaColumn[],
  options: CorrelationOptions,
): Promise<Correlations> {
  const eligible = columns.filter(
    (column) => column.role !== 'ignore' && column.role !== 'identifier',
  );
  const numeric = eligible
    .filter((column) => isNumericType(column.type))
    .slice(0, options.maxColumns);
  const categorical = eligible
    .filter((column) => column.type === 'categorical' || column.type === 'boolean')
    .slice(0, options.maxColumns);

  const sampled = [...numeric, ...categorical];
  const sampleTable = 'correlation_sample';
  // Bernoulli, not reservoir: it streams (reservoir sampling costs ~5× more on wide scans).
  const percent = (100 * options.sampleRows) / Math.max(rows, 1);
  const sampleClause = percent < 100 ? ` USING SAMPLE ${percent.toFixed(6)}% (bernoulli, 42)` : '';
  if (sampled.length > 0) {
    const select = sampled.map(
      (column, i) =>
        `${isNumericType(column.type) ? finiteValueSql(column) : valueSql(column)} AS c${i}`,
    );
    await session.run(
      `CREATE OR REPLACE TEMP TABLE ${sampleTable} AS SELECT ${select.join(', ')} FROM ${table}${sampleClause}`,
    );
  }
  try {
    return {
      pearson: await pearson(session, table, numeric),
      spearman: await spearman(session, sampleTable, numeric),
      cramersV: await cramersV(session, sampleTable, numeric.length, categorical),
      sampledRows: await countRows(session, sampleTable, sampled.length),
    };
  } finally {
    await session.run(`DROP TABLE IF EXISTS ${sampleTable}`);
  }
}

async function countRows(session: DuckDBSession, sampleTable: string, sampledColumns: number) {
  if (sampledColumns === 0) return 0;
  const [row] = await session.rows<{ n: number }>(`SELECT count(*) AS n FROM ${sampleTable}`);
  return Number(row!.n);
}

function emptyMatrix(columns: SchemaColumn[]): CorrelationMatrix {
  return {
    columns: columns.map((column) => column.name),
    values: columns.map((_, i) => columns.map((__, j) => (i === j ? 1 : null))),
  };
}

function pairs(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
  return out;
}

async function fillFromAggregate(
  session: DuckDBSession,
  from: string,
  matrix: CorrelationMatrix,
  expr: (i: number) => string,
): Promise<CorrelationMatrix> {
  const all = pairs(matrix.columns.length);
  if (all.length === 0) return matrix;
  const [row] = await session.rows<Record<string, number | null>>(
    `SELECT ${all.map(([i, j]) => `corr(${expr(i)}, ${expr(j)}) AS p${i}_${j}`).join(', ')} FROM ${from}`,
  );
  for (const [i, j] of all) {
    const value = row![`p${i}_${j}`] ?? null;
    const coefficient = value === null || !Number.isFinite(value) ? null : value;
    matrix.values[i]![j] = coefficient;
    matrix.values[j]![i] = coefficient;
  }
  return matrix;
}

async function pearson(session: DuckDBSession, table: string, numeric: SchemaColumn[]) {
  return fillFromAggregate(session, table, emptyMatrix(numeric), (i) =>
    finiteValueSql(numeric[i]!),
  );
}

async function spearman(session: DuckDBSession, sampleTable: string, numeric: SchemaColumn[]) {
  if (numeric.length < 2) return emptyMatrix(numeric);
  // Average rank: rank() gives the first position of a tie group; add half the group's extra size.
  const ranks = numeric.map(
    (_, i) =>
      `CASE WHEN c${i} IS NULL THEN NULL ELSE rank() OVER (ORDER BY c${i}) + ` +
      `(count(*) OVER (PARTITION BY c${i}) - 1) / 2.0 END AS r${i}`,
  );
  return fillFromAggregate(
    session,
    `(SELECT ${ranks.join(', ')} FROM ${sampleTable})`,
    emptyMatrix(numeric),
    (i) => `r${i}`,
  );
}

async function cramersV(
  session: DuckDBSession,
  sampleTable: string,
  offset: number,
  categorical: SchemaColumn[],
): Promise<CorrelationMatrix> {
  const matrix = emptyMatrix(categorical);
  for (const [i, j] of pairs(categorical.length)) {
    const a = quoteIdentifier(`c${offset + i}`);
    const b = quoteIdentifier(`c${offset + j}`);
    const cells = await session.rows<{ a: string; b: string; n: number }>(
      `SELECT CAST(${a} AS VARCHAR) AS a, CAST(${b} AS VARCHAR) AS b, count(*) AS n
         FROM ${sampleTable} WHERE ${a} IS NOT NULL AND ${b} IS NOT NULL GROUP BY ALL`,
    );
    const v = cramersVFromCells(cells.map((cell) => ({ ...cell, n: Number(cell.n) })));
    matrix.values[i]![j] = v;
    matrix.values[j]![i] = v;
  }
  return matrix;
}

/** sqrt(χ² / (n · (min(rows, cols) − 1))) from the non-empty cells of a contingency table. */
export function cramersVFromCells(cells: { a: string; b: string; n: number }[]): number | null {
  const rowTotals = new Map<string, number>();
  const colTotals = new Map<string, number>();
  let n = 0;
  for (const { a, b, n: count } of cells) {
    rowTotals.set(a, (rowTotals.get(a) ?? 0) + count);
    colTotals.set(b, (colTotals.get(b) ?? 0) + count);
    n += count;
  }
  const k = Math.min(rowTotals.size, colTotals.size) - 1;
  if (n === 0 || k === 0) return null;
  const observed = new Map(cells.map(({ a, b, n: count }) => [`${a}\u0000${b}`, count]));
  let chi2 = 0;
  for (const [a, rowTotal] of rowTotals) {
    for (const [b, colTotal] of colTotals) {
      const expected = (rowTotal * colTotal) / n;
      const diff = (observed.get(`${a}\u0000${b}`) ?? 0) - expected;
      chi2 += (diff * diff) / expected;
    }
  }
  return Math.sqrt(chi2 / (n * k));
}

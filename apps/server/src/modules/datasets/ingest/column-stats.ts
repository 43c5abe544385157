import {
  isIdLikeName,
  isIntegerStorage,
  isNumericStorage,
  isNumericType,
  type ColumnType,
} from './column-types.js';
import { quoteIdentifier, type DuckDBSession } from './duckdb-session.js';

/** A column as the scan reads it: its storage type and the logical type it is read as. */
export interface ColumnToScan {
  name: string;
  storageType: string;
  type: ColumnType;
}

/** What the aggregate scan learns about one column. */
export interface ColumnStats {
  count: number;
  distinct: number;
  /** Exact count, or DuckDB's HyperLogLog estimate (large tables, many distinct values). */
  distinctExact: boolean;
  /** Over finite values; nonFinite counts ±Infinity and NaN. */
  numeric?: {
    nonFinite: number;
    min: number;
    max: number;
    mean: number;
    std: number | null;
    skewness: number | null;
    zeros: number;
    quantiles: { p05: number; p25: number; p50: number; p75: number; p95: number };
  };
  temporal?: { min: string; max: string };
  textLength?: { min: number; max: number; mean: number };
  /** Values holding a space (text storage only): tells identifiers from prose. */
  withSpace?: number;
}

export interface TableStats {
  rows: number;
  /** Rows equal to an earlier row (compared by a 64-bit hash of the whole row); 0 when not counted. */
  duplicateRows: number;
  /** Keyed by column name, with the value expression the stats were computed on. */
  columns: Map<string, { valueSql: string; stats: ColumnStats }>;
}

/** Up to this many rows, distinct counts are exact; beyond, estimates (see below). */
export const EXACT_MAX_ROWS = 1_000_000;
/**
 * Up to this many rows, quantiles are exact (quantile_cont sorts every value: ~10× the cost);
 * beyond, they come from a reservoir of this many values.
 */
export const EXACT_QUANTILE_MAX_ROWS = 100_000;
// Past EXACT_MAX_ROWS, distinct counts that decide a type (few values, or all unique) are still
// made exact in a second scan: the estimate was seen 12 % off for 90 values, 13 % for 1.2 M.
const EXACT_RECOUNT_BELOW = 2_000;
const EXACT_RECOUNT_UNIQUE_SHARE = 0.7;

/** The SQL value a column is profiled as: its logical type, even when stored as text. */
export function valueSql(column: ColumnToScan): string {
  const ref = quoteIdentifier(column.name);
  if (isNumericType(column.type)) {
    return isNumericStorage(column.storageType)
      ? `CAST(${ref} AS DOUBLE)`
      : `TRY_CAST(${ref} AS DOUBLE)`;
  }
  if (column.type === 'date' && column.storageType !== 'DATE') return `TRY_CAST(${ref} AS DATE)`;
  if (column.type === 'datetime' && !column.storageType.startsWith('TIMESTAMP')) {
    return `TRY_CAST(${ref} AS TIMESTAMP)`;
  }
  if (column.type === 'boolean' && column.storageType !== 'BOOLEAN') {
    return `TRY_CAST(${ref} AS BOOLEAN)`;
  }
  return ref;
}

/**
 * A numeric column's value with ±Infinity and NaN as NULL: DuckDB's std, skewness and corr fail
 * on them, so moments, range, quantiles and correlations are over finite values.
 */
export function finiteValueSql(column: ColumnToScan): string {
  const value = valueSql(column);
  const mayBeNonFinite =
    /^(FLOAT|DOUBLE)$/.test(column.storageType) || !isNumericStorage(column.storageType);
  return mayBeNonFinite ? `CASE WHEN isfinite(${value}) THEN ${value} END` : value;
}

/** How a column is read before its type is inferred: by its storage type alone. */
export function provisionalColumn(name: string, storageType: string): ColumnToScan {
  const type: ColumnType = isNumericStorage(storageType)
    ? 'float'
    : storageType === 'BOOLEAN'
      ? 'boolean'
      : storageType === 'DATE'
        ? 'date'
        : storageType.startsWith('TIMESTAMP')
          ? 'datetime'
          : 'text';
  return { name, storageType, type };
}

/**
 * Stats already scanned for a column can serve it under its final type when they were read the
 * same way, or when the final type reads the raw column and needs only counts.
 */
export function reusableStats(tableStats: TableStats, column: ColumnToScan): ColumnStats | null {
  const scanned = tableStats.columns.get(column.name);
  if (!scanned) return null;
  const value = valueSql(column);
  if (scanned.valueSql === value) return scanned.stats;
  const rawCountsOnly =
    value === quoteIdentifier(column.name) &&
    !isNumericType(column.type) &&
    column.type !== 'date' &&
    column.type !== 'datetime';
  return rawCountsOnly ? scanned.stats : null;
}

/**
 * One aggregate scan over every column, with the exact duplicate count (plus, past
 * EXACT_MAX_ROWS, a scan that makes the distinct counts that decide a type exact).
 */
export async function scanTableStats(
  session: DuckDBSession,
  table: string,
  columns: ColumnToScan[],
  countDuplicates = true,
): Promise<TableStats> {
  const [{ rows }] = (await session.rows<{ rows: number }>(
    `SELECT count(*) AS rows FROM ${table}`,
  )) as [{ rows: number }];
  const exact = Number(rows) <= EXACT_MAX_ROWS;
  const rowHash = `hash(${columns.map((column) => quoteIdentifier(column.name)).join(', ')})`;
  const exactQuantiles = Number(rows) <= EXACT_QUANTILE_MAX_ROWS;
  const aggregates = columns.flatMap((column, i) => aggregateSql(column, i, exact, exactQuantiles));
  if (countDuplicates) aggregates.push(`count(DISTINCT ${rowHash}) AS distinct_rows`);
  const [row] = await session.rows<Record<string, unknown>>(
    `SELECT ${aggregates.join(', ')} FROM ${table}`,
  );
  const stats = columns.map((column, i) => parseStats(column, i, row!, exact));
  const distinctRows = countDuplicates ? Number(row!.distinct_rows) : Number(rows);
  const recount = exact
    ? []
    : columns
        .map((column, i) => ({ column, i }))
        .filter(({ column, i }) => decidesType(column, stats[i]!));
  if (recount.length > 0) {
    const [exactRow] = await session.rows<Record<string, unknown>>(
      `SELECT ${recount
        .map(({ column, i }) => `count(DISTINCT ${valueSql(column)}) AS d${i}`)
        .join(', ')} FROM ${table}`,
    );
    for (const { i } of recount) {
      stats[i]!.distinct = Number(exactRow![`d${i}`]);
      stats[i]!.distinctExact = true;
    }
  }
  return {
    rows: Number(rows),
    duplicateRows: Number(rows) - distinctRows,
    columns: new Map(
      columns.map((column, i) => [column.name, { valueSql: valueSql(column), stats: stats[i]! }]),
    ),
  };
}

/** Whether a distinct count changes the inferred type: few strings, or unique strings or ids. */
function decidesType(column: ColumnToScan, stats: ColumnStats): boolean {
  const nearlyUnique = stats.distinct >= EXACT_RECOUNT_UNIQUE_SHARE * stats.count;
  if (column.storageType === 'VARCHAR')
    return stats.distinct <= EXACT_RECOUNT_BELOW || nearlyUnique;
  return isIntegerStorage(column.storageType) && isIdLikeName(column.name) && nearlyUnique;
}

function aggregateSql(
  column: ColumnToScan,
  i: number,
  exact: boolean,
  exactQuantiles: boolean,
): string[] {
  const value = valueSql(column);
  const parts = [
    `count(${value}) AS n${i}`,
    exact ? `count(DISTINCT ${value}) AS d${i}` : `approx_count_distinct(${value}) AS d${i}`,
  ];
  if (isNumericType(column.type)) {
    const finite = finiteValueSql(column);
    const quantiles = exactQuantiles
      ? `quantile_cont(${finite}, [0.05, 0.25, 0.5, 0.75, 0.95])`
      : `reservoir_quantile(${finite}, [0.05, 0.25, 0.5, 0.75, 0.95], ${EXACT_QUANTILE_MAX_ROWS})`;
    parts.push(
      `count(${finite}) AS fc${i}`,
      `min(${finite}) AS min${i}`,
      `max(${finite}) AS max${i}`,
      `avg(${finite}) AS mean${i}`,
      `stddev_samp(${finite}) AS std${i}`,
      `skewness(${finite}) AS skew${i}`,
      `count_if(${value} = 0) AS z${i}`,
      `${quantiles} AS q${i}`,
    );
  }
  if (column.type === 'date' || column.type === 'datetime') {
    parts.push(
      `CAST(min(${value}) AS VARCHAR) AS min${i}`,
      `CAST(max(${value}) AS VARCHAR) AS max${i}`,
    );
  }
  if (column.storageType === 'VARCHAR') {
    const ref = quoteIdentifier(column.name);
    parts.push(
      `min(length(${ref})) AS lmin${i}`,
      `max(length(${ref})) AS lmax${i}`,
      `avg(length(${ref})) AS lmean${i}`,
      `count_if(contains(${ref}, ' ')) AS s${i}`,
    );
  }
  return parts;
}

function parseStats(
  column: ColumnToScan,
  i: number,
  row: Record<string, unknown>,
  exact: boolean,
): ColumnStats {
  const count = Number(row[`n${i}`]);
  const stats: ColumnStats = {
    count,
    distinct: Math.min(Number(row[`d${i}`]), count),
    distinctExact: exact,
  };
  if (count === 0) return stats;
  const finiteCount = Number(row[`fc${i}`] ?? 0);
  if (isNumericType(column.type) && finiteCount > 0) {
    const q = (row[`q${i}`] as unknown[]).map(Number);
    stats.numeric = {
      nonFinite: count - finiteCount,
      min: Number(row[`min${i}`]),
      max: Number(row[`max${i}`]),
      mean: Number(row[`mean${i}`]),
      std: finiteOrNull(row[`std${i}`]),
      skewness: finiteOrNull(row[`skew${i}`]),
      zeros: Number(row[`z${i}`]),
      quantiles: { p05: q[0]!, p25: q[1]!, p50: q[2]!, p75: q[3]!, p95: q[4]! },
    };
  }
  if (column.type === 'date' || column.type === 'datetime') {
    stats.temporal = { min: String(row[`min${i}`]), max: String(row[`max${i}`]) };
  }
  if (column.storageType === 'VARCHAR') {
    stats.textLength = {
      min: Number(row[`lmin${i}`]),
      max: Number(row[`lmax${i}`]),
      mean: Number(row[`lmean${i}`]),
    };
    stats.withSpace = Number(row[`s${i}`]);
  }
  return stats;
}

function finiteOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

import { isNumericStorage, isNumericType, type ColumnType } from './column-types.js';
import { quoteIdentifier, type DuckDBSession } from './duckdb-session.js';
import type { SchemaColumn } from './infer-schema.js';

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  role: SchemaColumn['role'];
  /** Non-missing values. */
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  /** Whether distinct is exact (tables up to EXACT_MAX_ROWS rows) or a HyperLogLog estimate. */
  distinctExact: boolean;
  numeric?: {
    min: number;
    max: number;
    mean: number;
    /** Sample standard deviation (n − 1), as pandas and ydata-profiling report it. */
    std: number | null;
    /** Sample skewness with the n·√(n−1)/(n−2) correction, as pandas' skew(). */
    skewness: number | null;
    zeros: number;
    quantiles: { p05: number; p25: number; p50: number; p75: number; p95: number };
    histogram: HistogramBin[];
  };
  temporal?: { min: string; max: string };
  textLength?: { min: number; max: number; mean: number };
  /** Most frequent values, most frequent first (categorical and boolean columns). */
  topValues?: { value: string; count: number }[];
  /** Normalized Shannon entropy of the value counts, 1 = perfectly balanced (categorical and boolean). */
  balance?: number | null;
}

/** Up to this many rows, distinct counts and quantiles are exact; beyond, DuckDB's estimates. */
export const EXACT_MAX_ROWS = 1_000_000;
export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;
const MAX_COUNTED_CATEGORIES = 1000;

/** The SQL value a column is profiled as: its logical type, even when stored as text. */
export function valueSql(column: SchemaColumn): string {
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
  if (column.type === 'boolean' && column.storageType !== 'BOOLEAN')
    return `TRY_CAST(${ref} AS BOOLEAN)`;
  return ref;
}

/** Per-column statistics in one aggregate scan, then one grouped scan per histogram or top list. */
export async function profileColumns(
  session: DuckDBSession,
  table: string,
  rows: number,
  columns: SchemaColumn[],
): Promise<ColumnProfile[]> {
  const exact = rows <= EXACT_MAX_ROWS;
  const aggregates = columns.flatMap((column, i) => aggregateSql(column, i, exact));
  const [stats] = await session.rows<Record<string, unknown>>(
    `SELECT ${aggregates.join(', ')} FROM ${table}`,
  );
  const profiles: ColumnProfile[] = [];
  for (const [i, column] of columns.entries()) {
    const count = Number(stats![`n${i}`]);
    const profile: ColumnProfile = {
      name: column.name,
      type: column.type,
      role: column.role,
      count,
      missing: rows - count,
      missingShare: rows === 0 ? 0 : (rows - count) / rows,
      distinct: Math.min(Number(stats![`d${i}`]), count),
      distinctExact: exact,
    };
    if (isNumericType(column.type) && count > 0) {
      const min = Number(stats![`min${i}`]);
      const max = Number(stats![`max${i}`]);
      const q = (stats![`q${i}`] as number[]).map(Number);
      profile.numeric = {
        min,
        max,
        mean: Number(stats![`mean${i}`]),
        std: nullableNumber(stats![`std${i}`]),
        skewness: nullableNumber(stats![`skew${i}`]),
        zeros: Number(stats![`z${i}`]),
        quantiles: { p05: q[0]!, p25: q[1]!, p50: q[2]!, p75: q[3]!, p95: q[4]! },
        histogram: await histogram(session, table, column, min, max),
      };
    }
    if ((column.type === 'date' || column.type === 'datetime') && count > 0) {
      profile.temporal = { min: String(stats![`min${i}`]), max: String(stats![`max${i}`]) };
    }
    if (column.storageType === 'VARCHAR' && count > 0) {
      profile.textLength = {
        min: Number(stats![`lmin${i}`]),
        max: Number(stats![`lmax${i}`]),
        mean: Number(stats![`lmean${i}`]),
      };
    }
    if ((column.type === 'categorical' || column.type === 'boolean') && count > 0) {
      const counts = await valueCounts(session, table, column);
      profile.topValues = counts.slice(0, TOP_VALUES);
      profile.balance = normalizedEntropy(counts.map((entry) => entry.count));
    }
    profiles.push(profile);
  }
  return profiles;
}

function aggregateSql(column: SchemaColumn, i: number, exact: boolean): string[] {
  const value = valueSql(column);
  const parts = [
    `count(${value}) AS n${i}`,
    exact ? `count(DISTINCT ${value}) AS d${i}` : `approx_count_distinct(${value}) AS d${i}`,
  ];
  if (isNumericType(column.type)) {
    const quantile = exact ? 'quantile_cont' : 'approx_quantile';
    parts.push(
      `min(${value}) AS min${i}`,
      `max(${value}) AS max${i}`,
      `avg(${value}) AS mean${i}`,
      `stddev_samp(${value}) AS std${i}`,
      `skewness(${value}) AS skew${i}`,
      `count_if(${value} = 0) AS z${i}`,
      `${quantile}(${value}, [0.05, 0.25, 0.5, 0.75, 0.95]) AS q${i}`,
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
    );
  }
  return parts;
}

/**
 * Equal-width bins over [min, max]; whole numbers spanning at most HISTOGRAM_BINS values get one
 * bin per value so no bin straddles two integers. The last bin includes max.
 */
async function histogram(
  session: DuckDBSession,
  table: string,
  column: SchemaColumn,
  min: number,
  max: number,
): Promise<HistogramBin[]> {
  const perValue = column.type === 'integer' && max - min + 1 <= HISTOGRAM_BINS;
  const bins = perValue ? max - min + 1 : min === max ? 1 : HISTOGRAM_BINS;
  const width = perValue ? 1 : min === max ? 1 : (max - min) / bins;
  const value = valueSql(column);
  const counted = await session.rows<{ bin: number; count: number }>(
    `SELECT least(CAST(floor((${value} - ?) / ?) AS BIGINT), ?) AS bin, count(*) AS count
       FROM ${table} WHERE ${value} IS NOT NULL GROUP BY bin`,
    [min, width, bins - 1],
  );
  const counts = new Map(counted.map((row) => [Number(row.bin), Number(row.count)]));
  return Array.from({ length: bins }, (_, bin) => ({
    from: perValue ? min + bin : min + bin * width,
    to: perValue ? min + bin : bin === bins - 1 ? max : min + (bin + 1) * width,
    count: counts.get(bin) ?? 0,
  }));
}

async function valueCounts(
  session: DuckDBSession,
  table: string,
  column: SchemaColumn,
): Promise<{ value: string; count: number }[]> {
  const value = valueSql(column);
  const rows = await session.rows<{ value: string; count: number }>(
    `SELECT CAST(${value} AS VARCHAR) AS value, count(*) AS count FROM ${table}
      WHERE ${value} IS NOT NULL GROUP BY ALL ORDER BY count DESC, value LIMIT ${MAX_COUNTED_CATEGORIES}`,
  );
  return rows.map((row) => ({ value: row.value, count: Number(row.count) }));
}

/** Shannon entropy of the counts divided by log(k): 1 for equal classes, toward 0 for one dominant. */
export function normalizedEntropy(counts: number[]): number | null {
  if (counts.length < 2) return null;
  const total = counts.reduce((sum, count) => sum + count, 0);
  const entropy = counts.reduce((sum, count) => {
    const p = count / total;
    return p > 0 ? sum - p * Math.log(p) : sum;
  }, 0);
  return entropy / Math.log(counts.length);
}

function nullableNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

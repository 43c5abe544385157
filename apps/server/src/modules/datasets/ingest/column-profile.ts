import { reusableStats, scanTableStats, valueSql, type TableStats } from './column-stats.js';
import { isNumericType, type ColumnType } from './column-types.js';
import type { DuckDBSession } from './duckdb-session.js';
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
  /** Whether distinct is exact or a HyperLogLog estimate (see column-stats.ts). */
  distinctExact: boolean;
  /** Over finite values; nonFinite counts ±Infinity and NaN. */
  numeric?: {
    nonFinite: number;
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

export const HISTOGRAM_BINS = 20;
export const TOP_VALUES = 10;
const MAX_COUNTED_CATEGORIES = 1000;

/**
 * Column profiles from the table's aggregate stats (scanned here for columns whose overridden
 * type reads them differently), then one grouped scan per histogram or list of top values.
 */
export async function profileColumns(
  session: DuckDBSession,
  table: string,
  tableStats: TableStats,
  columns: SchemaColumn[],
): Promise<ColumnProfile[]> {
  const rescan = columns.filter((column) => !reusableStats(tableStats, column));
  const rescanned = rescan.length > 0 ? await scanTableStats(session, table, rescan, false) : null;
  const { rows } = tableStats;
  const profiles: ColumnProfile[] = [];
  for (const column of columns) {
    const stats = reusableStats(tableStats, column) ?? rescanned!.columns.get(column.name)!.stats;
    const { count } = stats;
    const profile: ColumnProfile = {
      name: column.name,
      type: column.type,
      role: column.role,
      count,
      missing: rows - count,
      missingShare: rows === 0 ? 0 : (rows - count) / rows,
      distinct: stats.distinct,
      distinctExact: stats.distinctExact,
    };
    if (isNumericType(column.type) && stats.numeric) {
      const { min, max } = stats.numeric;
      profile.numeric = {
        ...stats.numeric,
        histogram: await histogram(session, table, column, min, max),
      };
    }
    if ((column.type === 'date' || column.type === 'datetime') && stats.temporal) {
      profile.temporal = stats.temporal;
    }
    if (stats.textLength) profile.textLength = stats.textLength;
    if ((column.type === 'categorical' || column.type === 'boolean') && count > 0) {
      const counts = await valueCounts(session, table, column);
      profile.topValues = counts.slice(0, TOP_VALUES);
      profile.balance = normalizedEntropy(counts.map((entry) => entry.count));
    }
    profiles.push(profile);
  }
  return profiles;
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
       FROM ${table} WHERE isfinite(${value}) GROUP BY bin`,
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

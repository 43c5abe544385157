import type { DatasetPreview } from '@aistudio/contracts';
import { openDuckDB, type DuckDBLimits } from './ingest/index.js';
import { quoteLiteral } from './ingest/duckdb-session.js';

/**
 * Rows `offset .. offset + limit` of a canonical Parquet file, in file order, as JSON-safe
 * values. One small single-threaded DuckDB per call: a preview is cheap and must not compete
 * with ingest for memory.
 */
export async function readPreview(
  parquetPath: string,
  window: { readonly limit: number; readonly offset: number; readonly totalRows: number },
  limits: DuckDBLimits,
): Promise<DatasetPreview> {
  const session = await openDuckDB({ ...limits, threads: 1 });
  try {
    await session.run('SET preserve_insertion_order = true');
    const reader = await session.connection.runAndReadAll(
      `SELECT * FROM read_parquet(${quoteLiteral(parquetPath)}) LIMIT ${window.limit} OFFSET ${window.offset}`,
    );
    const names = reader.columnNames();
    const types = reader.columnTypes().map(String);
    return {
      columns: names.map((name, i) => ({ name, type: types[i]! })),
      rows: reader.getRowsJS().map((row) => row.map(jsonSafe)),
      offset: window.offset,
      totalRows: window.totalRows,
    };
  } finally {
    session.close();
  }
}

/** A value JSON can carry exactly: big integers as strings past 2^53, dates as ISO text. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}

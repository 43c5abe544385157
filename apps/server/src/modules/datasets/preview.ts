import type { DatasetPreview } from '@aistudio/contracts';
import { openDuckDB, type DuckDBLimits } from './ingest/index.js';
import { jsonSafeConverter } from './sql/json-safe-values.js';
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
      // The SQL endpoint's converter: dates stay dates, big integers become strings, no throws.
      rows: reader.convertRows(jsonSafeConverter),
      offset: window.offset,
      totalRows: window.totalRows,
    };
  } finally {
    session.close();
  }
}

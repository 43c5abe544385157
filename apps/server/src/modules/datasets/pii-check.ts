import { ColumnPiiScanner, type PiiScanReport } from '../governance/pii-scan.js';
import { quoteIdentifier, quoteLiteral } from './ingest/duckdb-session.js';
import { openDuckDB, type DuckDBLimits } from './ingest/index.js';

/** Rows of each column scanned for personal data; beyond this the scan is a prefix sample. */
export const PII_SCAN_MAX_ROWS = 5_000_000;

/**
 * Scans the text-like columns of a canonical Parquet file for personal data and copyright
 * notices, streaming DuckDB's chunks into constant-memory scanners (one pass over the file).
 */
export async function scanParquetForPii(
  parquetPath: string,
  columns: readonly { readonly name: string; readonly storageType: string }[],
  limits: DuckDBLimits,
): Promise<PiiScanReport> {
  // Card numbers hide in integer columns too; everything else personal is text.
  const scanned = columns.filter((c) => /^(VARCHAR|BIGINT|HUGEINT|UBIGINT)$/.test(c.storageType));
  if (scanned.length === 0) return { columns: [] };
  const scanners = scanned.map((c) => new ColumnPiiScanner(c.name));
  const session = await openDuckDB(limits);
  try {
    const select = scanned.map((c) => quoteIdentifier(c.name)).join(', ');
    const result = await session.connection.stream(
      `SELECT ${select} FROM read_parquet(${quoteLiteral(parquetPath)}) LIMIT ${PII_SCAN_MAX_ROWS}`,
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      scanners.forEach((scanner, i) => scanner.addAll(chunk.getColumnValues(i)));
    }
  } finally {
    session.close();
  }
  return { columns: scanners.map((s) => s.report()) };
}

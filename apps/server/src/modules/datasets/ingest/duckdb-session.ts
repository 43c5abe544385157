import { mkdir } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

/** Resource bounds for one DuckDB instance; an ingest job opens one and closes it when done. */
export interface DuckDBLimits {
  /** DuckDB memory_limit, e.g. '512MB'; larger intermediates spill to tempDirectory. */
  memoryLimit: string;
  /** Worker threads DuckDB may use. */
  threads: number;
  /** Where DuckDB spills; created when missing. */
  tempDirectory: string;
}

/** A private in-memory DuckDB with bounded memory, plus the small query helpers the ingest uses. */
export interface DuckDBSession {
  connection: DuckDBConnection;
  limits: DuckDBLimits;
  /** Rows as plain JS objects (bigint → number when safe, dates as ISO strings). */
  rows<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  run(sql: string, params?: DuckDBValue[]): Promise<void>;
  close(): void;
}

export async function openDuckDB(limits: DuckDBLimits): Promise<DuckDBSession> {
  await mkdir(limits.tempDirectory, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: limits.memoryLimit,
    threads: String(limits.threads),
    temp_directory: limits.tempDirectory,
    // Uploads must not reach the network or load code: the ingest only reads local files.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  return {
    connection,
    limits,
    async rows<T>(sql: string, params?: DuckDBValue[]) {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((row) => normalizeRow(row)) as T[];
    },
    async run(sql: string, params?: DuckDBValue[]) {
      await connection.run(sql, params);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

function normalizeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = normalizeValue(value);
  return out;
}

function normalizeValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalizeValue);
  return value;
}

/** A SQL identifier for any column name, including quotes and odd characters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal; only for file paths and options DuckDB does not accept as parameters. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  StatementType,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBPreparedStatement,
  type DuckDBResult,
} from '@duckdb/node-api';
import { ValidationError } from '../../../http/errors.js';
import {
  openDuckDB,
  quoteIdentifier,
  quoteLiteral,
  type DuckDBLimits,
  type DuckDBSession,
} from '../ingest/duckdb-session.js';
import { jsonSafeConverter, type JsonSafe } from './json-safe-values.js';
import { translateQueryError } from './sql-errors.js';

/** Bounds of one SQL query: DuckDB's memory, threads and spill, and the wall-clock limit. */
export interface SqlLimits extends DuckDBLimits {
  /** The query is interrupted after this many milliseconds. */
  timeoutMs: number;
  /** Most disk DuckDB may spill to (max_temp_directory_size), e.g. '2GB'. */
  maxSpill: string;
}

/** A table the query may read: a view named `name` over a local Parquet file. */
export interface MountedTable {
  name: string;
  parquetPath: string;
}

export interface SandboxPage {
  columns: { name: string; type: string }[];
  rows: JsonSafe[][];
  /** Where the next page starts, or null when this page holds the last row. */
  nextOffset: number | null;
}

/** A locked-down DuckDB for one query; `close` also removes its spill directory. */
export interface Sandbox {
  connection: DuckDBConnection;
  close(): Promise<void>;
}

/**
 * A private DuckDB whose only tables are views named after `tables`. It can read those Parquet
 * files and no other file, URL or extension, and cannot change its own settings: external access
 * is off except for exactly those paths, then the configuration is locked, before any view exists.
 */
export async function openSandbox(
  tables: readonly MountedTable[],
  limits: SqlLimits,
  /** The one file the sandbox may write: a saved result's Parquet. */
  outputPath?: string,
): Promise<Sandbox> {
  await mkdir(limits.tempDirectory, { recursive: true });
  const spillDir = await mkdtemp(path.join(limits.tempDirectory, 'sql-'));
  const close = async (session?: DuckDBSession) => {
    session?.close();
    await rm(spillDir, { recursive: true, force: true });
  };
  let session: DuckDBSession | undefined;
  try {
    session = await openDuckDB({ ...limits, tempDirectory: spillDir });
    // Pages are windows over one result; they must not shuffle between requests.
    await session.run('SET preserve_insertion_order = true');
    await session.run(`SET max_temp_directory_size = ${quoteLiteral(limits.maxSpill)}`);
    // Absolute: DuckDB matches allowed paths as written, and a data dir may be configured relative.
    const mounted = tables.map((t) => ({ name: t.name, file: path.resolve(t.parquetPath) }));
    const allowed = [
      ...mounted.map((t) => t.file),
      ...(outputPath ? [path.resolve(outputPath)] : []),
    ];
    const paths = allowed.map((file) => quoteLiteral(file)).join(', ');
    await session.run(`SET allowed_paths = [${paths}]`);
    await session.run('SET enable_external_access = false');
    await session.run('SET lock_configuration = true');
    for (const table of mounted) {
      await session.run(
        `CREATE VIEW ${quoteIdentifier(table.name)} AS SELECT * FROM read_parquet(${quoteLiteral(table.file)})`,
      );
    }
  } catch (error) {
    await close(session);
    throw error;
  }
  const opened = session;
  return { connection: opened.connection, close: () => close(opened) };
}

/**
 * Runs one SELECT (already accepted by inspectQuery) in a fresh sandbox over `tables` and
 * returns rows `offset .. offset + limit`, interrupting it after `limits.timeoutMs`.
 */
export async function runSandboxedQuery(
  request: { query: string; tables: readonly MountedTable[]; limit: number; offset: number },
  limits: SqlLimits,
): Promise<SandboxPage> {
  return withTimedSandbox(request, limits, undefined, async (connection, timedOut) => {
    const prepared = await connection.prepare(request.query);
    try {
      return await readPage(prepared, request, timedOut);
    } finally {
      prepared.destroySync();
    }
  });
}

/**
 * Runs one SELECT (already accepted by inspectQuery) in full, without a row cap, into a Parquet
 * file (zstd, rows in the query's order): same sandbox and timeout as a page. Returns the rows written.
 */
export async function copySandboxedQuery(
  request: { query: string; tables: readonly MountedTable[]; outputPath: string },
  limits: SqlLimits,
): Promise<number> {
  return withTimedSandbox(request, limits, request.outputPath, async (connection) => {
    const prepared = await connection.prepare(request.query);
    try {
      assertSelect(prepared);
    } finally {
      prepared.destroySync();
    }
    // The parser saw exactly one SELECT; a trailing `;` or line comment must not end the subquery.
    const select = request.query.trim().replace(/;+\s*$/, '');
    const reader = await connection.runAndReadAll(
      `COPY (\n${select}\n) TO ${quoteLiteral(path.resolve(request.outputPath))} (FORMAT parquet, COMPRESSION zstd)`,
    );
    return Number(reader.getRows()[0]?.[0] ?? 0);
  });
}

/** Opens the sandbox, interrupts `work` after `limits.timeoutMs`, and says why a query failed. */
async function withTimedSandbox<T>(
  request: { tables: readonly MountedTable[] },
  limits: SqlLimits,
  outputPath: string | undefined,
  work: (connection: DuckDBConnection, timedOut: () => boolean) => Promise<T>,
): Promise<T> {
  // Failures to open (a broken file of ours) are not the query's fault: they stay 500s.
  const sandbox = await openSandbox(request.tables, limits, outputPath);
  const { connection } = sandbox;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, limits.timeoutMs);
  try {
    return await work(connection, () => timedOut);
  } catch (error) {
    const hide = new Map(request.tables.map((t) => [path.resolve(t.parquetPath), t.name]));
    if (outputPath) hide.set(path.resolve(outputPath), 'the saved result');
    throw translateQueryError(error, { timedOut, timeoutMs: limits.timeoutMs, hide });
  } finally {
    clearTimeout(timer);
    await sandbox.close();
  }
}

function assertSelect(prepared: DuckDBPreparedStatement): void {
  // Defence in depth: the parser already said SELECT; the binder must agree.
  if (prepared.statementType !== StatementType.SELECT) {
    throw ValidationError.field('query', 'only a read-only SELECT can run here');
  }
}

async function readPage(
  prepared: DuckDBPreparedStatement,
  request: { limit: number; offset: number },
  timedOut: () => boolean,
): Promise<SandboxPage> {
  assertSelect(prepared);
  const result = await prepared.stream();
  const columns = result
    .columnNames()
    .map((name, i) => ({ name, type: result.columnType(i).toString() }));
  // One row past the page says whether another page follows.
  const rows = await readRows(result, request.offset, request.limit + 1, timedOut);
  const more = rows.length > request.limit;
  return {
    columns,
    rows: more ? rows.slice(0, request.limit) : rows,
    nextOffset: more ? request.offset + request.limit : null,
  };
}

/** Streams chunks, skipping `skip` rows and converting at most `take`: memory holds one page. */
async function readRows(
  result: DuckDBResult,
  skip: number,
  take: number,
  timedOut: () => boolean,
): Promise<JsonSafe[][]> {
  const rows: JsonSafe[][] = [];
  let toSkip = skip;
  while (rows.length < take) {
    const chunk: DuckDBDataChunk | null = await result.fetchChunk();
    // An interrupt that lands between chunks ends the stream early rather than failing it.
    if (timedOut()) throw new Error('INTERRUPT Error: Interrupted!');
    if (!chunk || chunk.rowCount === 0) break;
    const first = Math.min(toSkip, chunk.rowCount);
    toSkip -= first;
    for (let i = first; i < chunk.rowCount && rows.length < take; i++) {
      rows.push(chunk.convertRowValues(i, jsonSafeConverter) as JsonSafe[]);
    }
  }
  return rows;
}

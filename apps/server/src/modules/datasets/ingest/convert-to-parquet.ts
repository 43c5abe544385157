import { rename, rm, stat } from 'node:fs/promises';
import { loadArrowIpc } from './arrow-ipc.js';
import { CSV_MISSING_MARKERS, sniffCsvDialect, type CsvDialect } from './csv-dialect.js';
import { detectFormat, type TextEncoding } from './detect-format.js';
import { quoteIdentifier, quoteLiteral, type DuckDBSession } from './duckdb-session.js';
import { translateReadError } from './duckdb-errors.js';
import { IngestError } from './ingest-error.js';
import type { SourceFormat } from './source-format.js';
import { assertLineLengths } from './line-length.js';
import { isReadableAsUtf8, transcodeToUtf8 } from './transcode.js';

export type { SourceFormat } from './source-format.js';

export interface ConvertOptions {
  /** Longest accepted CSV line or JSON-lines record, in bytes (DuckDB's max_line_size for CSV). */
  maxLineBytes?: number;
  /** Rows DuckDB samples to choose CSV column types; a later misfit triggers one full-file retry. */
  csvSampleRows?: number;
}

/** What the canonical Parquet holds and how the upload was read. */
export interface CanonicalTable {
  format: SourceFormat;
  encoding: TextEncoding | null;
  dialect: CsvDialect | null;
  rows: number;
  columns: { name: string; duckdbType: string; nestedAsJson: boolean }[];
  parquetBytes: number;
}

// Arrow IPC is decoded in TypeScript into this table first (DuckDB has no Arrow reader here).
const ARROW_TABLE = 'arrow_upload';
const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;
// Objects and lists inside records are kept as JSON text: one column per top-level field keeps the
// schema predictable, and nothing is lost (DuckDB SQL can still reach inside with ->>).
const NESTED_TYPE = /^(STRUCT|MAP|UNION)\(|\[\d*\]$/;
const HUGE_INTEGER = /^U?HUGEINT$/;
// Types Parquet or the profile cannot carry faithfully become text.
const TEXT_TYPES = /^(UUID|INTERVAL|BIT|TIME|TIME WITH TIME ZONE|JSON)$/;

/**
 * Reads an upload (format sniffed from its bytes) with DuckDB and writes it as zstd Parquet at
 * outputPath. The output appears only when complete: it is written beside it and renamed.
 */
export async function convertToCanonicalParquet(
  session: DuckDBSession,
  sourcePath: string,
  outputPath: string,
  options: ConvertOptions = {},
): Promise<CanonicalTable> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const detected = await detectFormat(sourcePath);
  const partialPath = `${outputPath}.partial`;
  const utf8Path = `${outputPath}.utf8.partial`;
  try {
    let readPath = sourcePath;
    const encoding = 'encoding' in detected ? detected.encoding : null;
    if (encoding && !isReadableAsUtf8(encoding)) {
      await transcodeToUtf8(sourcePath, utf8Path, encoding as 'utf-16le' | 'utf-16be' | 'latin1');
      readPath = utf8Path;
    }
    if (detected.kind === 'jsonl') await assertLineLengths(readPath, maxLineBytes);
    const dialect =
      detected.kind === 'csv' ? sniffCsvDialect(detected.sample, detected.wholeFile) : null;
    const source = { kind: detected.kind, path: readPath, dialect, maxLineBytes };
    const sampleRows = options.csvSampleRows ?? 20_480;
    let written: { rows: number; columns: CanonicalTable['columns'] };
    try {
      if (detected.kind === 'arrow') await loadArrowIpc(session, readPath, ARROW_TABLE);
      written = await copyToParquet(session, source, sampleRows, partialPath);
    } catch (error) {
      const failure = translateReadError(error, detected.kind);
      // DuckDB's line number for an overlong line is not the physical line: find that one.
      if (failure.failure === 'line_too_long') await assertLineLengths(readPath, maxLineBytes);
      // The sampled types did not fit a later row: choose types from the whole file once.
      if (failure.failure !== 'type_conversion' || detected.kind !== 'csv') throw failure;
      written = await copyToParquet(session, source, -1, partialPath).catch((retry: unknown) => {
        throw translateReadError(retry, 'csv');
      });
    }
    await rename(partialPath, outputPath);
    return {
      format: detected.kind,
      encoding,
      dialect,
      ...written,
      parquetBytes: (await stat(outputPath)).size,
    };
  } finally {
    if (detected.kind === 'arrow') await session.run(`DROP TABLE IF EXISTS ${ARROW_TABLE}`);
    await rm(partialPath, { force: true });
    await rm(utf8Path, { force: true });
  }
}

interface Source {
  kind: SourceFormat;
  path: string;
  dialect: CsvDialect | null;
  maxLineBytes: number;
}

async function copyToParquet(
  session: DuckDBSession,
  source: Source,
  sampleRows: number,
  targetPath: string,
): Promise<{ rows: number; columns: CanonicalTable['columns'] }> {
  let from = readExpression(source, sampleRows);
  let described: { column_name: string; column_type: string }[];
  try {
    described = await session.rows(`DESCRIBE SELECT * FROM ${from}`);
  } catch (error) {
    // DuckDB's type sniffer gives up on a ragged sample; read as text so the strict reader
    // reports the exact line and field counts instead.
    if (source.kind !== 'csv' || !/sniffing file/.test(String(error))) throw error;
    from = readCsvAsText(source);
    described = await session.rows(`DESCRIBE SELECT * FROM ${from}`);
  }
  if (described.length === 0) throw new IngestError('no_columns', 'the file has no columns');
  const columns = described.map(({ column_name: name, column_type: type }) => ({
    name,
    duckdbType: type,
    nestedAsJson: NESTED_TYPE.test(type),
  }));
  const select = columns.map(({ name, duckdbType, nestedAsJson }) => {
    const column = quoteIdentifier(name);
    if (nestedAsJson) return `CAST(to_json(${column}) AS VARCHAR) AS ${column}`;
    if (TEXT_TYPES.test(duckdbType)) return `CAST(${column} AS VARCHAR) AS ${column}`;
    // Parquet has no 128-bit integer (DuckDB would write DOUBLE); DuckDB's JSON reader picks
    // HUGEINT for plain small integers. A value past int64 fails the cast, and so the ingest.
    if (HUGE_INTEGER.test(duckdbType)) return `CAST(${column} AS BIGINT) AS ${column}`;
    return column;
  });
  // Row order is kept, so with several threads DuckDB buffers out-of-order batches, and not within
  // memory_limit (peak RSS 960 MB against 405 MB with one thread on a 1 GiB CSV). One thread keeps
  // memory bounded; all threads are used when even a fully buffered table fits comfortably.
  const threads =
    (await estimateDecodedBytes(session, source, from, columns.length)) <=
    parseByteSize(session.limits.memoryLimit) / 2
      ? session.limits.threads
      : 1;
  await session.run(`SET threads = ${threads}`);
  let result: { Count: number }[];
  try {
    result = await session.rows<{ Count: number }>(
      `COPY (SELECT ${select.join(', ')} FROM ${from}) TO ${quoteLiteral(targetPath)} ` +
        '(FORMAT parquet, COMPRESSION zstd)',
    );
  } finally {
    await session.run(`SET threads = ${session.limits.threads}`);
  }
  // Report the types as stored: Parquet is the canonical form every later step reads.
  const stored = await session.rows<{ column_type: string }>(
    `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(targetPath)})`,
  );
  return {
    rows: Number(result[0]?.Count ?? 0),
    columns: columns.map((column, i) => ({ ...column, duckdbType: stored[i]!.column_type })),
  };
}

/**
 * A generous guess at the table's size in DuckDB's memory: text formats at twice the file size,
 * Parquet (compressed and dictionary-encoded, so its file size says little) at 16 bytes per value,
 * the size of a DuckDB string slot.
 */
async function estimateDecodedBytes(
  session: DuckDBSession,
  source: Source,
  from: string,
  numColumns: number,
): Promise<number> {
  if (source.kind === 'parquet' || source.kind === 'arrow') {
    const [{ rows }] = (await session.rows<{ rows: number }>(
      `SELECT count(*) AS rows FROM ${from}`,
    )) as [{ rows: number }];
    return Number(rows) * numColumns * 16;
  }
  return (await stat(source.path)).size * 2;
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Bytes in a DuckDB size setting such as '512MB' or '1 GiB' (DuckDB's units: KB = 1000). */
export function parseByteSize(size: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  const unit = BYTE_UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined) throw new Error(`not a byte size: ${size}`);
  return Number(match[1]) * unit;
}

function readExpression(source: Source, sampleRows: number): string {
  const path = quoteLiteral(source.path);
  switch (source.kind) {
    case 'arrow':
      return ARROW_TABLE;
    case 'parquet':
      return `read_parquet(${path})`;
    case 'json':
      return `read_json(${path}, format = 'array', records = 'true')`;
    case 'jsonl':
      return `read_json(${path}, format = 'newline_delimited', records = 'true')`;
    case 'csv':
      return `read_csv(${path}, ${csvDialectOptions(source)}, names = ${namesList(source.dialect!)}, sample_size = ${sampleRows})`;
  }
}

function readCsvAsText(source: Source): string {
  const columns = source.dialect!.names.map((name) => `${quoteLiteral(name)}: 'VARCHAR'`);
  return `read_csv(${quoteLiteral(source.path)}, ${csvDialectOptions(source)}, auto_detect = false, columns = {${columns.join(', ')}})`;
}

function csvDialectOptions(source: Source): string {
  const { delimiter, quote, header } = source.dialect!;
  return [
    `delim = ${quoteLiteral(delimiter)}`,
    `quote = ${quoteLiteral(quote)}`,
    `escape = ${quoteLiteral(quote)}`,
    `header = ${header}`,
    `comment = ''`,
    'strict_mode = true',
    'null_padding = false',
    `nullstr = [${CSV_MISSING_MARKERS.map(quoteLiteral).join(', ')}]`,
    `max_line_size = ${source.maxLineBytes}`,
  ].join(', ');
}

function namesList(dialect: CsvDialect): string {
  return `[${dialect.names.map(quoteLiteral).join(', ')}]`;
}

import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { quoteIdentifier, quoteLiteral } from './ingest/duckdb-session.js';
import { openDuckDB, type DuckDBLimits } from './ingest/index.js';

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = '^[=+\\-@\\t\\r]';

/**
 * Writes a canonical Parquet file as CSV with a header, every text cell that a spreadsheet would
 * read as a formula prefixed with a single quote, and returns a stream of it; the scratch file is
 * removed once the stream closes.
 */
export async function parquetAsSafeCsv(
  parquetPath: string,
  limits: DuckDBLimits,
): Promise<Readable> {
  await mkdir(limits.tempDirectory, { recursive: true });
  const scratch = await mkdtemp(path.join(limits.tempDirectory, 'csv-'));
  const csvPath = path.join(scratch, 'data.csv');
  const session = await openDuckDB({ ...limits, tempDirectory: scratch });
  try {
    await session.run('SET preserve_insertion_order = true');
    const source = `read_parquet(${quoteLiteral(parquetPath)})`;
    const columns = await session.rows<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM ${source}`,
    );
    const select = columns
      .map(({ column_name: name, column_type: type }) => {
        const column = quoteIdentifier(name);
        // The header is a cell too.
        const header = quoteIdentifier(new RegExp(FORMULA_START).test(name) ? `'${name}` : name);
        if (type !== 'VARCHAR') return `${column} AS ${header}`;
        return `CASE WHEN regexp_matches(${column}, '${FORMULA_START}') THEN '''' || ${column} ELSE ${column} END AS ${header}`;
      })
      .join(', ');
    await session.run(
      `COPY (SELECT ${select} FROM ${source}) TO ${quoteLiteral(csvPath)} (FORMAT csv, HEADER true)`,
    );
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  } finally {
    session.close();
  }
  const stream = createReadStream(csvPath);
  stream.once('close', () => void rm(scratch, { recursive: true, force: true }));
  return stream;
}

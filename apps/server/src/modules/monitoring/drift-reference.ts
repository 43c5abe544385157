import {
  openDuckDB,
  quoteIdentifier,
  quoteLiteral,
  type DuckDBLimits,
} from '../datasets/ingest/duckdb-session.js';

/** A model input as the drift check compares it. */
export interface DriftInput {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
}

/** A reproducible sample of the reference rows and the inputs the Parquet file lacks. */
export interface ReferenceSample {
  rows: Record<string, unknown>[];
  totalRows: number;
  missing: string[];
}

// Same seed every time: two checks against the same reference compare the same sample.
const SAMPLE_SEED = 7;

/**
 * At most `maxRows` rows of a version's canonical Parquet (a seeded reservoir sample when there are
 * more), numbers as doubles and everything else as text, as the model reads them.
 */
export async function readReferenceSample(
  parquetPath: string,
  inputs: readonly DriftInput[],
  maxRows: number,
  limits: DuckDBLimits,
): Promise<ReferenceSample> {
  // One thread: a seeded reservoir sample is only repeatable single-threaded.
  const session = await openDuckDB({ ...limits, threads: 1 });
  try {
    const source = `read_parquet(${quoteLiteral(parquetPath)})`;
    const present = new Set(
      (await session.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM ${source}`)).map(
        (row) => row.column_name,
      ),
    );
    const [{ total }] = (await session.rows<{ total: number }>(
      `SELECT count(*)::DOUBLE AS total FROM ${source}`,
    )) as [{ total: number }];
    const read = inputs.filter((input) => present.has(input.name));
    const missing = inputs.filter((input) => !present.has(input.name)).map((input) => input.name);
    if (read.length === 0) return { rows: [], totalRows: total, missing };
    const selects = read.map((input) => {
      const name = quoteIdentifier(input.name);
      const value =
        input.kind === 'numeric' ? `TRY_CAST(${name} AS DOUBLE)` : `CAST(${name} AS VARCHAR)`;
      return `${value} AS ${name}`;
    });
    const sample =
      total > maxRows ? ` USING SAMPLE reservoir(${maxRows} ROWS) REPEATABLE (${SAMPLE_SEED})` : '';
    const rows = await session.rows(`SELECT ${selects.join(', ')} FROM ${source}${sample}`);
    return { rows, totalRows: total, missing };
  } finally {
    session.close();
  }
}

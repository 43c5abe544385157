// The training bench's input files: a flights table cut from vega-datasets' flights-3m.parquet
// and the Palmer penguins as CSV (both ship in node_modules/vega-datasets).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FLIGHTS_3M = path.join(root, 'node_modules/vega-datasets/data/flights-3m.parquet');
const PENGUINS = path.join(root, 'node_modules/vega-datasets/data/penguins.json');

/** The flights columns the runs train on; `late` (delay > 15 min) is the binary target. */
export const FLIGHTS_FEATURES = ['hour', 'weekday', 'month', 'distance', 'origin', 'destination'];
export const FLIGHTS_TARGET = 'late';

/**
 * Writes the first `rows` flights as Parquet with a few features and a binary target. The time
 * parts are precomputed so the runs and the engine-alone case read numbers, not timestamps.
 */
export async function writeFlightsParquet(outPath, rows) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (
         SELECT CAST(hour(date) AS INTEGER) AS hour,
                CAST(isodow(date) AS INTEGER) AS weekday,
                CAST(month(date) AS INTEGER) AS month,
                distance, origin, destination,
                CASE WHEN delay > 15 THEN 'late' ELSE 'on time' END AS late
         FROM read_parquet('${FLIGHTS_3M.replaceAll("'", "''")}')
         LIMIT ${Number(rows)}
       ) TO '${outPath.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * Palmer penguins (CC0-1.0) as CSV: 344 rows, 7 columns. `rotation` starts the rows elsewhere, so
 * each repetition uploads new bytes (an upload of identical bytes is recognised as a duplicate).
 */
export function penguinsCsv(rotation = 0) {
  const records = JSON.parse(readFileSync(PENGUINS, 'utf8'));
  const header = Object.keys(records[0]);
  const field = (value) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const shift = rotation % records.length;
  const rotated = [...records.slice(shift), ...records.slice(0, shift)];
  const lines = [header, ...rotated.map((record) => header.map((key) => record[key]))];
  return lines.map((line) => line.map(field).join(',')).join('\n') + '\n';
}

/** Writes the penguins CSV for `rotation` to `outPath`. */
export function writePenguinsCsv(outPath, rotation = 0) {
  writeFileSync(outPath, penguinsCsv(rotation));
}

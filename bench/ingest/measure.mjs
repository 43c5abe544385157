// One measured case in its own process, so peak RSS (VmHWM) belongs to that case alone.
// Usage: node bench/ingest/measure.mjs <duckdb-summarize|ingest-profile> <file> <scratch dir>
// Prints one JSON line: { seconds, peakRssMB, detail }.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ingest = await import(
  pathToFileURL(path.join(root, 'apps/server/dist/modules/datasets/ingest/index.js')).href
);
const [mode, file, scratch] = process.argv.slice(2);
const limits = {
  memoryLimit: process.env.BENCH_MEMORY_LIMIT ?? '512MB',
  threads: Number(process.env.BENCH_THREADS ?? 2),
  tempDirectory: path.join(scratch, 'spill'),
};

function peakRssMB() {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

const started = process.hrtime.bigint();
let detail;
if (mode === 'duckdb-summarize') {
  const session = await ingest.openDuckDB(limits);
  // DuckDB picks the reader from the extension (.csv → read_csv, .parquet → read_parquet).
  const rows = await session.rows(`SUMMARIZE SELECT * FROM '${file.replaceAll("'", "''")}'`);
  session.close();
  detail = { summarizedColumns: rows.length };
} else {
  const result = await ingest.ingestUpload({
    sourcePath: file,
    outputPath: path.join(scratch, 'canonical.parquet'),
    limits,
  });
  detail = {
    rows: result.table.rows,
    parquetMB: Math.round(result.table.parquetBytes / 1024 / 1024),
    types: Object.fromEntries(result.schema.columns.map((c) => [c.name, c.type])),
    alerts: result.profile.alerts.length,
    quality: result.profile.quality.score,
  };
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, peakRssMB: Math.round(peakRssMB()), detail }));

// Ingest bench (issue 4, Measure): ingest + profile of a generated CSV (default 1 GiB) against
// DuckDB alone running SUMMARIZE on the same file in the same run, each case in its own process
// with the same DuckDB limits. Writes bench/results/ingest.json. Build first (`npm run build`).
// BENCH_INGEST_MB sets the CSV size; BENCH_ROUNDS the rounds (cases alternate; median reported).
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFlightsCsv } from './generate-csv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEGABYTES = Number(process.env.BENCH_INGEST_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
if (!existsSync(path.join(root, 'apps/server/dist/modules/datasets/ingest/index.js'))) {
  throw new Error('build the server first: npm run build');
}

const work = mkdtempSync(path.join(tmpdir(), 'aistudio-bench-ingest-'));
try {
  const csv = path.join(work, 'flights.csv');
  console.log(`generating a ${MEGABYTES} MB CSV in ${work} …`);
  const generated = await generateFlightsCsv(csv, MEGABYTES);
  const bytes = statSync(csv).size;
  // Both cases read the file from the page cache: stream it once before measuring.
  for await (const _chunk of createReadStream(csv, { highWaterMark: 1 << 22 }));

  const runs = { 'duckdb-summarize': [], 'ingest-profile': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of Object.keys(runs)) {
      const scratch = mkdtempSync(path.join(work, `${mode}-`));
      const output = execFileSync(
        'node',
        [path.join(root, 'bench/ingest/measure.mjs'), mode, csv, scratch],
        {
          cwd: root,
          encoding: 'utf8',
          env: process.env,
        },
      );
      rmSync(scratch, { recursive: true, force: true });
      const result = JSON.parse(output.trim().split('\n').at(-1));
      console.log(mode, JSON.stringify(result));
      runs[mode].push(result);
    }
  }
  const median = (results) =>
    [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)];
  const summarize = median(runs['duckdb-summarize']);
  const ingest = median(runs['ingest-profile']);
  const mbPerSecond = (seconds) => Math.round((bytes / 1024 / 1024 / seconds) * 10) / 10;
  const report = {
    bench: 'ingest',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    limits: {
      memoryLimit: process.env.BENCH_MEMORY_LIMIT ?? '512MB',
      threads: Number(process.env.BENCH_THREADS ?? 2),
    },
    note:
      'flights-3m.parquet (vega-datasets) is not available here (no network, package not installed), so only the generated CSV is measured. ' +
      "Each case runs in its own process; peak RSS is that process's VmHWM. Ingest = detect + canonical zstd Parquet + schema inference + profile (stats, histograms, top values, correlations, duplicates, alerts, quality).",
    file: {
      kind: 'generated flights-like CSV',
      megabytes: Math.round(bytes / 1024 / 1024),
      rows: generated.rows,
      columns: 10,
    },
    cases: {
      duckdbSummarize: {
        seconds: round2(summarize.seconds),
        mbPerSecond: mbPerSecond(summarize.seconds),
        peakRssMB: summarize.peakRssMB,
        rounds: runs['duckdb-summarize'].map((r) => round2(r.seconds)),
      },
      ingestProfile: {
        seconds: round2(ingest.seconds),
        mbPerSecond: mbPerSecond(ingest.seconds),
        peakRssMB: ingest.peakRssMB,
        rounds: runs['ingest-profile'].map((r) => round2(r.seconds)),
        detail: ingest.detail,
      },
    },
    ratioToDuckDB: round2(ingest.seconds / summarize.seconds),
    targets: { ratioAtMost: 1.5, peakRssMBBelow: 1024 },
  };
  const out = path.join(root, 'bench/results/ingest.json');
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`ratio ${report.ratioToDuckDB}x; wrote ${path.relative(root, out)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function round2(value) {
  return Math.round(value * 100) / 100;
}

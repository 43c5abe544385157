// Ingest bench (issue 4, Measure): ingest + profile against DuckDB alone running SUMMARIZE on the
// same file in the same run, each case in its own process with the same DuckDB limits, on
// flights-3m.parquet (vega-datasets) and on a generated CSV (default 1 GiB). Writes
// bench/results/ingest.json. Build first (`npm run build`).
// BENCH_INGEST_MB sets the CSV size; BENCH_ROUNDS the rounds (cases alternate; medians reported,
// peak RSS is the largest seen).
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFlightsCsv } from './generate-csv.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEGABYTES = Number(process.env.BENCH_INGEST_MB ?? 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const LIMITS = {
  memoryLimit: process.env.BENCH_MEMORY_LIMIT ?? '512MB',
  threads: Number(process.env.BENCH_THREADS ?? 2),
};
const FLIGHTS_3M = path.join(root, 'node_modules/vega-datasets/data/flights-3m.parquet');
if (!existsSync(path.join(root, 'apps/server/dist/modules/datasets/ingest/index.js'))) {
  throw new Error('build the server first: npm run build');
}

const round2 = (value) => Math.round(value * 100) / 100;
/** The middle value (the mean of the two middle ones for an even count). */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Both cases on one file, alternating over the rounds; the median round of each. */
async function measure(file, work) {
  // Both cases read the file from the page cache: stream it once before measuring.
  for await (const _chunk of createReadStream(file, { highWaterMark: 1 << 22 }));
  const runs = { 'duckdb-summarize': [], 'ingest-profile': [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of Object.keys(runs)) {
      const scratch = mkdtempSync(path.join(work, `${mode}-`));
      const output = execFileSync(
        'node',
        [path.join(root, 'bench/ingest/measure.mjs'), mode, file, scratch],
        { cwd: root, encoding: 'utf8', env: process.env },
      );
      rmSync(scratch, { recursive: true, force: true });
      const result = JSON.parse(output.trim().split('\n').at(-1));
      console.log(path.basename(file), mode, JSON.stringify(result));
      runs[mode].push(result);
    }
  }
  const megabytes = statSync(file).size / 1024 / 1024;
  const report = (all) => {
    const seconds = median(all.map((run) => run.seconds));
    return {
      seconds: round2(seconds),
      mbPerSecond: round2(megabytes / seconds),
      peakRssMB: Math.max(...all.map((run) => run.peakRssMB)),
      rounds: all.map((run) => round2(run.seconds)),
    };
  };
  // Each round runs both cases back to back, so its ratio sees the same machine load.
  const ratios = runs['ingest-profile'].map(
    (run, i) => run.seconds / runs['duckdb-summarize'][i].seconds,
  );
  return {
    megabytes: round2(megabytes),
    rows: runs['ingest-profile'][0].detail.rows,
    duckdbSummarize: report(runs['duckdb-summarize']),
    ingestProfile: { ...report(runs['ingest-profile']), detail: runs['ingest-profile'][0].detail },
    ratioToDuckDB: round2(median(ratios)),
    ratioPerRound: ratios.map(round2),
  };
}

const loadBefore = loadavg().map(round2);
const work = mkdtempSync(path.join(tmpdir(), 'aistudio-bench-ingest-'));
try {
  const inputs = {};
  if (existsSync(FLIGHTS_3M)) inputs['flights-3m.parquet'] = await measure(FLIGHTS_3M, work);
  else inputs['flights-3m.parquet'] = { skipped: 'vega-datasets is not installed' };
  const csv = path.join(work, 'flights.csv');
  console.log(`generating a ${MEGABYTES} MB CSV in ${work} …`);
  await generateFlightsCsv(csv, MEGABYTES);
  inputs[`generated-${MEGABYTES}mb.csv`] = await measure(csv, work);
  const report = {
    bench: 'ingest',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      // The machine is shared: one-minute load average before and after the run.
      loadAverage: { before: loadBefore[0], after: round2(loadavg()[0]) },
    },
    limits: LIMITS,
    note:
      'Each case runs in its own process with the same DuckDB memory_limit and threads; peak RSS is ' +
      "that process's VmHWM. ingestProfile = content sniffing + canonical zstd Parquet + schema " +
      'inference + profile (stats, quantiles, histograms, top values, Pearson/Spearman/Cramér’s V, ' +
      'duplicate rows, alerts, quality score). duckdbSummarize = SUMMARIZE SELECT * FROM the file. ' +
      'The generated CSV is flights-like (10 columns: ids, dates, categorical airports, skewed ' +
      'delays, booleans, free text). The machine is shared: rounds alternate the two cases.',
    inputs,
    targets: { ratioAtMost: 1.5, peakRssMBBelowForTheCsv: 1024 },
  };
  const out = path.join(root, 'bench/results/ingest.json');
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

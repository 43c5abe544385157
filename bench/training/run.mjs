// Training bench (issue 5, Measure), side by side in one run:
//   1. job-system overhead: a 1M-row GBDT as a run on an embedded `aistudio serve` vs the engine's
//      train() alone in a plain Node process (same rows, params and model);
//   2. penguins upload -> ingest `ready` -> GBDT run `succeeded`, embedded (median, p90);
//   3. runs, and a sweep's trials, per minute with 1 and 2 `aistudio worker` processes on
//      PostgreSQL;
//   4. estimate error of every measured run.
// Writes bench/results/training.json. Build first (`npm run build`): the processes run the CLI.
// Env: BENCH_TRAINING_ROWS (training rows of case 1, default 1,000,000), BENCH_REPETITIONS
// (case 2, default 5), BENCH_TRAINING_RUNS (runs and sweep trials per worker count, default 12),
// BENCH_DATABASE_URL (PostgreSQL admin URL, default postgres://postgres@127.0.0.1:5432/postgres;
// "skip" skips case 3), REDIS_URL (case 3 queues through BullMQ when set), BENCH_TRAINING_CASES
// (comma-separated, default all: jobOverhead, uploadToRun, workerThroughput; the cases not run are
// kept from the existing results file, each with the date and commit it was measured at).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureJobOverhead } from './job-overhead.mjs';
import { StudioClient } from './studio-client.mjs';
import { startServe } from './studio-processes.mjs';
import { loadAverage, summarizeErrors } from './stats.mjs';
import { measureUploadToRun } from './upload-to-run.mjs';
import { measureWorkerThroughput } from './worker-throughput.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TRAINING_ROWS = Number(process.env.BENCH_TRAINING_ROWS ?? 1_000_000);
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);
const RUNS = Number(process.env.BENCH_TRAINING_RUNS ?? 12);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CASES = ['jobOverhead', 'uploadToRun', 'workerThroughput'];
const selected = process.env.BENCH_TRAINING_CASES?.split(',').map((name) => name.trim()) ?? CASES;
const unknown = selected.filter((name) => !CASES.includes(name));
if (unknown.length > 0) throw new Error(`unknown cases ${unknown.join(', ')}; known: ${CASES}`);
const runs = (name) => selected.includes(name);
if (!existsSync(path.join(root, 'apps/cli/dist/main.js'))) {
  throw new Error('build first: npm run build');
}

const startedAt = new Date();
const loadBefore = loadAverage();
const work = mkdtempSync(path.join(tmpdir(), 'aistudio-bench-training-'));
const results = {};
try {
  if (runs('jobOverhead') || runs('uploadToRun')) {
    const embedded = await startServe({
      dataDir: path.join(work, 'embedded'),
      // The bench polls versions and runs often; it measures training, not the rate limiter.
      env: { RATE_LIMIT_API_PER_MINUTE: '100000000', DATABASE_URL: '', REDIS_URL: '' },
    });
    try {
      const client = new StudioClient(embedded.value);
      await client.setUp();
      if (runs('jobOverhead')) {
        results.jobOverhead = await measureJobOverhead({
          client,
          serverPid: embedded.pid,
          work,
          trainingRows: TRAINING_ROWS,
        });
      }
      if (runs('uploadToRun')) {
        results.uploadToRun = await measureUploadToRun({ client, work, repetitions: REPETITIONS });
      }
    } finally {
      await embedded.stop();
    }
  }
  if (runs('workerThroughput')) {
    results.workerThroughput =
      ADMIN_URL === 'skip'
        ? { skipped: 'BENCH_DATABASE_URL=skip' }
        : await measureWorkerThroughput({
            work,
            adminUrl: ADMIN_URL,
            redisUrl: process.env.REDIS_URL || null,
            runs: RUNS,
          });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const out = path.join(root, 'bench/results/training.json');
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
  cwd: root,
  encoding: 'utf8',
}).trim();
const measuredNow = { date: startedAt.toISOString(), commit };
for (const name of Object.keys(results))
  results[name] = { measured: measuredNow, ...results[name] };
// Cases not run this time keep their earlier figures, marked with when they were measured.
const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
for (const name of CASES.filter((name) => !runs(name) && previous[name])) {
  const { date, commit: previousCommit } = previous;
  results[name] = { measured: { date, commit: previousCommit }, ...previous[name] };
}

const report = {
  bench: 'training',
  date: startedAt.toISOString(),
  commit,
  cases: { measured: selected, keptFromEarlier: CASES.filter((name) => !runs(name)) },
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    // The machine is shared: 1-, 5- and 15-minute load averages around the whole bench.
    loadAverage: { before: loadBefore, after: loadAverage() },
  },
  notes: [
    'Embedded cases: one `aistudio serve` on a temp data dir (PGlite, in-process queue, one ' +
      'training thread on 2 cores), driven over HTTP; the run is followed over its SSE stream.',
    'jobOverhead.run.phasesMs are stamped when each event reached the client (a log line, which ' +
      'marks a phase, is written at once): createRequest = POST until 202; queueAndClaim = until the ' +
      '`running` state; threadStartReadAndSplit = compute thread, DuckDB read of the Parquet, ' +
      'holdout split; train = train() with progress events and checkpoints; ' +
      'evaluateExportAndStore = evaluation on the held-out rows, ONNX export, model JSON and ' +
      'artifacts written, final state.',
    'Engine alone: a plain Node process does the work of a run with the server code, phase by ' +
      'phase: read and split the same Parquet, train(), evaluate on the held-out rows, export ' +
      'ONNX and the model JSON. It runs just before and just after the run; the mean of the two ' +
      'is the reference. sameModel compares the SHA-256 of the model JSONs.',
    'jobOverhead.ratio compares like with like: the run end to end (wall) and the server CPU ' +
      'against the engine doing the same work; serverCpuLessIdle takes away what the idle ' +
      'server burns anyway (queue polls, schedules; rate sampled before the run). ' +
      'endToEndToEngineTrainOnly is the earlier, unequal comparison (the whole run against ' +
      'train() alone), kept to compare with older results. run.serverThreadsCpuSeconds splits ' +
      "the server's CPU: main thread, training thread (the busiest other), the rest (PGlite's " +
      'thread, GC and libuv helpers), each beside what it used idle over as long.',
    'Estimate error: the estimate is compute seconds of the training; durationMs is the job wall ' +
      'time, reading and evaluation included, on a loaded machine.',
    'The machine has 2 cores shared with other work: 2 workers cannot scale far past 1.',
  ],
  ...results,
  estimateError: estimateSummary(results),
};
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${path.relative(root, out)}`);

/**
 * Estimate errors per case: against each run's duration (what a user sees), against its train
 * phase (what the estimate models), and the calibration bench's own held-out figures.
 */
function estimateSummary({ jobOverhead, uploadToRun, workerThroughput }) {
  const calibration = path.join(root, 'bench/results/training-estimate.json');
  const calibrated = existsSync(calibration) ? JSON.parse(readFileSync(calibration, 'utf8')) : null;
  return {
    flights1m: {
      vsDuration: jobOverhead.run.estimate,
      vsTrainPhase: jobOverhead.run.estimateVsTrainPhase,
    },
    // Penguin runs take well under a second: event arrival times cannot time their phases.
    penguinsEmbedded: {
      vsDuration: summarizeErrors(uploadToRun.reps.map((rep) => rep.estimate)),
    },
    penguinsWorkers: workerThroughput.cases
      ? { vsDuration: summarizeErrors(workerThroughput.cases.flatMap((c) => c.estimates)) }
      : null,
    calibrationBench: calibrated && {
      file: 'bench/results/training-estimate.json',
      date: calibrated.date,
      heldOut: calibrated.overall,
    },
  };
}

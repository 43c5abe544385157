// Batch scoring bench (issue 6, Measure): rows/s of a batch scoring job on an embedded
// `aistudio serve` vs onnxruntime-node called directly on the same model and the same rows, in
// the same run. The model is a 100-tree GBDT trained as a run on a flights table (vega-datasets);
// the job reads the version's Parquet in chunks, scores them in ONNX Runtime and writes the input
// columns plus predictions as Parquet (the new version's ingest and profile run after it and are
// reported apart). "Raw" is InferenceSession.run over tensors built beforehand (untimed), in the
// job's chunk size and thread count: the limit the job is held to (target: >= 80%).
// Writes bench/results/serving-batch.json. Build first (`npm run build`).
// Env: BENCH_BATCH_ROWS (default 1,000,000), BENCH_REPETITIONS (default 3).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import * as ort from 'onnxruntime-node';
import { FLIGHTS_FEATURES, FLIGHTS_TARGET, writeFlightsParquet } from '../training/bench-data.mjs';
import { loadAverage } from '../training/stats.mjs';
import { StudioClient } from '../training/studio-client.mjs';
import { startServe } from '../training/studio-processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 1_000_000);
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 3);
// What the server gives the job (app.ts): rows per ONNX call and intra-op threads.
const CHUNK = 65_536;
const THREADS = Math.max(1, availableParallelism() - 1);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const startedAt = new Date();
const loadBefore = loadAverage();
const work = mkdtempSync(path.join(tmpdir(), 'aistudio-bench-batch-'));
let report;
try {
  const parquet = path.join(work, 'flights.parquet');
  await writeFlightsParquet(parquet, ROWS);
  const studio = await startServe({
    dataDir: path.join(work, 'embedded'),
    env: { RATE_LIMIT_API_PER_MINUTE: '100000000', DATABASE_URL: '', REDIS_URL: '' },
  });
  try {
    const client = new StudioClient(studio.value);
    await client.setUp();
    const versionId = await client.upload(parquet, 'CC-PDDC');
    await client.waitReady(versionId, 250);
    console.log(`flights: ${ROWS} rows ready`);
    const run = await client.startRun({
      datasetVersionId: versionId,
      target: FLIGHTS_TARGET,
      features: FLIGHTS_FEATURES,
      algorithm: 'gbdt',
      params: { nIter: 100 },
    });
    await client.followRun(run.id, performance.now());
    const model = await client.call('POST', `/api/v1/projects/${client.projectId}/models`, {
      name: 'flights-late',
    });
    await client.call('POST', `/api/v1/models/${model.id}/versions`, { runId: run.id });
    console.log('model: 100-tree GBDT registered');
    const onnx = await client.bytes(`/api/v1/models/${model.id}/versions/1/download?format=onnx`);

    const tensors = await loadTensors(parquet);
    const job = [];
    const raw = [];
    // Alternating rounds: the shared machine's load drifts, and both sides should see the same.
    for (let i = 0; i < REPETITIONS; i++) {
      job.push(await scoreThroughJob(client, model.id, versionId, studio.pid));
      raw.push(await scoreRaw(onnx, tensors, THREADS));
      console.log(
        `round ${i + 1}: job ${Math.round(job.at(-1).jobRowsPerSecond)} rows/s (${job.at(-1).cpuSeconds.toFixed(1)} CPU s), raw ${Math.round(raw.at(-1).rowsPerSecond)} rows/s (${raw.at(-1).cpuSeconds.toFixed(1)} CPU s)`,
      );
    }
    const jobRps = median(job.map((r) => r.jobRowsPerSecond));
    const rawRps = median(raw.map((r) => r.rowsPerSecond));
    const jobCpu = median(job.map((r) => r.cpuSeconds));
    const rawCpu = median(raw.map((r) => r.cpuSeconds));
    report = {
      rows: ROWS,
      chunkRows: CHUNK,
      onnxThreads: THREADS,
      job: {
        medianRowsPerSecond: jobRps,
        medianRequestToScoredRowsPerSecond: median(job.map((r) => r.requestRowsPerSecond)),
        medianOutputReadySeconds: median(job.map((r) => r.outputReadySeconds)),
        repetitions: job,
      },
      rawOnnxRuntime: { medianRowsPerSecond: rawRps, repetitions: raw },
      jobVsRaw: jobRps / rawRps,
      // CPU seconds for the same rows barely move with the machine's load; wall-clock rates do.
      jobVsRawByCpu: rawCpu / jobCpu,
      target: 0.8,
      meetsTarget: jobRps / rawRps >= 0.8,
      meetsTargetByCpu: rawCpu / jobCpu >= 0.8,
    };
  } finally {
    await studio.stop();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const result = {
  bench: 'serving-batch',
  date: startedAt.toISOString(),
  // BENCH_COMMIT: when measured from an exported tree (no .git) of that commit.
  commit:
    process.env.BENCH_COMMIT ??
    execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadBefore,
    loadAfter: loadAverage(),
  },
  ...report,
};
writeFileSync(
  path.join(root, 'bench/results/serving-batch.json'),
  JSON.stringify(result, null, 2) + '\n',
);
console.log(JSON.stringify(result, null, 2));

/** One batch scoring: job time (startedAt → finishedAt), request → scored, and → output ready. */
async function scoreThroughJob(client, modelId, datasetVersionId, serverPid) {
  const cpu0 = processCpuSeconds(serverPid);
  const t0 = performance.now();
  const started = await client.call('POST', `/api/v1/models/${modelId}/batch-scorings`, {
    version: 1,
    datasetVersionId,
  });
  let scoring;
  for (;;) {
    scoring = await client.call('GET', `/api/v1/batch-scorings/${started.id}`);
    if (['succeeded', 'failed', 'cancelled'].includes(scoring.job.status)) break;
    await sleep(50);
  }
  const scoredMs = performance.now() - t0;
  const cpuSeconds = processCpuSeconds(serverPid) - cpu0;
  if (scoring.job.status !== 'succeeded')
    throw new Error(`job ${scoring.job.status}: ${scoring.job.error}`);
  await client.waitReady(scoring.outputVersionId, 100);
  const jobMs = Date.parse(scoring.job.finishedAt) - Date.parse(scoring.job.startedAt);
  return {
    jobSeconds: jobMs / 1000,
    cpuSeconds,
    jobRowsPerSecond: (scoring.rowCount / jobMs) * 1000,
    requestToScoredSeconds: scoredMs / 1000,
    requestRowsPerSecond: (scoring.rowCount / scoredMs) * 1000,
    outputReadySeconds: (performance.now() - t0) / 1000,
  };
}

/** The model's input tensors in chunks of CHUNK rows, as the exported graph takes them. */
async function loadTensors(parquet) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT ${FLIGHTS_FEATURES.join(', ')} FROM read_parquet('${parquet.replaceAll("'", "''")}')`,
    );
    const columns = FLIGHTS_FEATURES.map((_, i) => reader.getColumnsJS()[i]);
    const chunks = [];
    for (let start = 0; start < ROWS; start += CHUNK) {
      const end = Math.min(ROWS, start + CHUNK);
      const feeds = {};
      FLIGHTS_FEATURES.forEach((name, i) => {
        const values = columns[i].slice(start, end);
        const shape = [end - start, 1];
        feeds[name] =
          typeof values[0] === 'string'
            ? new ort.Tensor(
                'string',
                values.map((v) => v ?? ''),
                shape,
              )
            : new ort.Tensor(
                'float32',
                Float32Array.from(values, (v) => (v === null ? NaN : Number(v))),
                shape,
              );
      });
      chunks.push(feeds);
    }
    return chunks;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function scoreRaw(bytes, chunks, threads) {
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const feeds of chunks) await session.run(feeds, ['probabilities']);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await session.release();
  return {
    seconds: ms / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rowsPerSecond: (ROWS / ms) * 1000,
  };
}

/** User + system CPU seconds of a process so far (all its threads), from /proc. */
function processCpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

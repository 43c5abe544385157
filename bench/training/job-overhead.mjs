// Case 1: a ~1M-row GBDT trained as a run through a real embedded server vs `train()` alone in a
// plain Node process on the same rows and parameters (the same read and split, so the same model).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLIGHTS_FEATURES, FLIGHTS_TARGET, writeFlightsParquet } from './bench-data.mjs';
import { estimateError, loadAverage, processCpuSeconds, round } from './stats.mjs';
import { runPhases } from './studio-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// Every iteration is run: early stopping would let the two sides stop at different trees.
const PARAMS = { nIter: 100, earlyStopping: false };
const TEST_FRACTION = 0.2;
const SEED = 0;

/** Uploads the flights table, then times both sides once; `rows` counts training rows. */
export async function measureJobOverhead({ client, serverPid, work, trainingRows }) {
  const loadBefore = loadAverage();
  const rows = Math.round(trainingRows / (1 - TEST_FRACTION));
  const parquetPath = path.join(work, `flights-${rows}.parquet`);
  await writeFlightsParquet(parquetPath, rows);

  let started = performance.now();
  const versionId = await client.upload(parquetPath, 'CC-PDDC');
  const version = await client.waitReady(versionId, 250);
  const uploadAndIngestSeconds = round((performance.now() - started) / 1000);
  console.log(`flights: ${version.rowCount} rows ready in ${uploadAndIngestSeconds} s`);

  const body = {
    datasetVersionId: versionId,
    target: FLIGHTS_TARGET,
    features: FLIGHTS_FEATURES,
    task: 'binary',
    algorithm: 'gbdt',
    params: PARAMS,
    testFraction: TEST_FRACTION,
    seed: SEED,
  };
  const alone = await engineAlone(parquetPath, version.schema, body);
  console.log(`engine alone: train ${round(alone.trainSeconds)} s`);

  const cpuBefore = processCpuSeconds(serverPid);
  started = performance.now();
  const accepted = await client.startRun(body);
  const acceptedMs = performance.now() - started;
  const timeline = await client.followRun(accepted.id, started);
  const serverCpuSeconds = processCpuSeconds(serverPid) - cpuBefore;
  const run = await client.getRun(accepted.id);
  const phases = runPhases(timeline, acceptedMs);
  const modelSha256 = await client.artifactSha256(run.id, 'model.json');
  console.log(`run: ${round(phases.endToEndMs / 1000)} s end to end`);

  const runSeconds = phases.endToEndMs / 1000;
  return {
    data: {
      source: 'node_modules/vega-datasets/data/flights-3m.parquet (first rows)',
      rows: version.rowCount,
      trainRows: alone.trainRows,
      features: FLIGHTS_FEATURES,
      target: `${FLIGHTS_TARGET} (delay > 15 min)`,
      uploadAndIngestSeconds,
    },
    params: { algorithm: 'gbdt', ...PARAMS, testFraction: TEST_FRACTION, seed: SEED },
    engineAlone: {
      readAndSplitSeconds: round(alone.readAndSplitSeconds),
      trainSeconds: round(alone.trainSeconds),
      trainCpuSeconds: round(alone.trainCpuSeconds),
      processCpuSeconds: round(alone.processCpuSeconds),
    },
    run: {
      runId: run.id,
      endToEndSeconds: round(runSeconds),
      serverCpuSeconds: round(serverCpuSeconds),
      durationMs: run.durationMs,
      phasesMs: Object.fromEntries(Object.entries(phases.segments).map(([k, v]) => [k, round(v)])),
      estimate: estimateError(run),
      estimateVsTrainPhase: estimateError(run, phases.segments.train / 1000),
    },
    sameModel: modelSha256 === alone.modelSha256,
    ratio: {
      endToEndToEngineTrain: round(runSeconds / alone.trainSeconds, 3),
      trainPhaseToEngineTrain: round(phases.segments.train / 1000 / alone.trainSeconds, 3),
      serverCpuToEngineTrainCpu: round(serverCpuSeconds / alone.trainCpuSeconds, 3),
      serverCpuToEngineProcessCpu: round(serverCpuSeconds / alone.processCpuSeconds, 3),
    },
    target: {
      runAtMostTimesEngine: 1.1,
      endToEndMet: runSeconds <= 1.1 * alone.trainSeconds,
      trainPhaseMet: phases.segments.train / 1000 <= 1.1 * alone.trainSeconds,
    },
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}

/**
 * The engine-alone side in its own process, so nothing of the server shares its heap or loop.
 * Awaited, not execFileSync: a blocked event loop misses the server closing the idle keep-alive
 * socket, and the run's POST is then written into it (EPIPE once the engine took 160 s).
 */
async function engineAlone(parquetPath, schema, body) {
  const names = new Set([...body.features, body.target]);
  const columns = schema
    .filter((column) => names.has(column.name))
    .map(({ name, type }) => ({ name, type }));
  const spec = {
    target: body.target,
    features: body.features,
    task: body.task,
    algorithm: body.algorithm,
    params: body.params,
    seed: body.seed,
  };
  const duckdb = {
    memoryLimit: '1GB',
    threads: 1,
    tempDirectory: path.join(path.dirname(parquetPath), 'duckdb'),
  };
  const input = JSON.stringify({
    parquetPath,
    columns,
    spec,
    testFraction: body.testFraction,
    duckdb,
  });
  const { stdout: out } = await promisify(execFile)(
    process.execPath,
    [path.join(here, 'engine-alone.mjs'), input],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1));
}

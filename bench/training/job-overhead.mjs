// Case 1: a ~1M-row GBDT trained as a run through a real embedded server vs the engine alone in a
// plain Node process doing the same work (the same read, split, training, evaluation and ONNX
// export with the same functions, so the same model). Like with like: both sides count the same
// phases; the job's extra is what the job system adds (queue, thread, progress and checkpoint
// writes, artifact storage, the server around it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLIGHTS_FEATURES, FLIGHTS_TARGET, writeFlightsParquet } from './bench-data.mjs';
import {
  estimateError,
  loadAverage,
  processCpuSeconds,
  round,
  threadCpuSeconds,
} from './stats.mjs';
import { runPhases } from './studio-client.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// Every iteration is run: early stopping would let the two sides stop at different trees.
const PARAMS = { nIter: 100, earlyStopping: false };
const TEST_FRACTION = 0.2;
const SEED = 0;
// The idle server's own CPU (queue polls, schedules) is sampled this long before the run.
const IDLE_SAMPLE_MS = 15_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Uploads the flights table, then times the engine alone, the run, and the engine alone again;
 * `rows` counts training rows.
 */
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
  // Bracketed: the engine alone just before and just after the run, so load that changes during
  // the run moves both sides; the mean of the two is the reference.
  const aloneBefore = await engineAlone(parquetPath, version.schema, body);
  console.log(`engine alone: ${round(workSeconds(aloneBefore))} s of work`);
  const idle = await idleCpuRate(serverPid);
  const idleCpuPerSecond = idle.perSecond;

  const cpuBefore = processCpuSeconds(serverPid);
  const threadsBefore = threadCpuSeconds(serverPid);
  started = performance.now();
  const accepted = await client.startRun(body);
  const acceptedMs = performance.now() - started;
  const timeline = await client.followRun(accepted.id, started);
  const serverCpuSeconds = processCpuSeconds(serverPid) - cpuBefore;
  const threadsRun = threadDeltas(threadsBefore, threadCpuSeconds(serverPid));
  const run = await client.getRun(accepted.id);
  const phases = runPhases(timeline, acceptedMs);
  const modelSha256 = await client.artifactSha256(run.id, 'model.json');
  console.log(`run: ${round(phases.endToEndMs / 1000)} s end to end`);
  const aloneAfter = await engineAlone(parquetPath, version.schema, body);
  console.log(`engine alone: ${round(workSeconds(aloneAfter))} s of work`);

  const alone = meanOf([aloneBefore, aloneAfter]);
  const runSeconds = phases.endToEndMs / 1000;
  const backgroundCpuSeconds = idleCpuPerSecond * runSeconds;
  const engineWork = { seconds: workSeconds(alone), cpuSeconds: workCpuSeconds(alone) };
  const segment = (name) => phases.segments[name] / 1000;
  const threads = threadSplit(serverPid, threadsRun, idle.threads, runSeconds);
  return {
    data: {
      source: 'node_modules/vega-datasets/data/flights-3m.parquet (first rows)',
      rows: version.rowCount,
      trainRows: aloneBefore.trainRows,
      features: FLIGHTS_FEATURES,
      target: `${FLIGHTS_TARGET} (delay > 15 min)`,
      uploadAndIngestSeconds,
    },
    params: { algorithm: 'gbdt', ...PARAMS, testFraction: TEST_FRACTION, seed: SEED },
    engineAlone: {
      runs: [aloneBefore, aloneAfter].map(describeAlone),
      mean: describeAlone(alone),
    },
    run: {
      runId: run.id,
      endToEndSeconds: round(runSeconds),
      serverCpuSeconds: round(serverCpuSeconds),
      // What the idle server burns anyway (queue polls, schedules), at its rate before the run.
      serverIdleCpuPerSecond: round(idleCpuPerSecond, 4),
      serverCpuLessIdleSeconds: round(serverCpuSeconds - backgroundCpuSeconds),
      serverThreadsCpuSeconds: threads,
      durationMs: run.durationMs,
      phasesMs: Object.fromEntries(Object.entries(phases.segments).map(([k, v]) => [k, round(v)])),
      estimate: estimateError(run),
      estimateVsTrainPhase: estimateError(run, segment('train')),
    },
    // Wall seconds of the same work on both sides (the run's phases are event arrival times).
    phasesSeconds: {
      readAndSplit: {
        run: round(segment('threadStartReadAndSplit')),
        engine: round(alone.readAndSplit.seconds),
      },
      train: { run: round(segment('train')), engine: round(alone.train.seconds) },
      evaluateAndExport: {
        run: round(segment('evaluateExportAndStore')),
        engine: round(alone.evaluateAndExport.seconds),
      },
    },
    sameModel: modelSha256 === aloneBefore.modelSha256 && modelSha256 === aloneAfter.modelSha256,
    ratio: {
      // Like with like: the whole run against the engine doing the same work.
      endToEndToEngineWork: round(runSeconds / engineWork.seconds, 3),
      serverCpuToEngineWorkCpu: round(serverCpuSeconds / engineWork.cpuSeconds, 3),
      serverCpuLessIdleToEngineWorkCpu: round(
        (serverCpuSeconds - backgroundCpuSeconds) / engineWork.cpuSeconds,
        3,
      ),
      trainPhaseToEngineTrain: round(segment('train') / alone.train.seconds, 3),
      // The compute itself: the run's training thread against the engine's main thread.
      trainingThreadCpuToEngineThreadCpu: round(
        threads.trainingThread.run / workThreadCpuSeconds(alone),
        3,
      ),
      // Not like with like, kept for comparison with earlier results: the whole run (reading,
      // evaluation and export included) against the engine's training alone.
      endToEndToEngineTrainOnly: round(runSeconds / alone.train.seconds, 3),
    },
    target: {
      runAtMostTimesEngine: 1.1,
      endToEndMet: runSeconds <= 1.1 * engineWork.seconds,
      serverCpuMet: serverCpuSeconds <= 1.1 * engineWork.cpuSeconds,
    },
    loadAverage: { before: loadBefore, after: loadAverage() },
  };
}

const PHASES = ['readAndSplit', 'train', 'evaluateAndExport'];
const workSeconds = (alone) => PHASES.reduce((sum, name) => sum + alone[name].seconds, 0);
const workCpuSeconds = (alone) => PHASES.reduce((sum, name) => sum + alone[name].cpuSeconds, 0);
const workThreadCpuSeconds = (alone) =>
  PHASES.reduce((sum, name) => sum + alone[name].threadCpuSeconds, 0);

/** The phase-by-phase mean of several engine-alone measurements. */
function meanOf(runs) {
  const mean = (pick) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  const phase = (name) => ({
    seconds: mean((run) => run[name].seconds),
    cpuSeconds: mean((run) => run[name].cpuSeconds),
    threadCpuSeconds: mean((run) => run[name].threadCpuSeconds),
  });
  return {
    ...Object.fromEntries(PHASES.map((name) => [name, phase(name)])),
    processCpuSeconds: mean((run) => run.processCpuSeconds),
  };
}

function describeAlone(alone) {
  const phase = ({ seconds, cpuSeconds, threadCpuSeconds }) => ({
    seconds: round(seconds),
    cpuSeconds: round(cpuSeconds),
    threadCpuSeconds: round(threadCpuSeconds),
  });
  return {
    ...Object.fromEntries(PHASES.map((name) => [name, phase(alone[name])])),
    workSeconds: round(workSeconds(alone)),
    workCpuSeconds: round(workCpuSeconds(alone)),
    workThreadCpuSeconds: round(workThreadCpuSeconds(alone)),
    processCpuSeconds: round(alone.processCpuSeconds),
  };
}

/** CPU seconds per second the idle server uses (nothing queued, no request in flight). */
async function idleCpuRate(serverPid) {
  const before = processCpuSeconds(serverPid);
  const threadsBefore = threadCpuSeconds(serverPid);
  await sleep(IDLE_SAMPLE_MS);
  const seconds = IDLE_SAMPLE_MS / 1000;
  const threads = threadDeltas(threadsBefore, threadCpuSeconds(serverPid));
  for (const [tid, cpu] of threads) threads.set(tid, cpu / seconds);
  return { perSecond: (processCpuSeconds(serverPid) - before) / seconds, threads };
}

function threadDeltas(before, after) {
  return new Map([...after].map(([tid, cpu]) => [tid, cpu - (before.get(tid) ?? 0)]));
}

/**
 * The run's server CPU by thread — the main thread (HTTP, SSE, progress and artifact writes), the
 * training thread (the busiest of the others: read, split, train, evaluate, export) and the rest
 * (PGlite's thread, GC and libuv helpers) — each beside what it burns idle over as long.
 */
function threadSplit(serverPid, run, idleRates, runSeconds) {
  const training = [...run].filter(([tid]) => tid !== serverPid).sort((a, b) => b[1] - a[1])[0];
  const groupOf = (tid) =>
    tid === serverPid ? 'main' : tid === training?.[0] ? 'trainingThread' : 'others';
  const split = {
    main: { run: 0, idle: 0 },
    trainingThread: { run: 0, idle: 0 },
    others: { run: 0, idle: 0 },
  };
  for (const [tid, cpu] of run) split[groupOf(tid)].run += cpu;
  for (const [tid, rate] of idleRates) split[groupOf(tid)].idle += rate * runSeconds;
  return Object.fromEntries(
    Object.entries(split).map(([name, { run: cpu, idle }]) => [
      name,
      { run: round(cpu), idleOverAsLong: round(idle) },
    ]),
  );
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

// Serving cost of the prediction log, embedded mode: single-row predictions against two deployments
// of the same 100-round GBDT, one logging every request (sampleRate 1) and one logging none (0).
// 64 connections, 10 s per case, cases alternated over rounds, median round by rps.
// Prints one JSON object on stdout (progress on stderr); bench/monitoring/run.mjs merges it into
// bench/results/monitoring.json. Run after `npm run build`. BENCH_DATABASE_URL (a PostgreSQL admin
// URL) runs the server on a fresh PostgreSQL database instead of embedded PGlite.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { alternateRounds, machine, measureLoad, processCpuMs } from '../http-load.mjs';
import { MODEL_DESCRIPTION, record, seedPenguinsModel } from '../serving/penguins-model.mjs';
import { migrate, startServe } from '../training/studio-processes.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_MAX_LOSS = 0.1;

/** The penguins GBDT deployed twice: logging everything and nothing. */
async function seed(base) {
  const { auth, deploy } = await seedPenguinsModel(base);
  return { auth, logged: await deploy('logged', 1, 1), unlogged: await deploy('unlogged', 1, 0) };
}

/** CPU ms the server's main thread (the one serving HTTP) has used; its tid is the pid. */
const mainThreadCpuMs = (pid) => processCpuMs(`${pid}/task/${pid}`);

const mainThreadRounds = { 'logging off (sampleRate 0)': [], 'logging on (sampleRate 1)': [] };
/** 200 responses per case over every round, warm-up included: each logged one is one log row. */
const answered = {};

async function measure(name, url, headers, serverPid) {
  const before = mainThreadCpuMs(serverPid);
  const result = await measureLoad({
    name,
    url,
    method: 'POST',
    headers,
    body: { records: [record] },
    connections: CONNECTIONS,
    durationS: DURATION_S,
    serverPid,
    // stdout carries the JSON result only.
    log: (line) => console.error(line),
  });
  // The main thread alone: in embedded mode the database has a thread of its own.
  result.mainThreadCpuMsPerRequest = +(
    (mainThreadCpuMs(serverPid) - before) /
    result.requests
  ).toFixed(4);
  mainThreadRounds[name].push(result.mainThreadCpuMsPerRequest);
  answered[name] = (answered[name] ?? 0) + (result.statuses[200] ?? 0);
  return result;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The prediction log's written and dropped row counters from the server's /metrics. */
async function logCounters(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    written: read('aistudio_prediction_log_rows_written_total'),
    dropped: read('aistudio_prediction_log_rows_dropped_total'),
  };
}

/**
 * The log's counters once every answered logged request is written or dropped (or 60 s passed):
 * the writer flushes every 500 ms, and requests cut off at a case's end may still be logged.
 */
async function settledLogCounters(base, expected) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const counters = await logCounters(base);
    if (counters.written + counters.dropped >= expected || Date.now() > deadline) return counters;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** A fresh PostgreSQL database, migrated, when BENCH_DATABASE_URL is set; else embedded PGlite. */
async function databaseEnv() {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) return { env: {}, drop: async () => {} };
  const name = `aistudio_logging_bench_${Date.now().toString(36)}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = {
    DATABASE_URL: url.toString(),
    AISTUDIO_SECRET_KEY: 'logging-bench-secret-key-0123456789abcdef',
  };
  migrate({ env });
  return { env, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const database = await databaseEnv();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aistudio-logging-bench-'));
const server = await startServe({
  dataDir,
  // The limit is raised so the bench measures the request path (the limiter still runs), not 429s.
  env: { RATE_LIMIT_API_PER_MINUTE: '100000000', ...database.env },
});
try {
  const base = server.value;
  const { auth, logged, unlogged } = await seed(base);
  const cases = {
    off: () =>
      measure(
        'logging off (sampleRate 0)',
        `${base}/api/v1/deployments/${unlogged}/predict`,
        auth,
        server.pid,
      ),
    on: () =>
      measure(
        'logging on (sampleRate 1)',
        `${base}/api/v1/deployments/${logged}/predict`,
        auth,
        server.pid,
      ),
  };
  const { off, on } = await alternateRounds(cases, ROUNDS);
  const loss = +(1 - on.rps / off.rps).toFixed(3);
  const cpuOverhead = +(
    on.medianServerCpuMsPerRequest / off.medianServerCpuMsPerRequest -
    1
  ).toFixed(3);
  const loggedResponses = answered['logging on (sampleRate 1)'];
  const counters = await settledLogCounters(base, loggedResponses);
  const mainThreadOff = median(mainThreadRounds['logging off (sampleRate 0)'].slice(1));
  const mainThreadOn = median(mainThreadRounds['logging on (sampleRate 1)'].slice(1));
  console.log(
    JSON.stringify(
      {
        bench: 'prediction-logging-overhead',
        date: new Date().toISOString(),
        // BENCH_COMMIT: when measured from an exported tree (no .git) of that commit.
        commit:
          process.env.BENCH_COMMIT ??
          execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
        machine: machine(),
        mode: `${database.env.DATABASE_URL ? 'PostgreSQL (same machine)' : 'embedded (PGlite)'}, API key with the predict scope`,
        model: MODEL_DESCRIPTION,
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        rounds: ROUNDS,
        note: 'Server and load generator share the machine (and, when it is busy, other work: see loadAverage1m). Each case is the median round by rps; cases alternate within each round. Server CPU per request comes from /proc and is the steadier figure on a loaded machine. Row counts include the warm-up round.',
        cases: [off, on],
        // Rows lost = answered logged requests with no row written (dropped ones included).
        predictionLog: {
          ...counters,
          loggedResponses,
          lost: Math.max(0, loggedResponses - counters.written),
        },
        rpsLoss: loss,
        serverCpuMsPerRequest: {
          off: off.medianServerCpuMsPerRequest,
          on: on.medianServerCpuMsPerRequest,
        },
        // 1 - 1/(1 + overhead): the rps a CPU-bound server loses to logging, load aside.
        cpuBoundRpsLoss: +(1 - 1 / (1 + cpuOverhead)).toFixed(3),
        // Medians over the measured rounds (the warm-up round left out).
        mainThreadCpuMsPerRequest: { off: mainThreadOff, on: mainThreadOn },
        // The same for a server whose main thread is the bottleneck and has cores to spare.
        mainThreadBoundRpsLoss: +(1 - mainThreadOff / mainThreadOn).toFixed(3),
        target: { maxRpsLoss: TARGET_MAX_LOSS, met: loss <= TARGET_MAX_LOSS },
      },
      null,
      2,
    ),
  );
} finally {
  await server.stop();
  await database.drop();
}

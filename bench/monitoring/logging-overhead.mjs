// Serving cost of the prediction log, embedded mode: single-row predictions against two deployments
// of the same 100-round GBDT, one logging every request (sampleRate 1) and one logging none (0).
// 64 connections, 10 s per case, cases alternated over rounds, median round by rps.
// Prints one JSON object on stdout (progress on stderr); bench/monitoring/run.mjs merges it into
// bench/results/monitoring.json. Run after `npm run build`. BENCH_DATABASE_URL (a PostgreSQL admin
// URL) runs the server on a fresh PostgreSQL database instead of embedded PGlite.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { StudioClient } from '../training/studio-client.mjs';
import { migrate, startServe } from '../training/studio-processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUNDS_OF_BOOSTING = 100;
const TARGET_MAX_LOSS = 0.1;

const penguins = JSON.parse(
  readFileSync(path.join(root, 'node_modules/vega-datasets/data/penguins.json'), 'utf8'),
);
const FEATURES = Object.keys(penguins[0]).filter((c) => c !== 'Species');
const record = Object.fromEntries(FEATURES.map((c) => [c, penguins[0][c]]));

/** The penguins, a 100-round GBDT on them, deployed twice: logging everything and nothing. */
async function seed(base) {
  const client = new StudioClient(base);
  await client.setUp();
  const csvPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'logging-bench-')), 'penguins.csv');
  const columns = Object.keys(penguins[0]);
  writeFileSync(
    csvPath,
    [columns.join(','), ...penguins.map((r) => columns.map((c) => r[c] ?? '').join(','))].join(
      '\n',
    ),
  );
  const versionId = await client.upload(csvPath, 'CC0-1.0');
  await client.waitReady(versionId);
  const run = await client.startRun({
    datasetVersionId: versionId,
    target: 'Species',
    algorithm: 'gbdt',
    params: { nIter: ROUNDS_OF_BOOSTING, earlyStopping: false },
  });
  const [finished] = await client.waitAllFinal([run.id]);
  if (finished.status !== 'succeeded') throw new Error(`run ${run.id} ${finished.status}`);
  const model = await client.call('POST', `/api/v1/projects/${client.projectId}/models`, {
    name: 'Species',
  });
  await client.call('POST', `/api/v1/models/${model.id}/versions`, { runId: run.id });
  const { orgId } = await client.call('GET', `/api/v1/projects/${client.projectId}`);
  const key = await client.call('POST', `/api/v1/orgs/${orgId}/api-keys`, {
    name: 'logging bench',
    scopes: ['read', 'write', 'predict'],
  });
  const deploy = async (name, sampleRate) =>
    (
      await client.call('POST', `/api/v1/projects/${client.projectId}/deployments`, {
        name,
        routes: [{ modelId: model.id, version: 1, weight: 100 }],
        logging: { sampleRate },
      })
    ).id;
  return {
    auth: { authorization: `Bearer ${key.secret}` },
    logged: await deploy('logged', 1),
    unlogged: await deploy('unlogged', 0),
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Server CPU time per request: unlike rps, it barely moves when other processes load the machine.
const CLOCK_TICKS_PER_S = 100;
function serverCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return NaN; // not Linux
  }
}

async function measure(name, url, headers, pid) {
  const cpuBefore = serverCpuMs(pid);
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ records: [record] }),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const cpuMs = serverCpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const summary = {
    case: name,
    requests: latencies.length,
    rps: Math.round(latencies.length / DURATION_S),
    serverCpuMsPerRequest: +(cpuMs / latencies.length).toFixed(4),
    latencyMs: {
      p50: +percentile(latencies, 50).toFixed(2),
      p95: +percentile(latencies, 95).toFixed(2),
      p99: +percentile(latencies, 99).toFixed(2),
    },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  console.error(
    `${name}: ${summary.rps} rps, ${summary.serverCpuMsPerRequest} server CPU ms/request, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms ${JSON.stringify(statuses)}`,
  );
  return summary;
}

/** The prediction log's written and dropped row counters from the server's /metrics. */
async function logCounters(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    written: read('aistudio_prediction_log_rows_written_total'),
    dropped: read('aistudio_prediction_log_rows_dropped_total'),
  };
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
  // Warm up JIT and caches so both cases measure steady state.
  for (const run of Object.values(cases)) await run();
  const rounds = { off: [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases)) rounds[name].push(await run());
  }
  const median = (list) => ({
    ...[...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)],
    roundsRps: list.map((c) => c.rps),
  });
  const off = median(rounds.off);
  const on = median(rounds.on);
  const loss = +(1 - on.rps / off.rps).toFixed(3);
  const medianCpu = (list) =>
    list.map((c) => c.serverCpuMsPerRequest).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const cpuOverhead = +(medianCpu(rounds.on) / medianCpu(rounds.off) - 1).toFixed(3);
  const loggedRequests = rounds.on.reduce((n, c) => n + (c.statuses[200] ?? 0), 0);
  const counters = await logCounters(base);
  console.log(
    JSON.stringify(
      {
        bench: 'prediction-logging-overhead',
        date: new Date().toISOString(),
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model,
          node: process.version,
          loadAverage1m: +os.loadavg()[0].toFixed(2),
        },
        mode: `${database.env.DATABASE_URL ? 'PostgreSQL (same machine)' : 'embedded (PGlite)'}, API key with the predict scope`,
        model: `GBDT on penguins (Species, 3 classes), ${ROUNDS_OF_BOOSTING} boosting rounds`,
        connections: CONNECTIONS,
        durationSeconds: DURATION_S,
        rounds: ROUNDS,
        note: 'Server and load generator share the machine (and, when it is busy, other work: see loadAverage1m). Each case is the median round by rps; cases alternate within each round. Server CPU per request comes from /proc and is the steadier figure on a loaded machine. Row counts include the warm-up round.',
        cases: [off, on],
        predictionLog: { ...counters, measuredLoggedRequests: loggedRequests },
        rpsLoss: loss,
        serverCpuMsPerRequest: { off: medianCpu(rounds.off), on: medianCpu(rounds.on) },
        // 1 - 1/(1 + overhead): the rps a CPU-bound server loses to logging, load aside.
        cpuBoundRpsLoss: +(1 - 1 / (1 + cpuOverhead)).toFixed(3),
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

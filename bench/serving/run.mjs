// Online serving throughput and latency, embedded mode: single-row predictions against a deployed
// GBDT (penguins species, 100 boosting rounds) served natively by the engine and, the same model
// registered as an uploaded ONNX version, by ONNX Runtime; against a bare Fastify route on the same
// machine in the same run (the limit). 64 connections, 10 s per case, median of rounds.
// Writes bench/results/serving.json. Run with `npm run bench:serving` after `npm run build`.
// BENCH_DATABASE_URL (a PostgreSQL admin URL): the server runs on a fresh PostgreSQL database
// instead (scale mode's metadata store), with REDIS_URL also Redis, and the results go to
// bench/results/serving-postgres.json.
// BENCH_CASES (comma-separated: bare, engine, floor, unlogged, onnx) measures only those.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternateRounds, machine, measureLoad } from '../http-load.mjs';
import pg from 'pg';
import { migrate, startServe } from '../training/studio-processes.mjs';
import { MODEL_DESCRIPTION, record, seedPenguinsModel } from './penguins-model.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
// The machine is shared with the load generator: alternate the cases over rounds, report the median.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
function startBare() {
  const child = spawn(process.execPath, [path.join(root, 'bench/serving/bare-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /bare route at (http:\/\/\S+)/.exec(out);
      if (match) {
        resolve({ url: match[1], pid: child.pid, stop: () => (child.kill('SIGTERM'), exited) });
      }
    });
    exited.then((code) => reject(new Error(`bare server exited ${code}`)));
  });
}

/** The penguins GBDT registered twice (engine JSON, uploaded ONNX) and deployed three ways. */
async function seed(base) {
  const { runId, modelId, auth, deploy } = await seedPenguinsModel(base);
  const onnx = await fetch(`${base}/api/v1/runs/${runId}/artifacts/model.onnx`, { headers: auth });
  if (!onnx.ok) throw new Error(`model.onnx: ${onnx.status}`);
  const form = new FormData();
  form.set('license', 'CC0-1.0');
  form.set('file', new Blob([await onnx.arrayBuffer()]), 'model.onnx');
  const uploaded = await fetch(`${base}/api/v1/models/${modelId}/versions/onnx`, {
    method: 'POST',
    headers: auth,
    body: form,
  });
  if (uploaded.status !== 201) throw new Error(`onnx upload: ${await uploaded.text()}`);
  return {
    auth,
    engine: await deploy('engine', 1),
    // Every request is logged by default; unlogged isolates serving from the prediction log.
    unlogged: await deploy('engine, no prediction log', 1, 0),
    onnx: await deploy('onnx', 2),
  };
}

const measure = (name, url, serverPid, headers = {}, method = 'POST') =>
  measureLoad({
    name,
    url,
    method,
    headers,
    body: method === 'POST' ? { records: [record] } : undefined,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    serverPid,
  });

/** A fresh PostgreSQL database, migrated, when BENCH_DATABASE_URL is set; else embedded PGlite. */
async function databaseEnv() {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) return { env: {}, drop: async () => {} };
  const name = `aistudio_serving_bench_${Date.now().toString(36)}`;
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
    AISTUDIO_SECRET_KEY: 'serving-bench-secret-key-0123456789abcdef',
    // Scale mode proper (Redis for the job queue and the cached reads) when REDIS_URL is set.
    ...(process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, JOB_REDIS_PREFIX: `aistudio-bench-${name}` }
      : {}),
  };
  migrate({ env });
  return { env, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const postgres = Boolean(process.env.BENCH_DATABASE_URL);
const database = await databaseEnv();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aistudio-serving-bench-'));
const server = await startServe({
  dataDir,
  // The limit is raised so the bench measures the request path (the limiter still runs), not 429s.
  env: { RATE_LIMIT_API_PER_MINUTE: '100000000', ...database.env },
});
const bare = await startBare();
try {
  const base = server.value;
  const { auth, engine, unlogged, onnx } = await seed(base);
  const predictUrl = (id) => `${base}/api/v1/deployments/${id}/predict`;
  const cases = {
    bare: () => measure('POST /predict (bare Fastify route)', `${bare.url}/predict`, bare.pid),
    engine: () =>
      measure('predict, engine, every request logged', predictUrl(engine), server.pid, auth),
    // For comparison: the same hooks (API key, rate limit, metrics, headers), one PGlite read.
    floor: () =>
      measure(
        'GET /api/v1/deployments/{id} (API key, one DB read, no scoring)',
        `${base}/api/v1/deployments/${unlogged}`,
        server.pid,
        auth,
        'GET',
      ),
    unlogged: () =>
      measure('predict, engine, prediction log off', predictUrl(unlogged), server.pid, auth),
    onnx: () =>
      measure('predict, ONNX Runtime, every request logged', predictUrl(onnx), server.pid, auth),
  };
  // The bare route always runs: every ratio is to it.
  const only = process.env.BENCH_CASES?.split(',').concat('bare');
  const chosen = Object.fromEntries(
    Object.entries(cases).filter(([name]) => !only || only.includes(name)),
  );
  // The warm-up round also loads the ONNX session, so every case measures steady state.
  const medians = await alternateRounds(chosen, ROUNDS);
  const target = (c) => {
    const ratio = +(c.rps / medians.bare.rps).toFixed(3);
    return {
      case: c.case,
      rpsRatioToBare: ratio,
      p99Ms: c.latencyMs.p99,
      met: ratio >= 0.6 && c.latencyMs.p99 < 15,
      // Load-independent: the bare route's CPU per request over this case's (medians of rounds).
      cpuRatioToBare: +(
        medians.bare.medianServerCpuMsPerRequest / c.medianServerCpuMsPerRequest
      ).toFixed(3),
    };
  };
  const results = {
    bench: 'serving',
    date: new Date().toISOString(),
    // BENCH_COMMIT: when measured from an exported tree (no .git) of that commit.
    commit:
      process.env.BENCH_COMMIT ??
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
    machine: machine(),
    mode: postgres
      ? process.env.REDIS_URL
        ? 'Scale mode: PostgreSQL metadata store, Redis for jobs, rate limits, events and cached reads; API key with the predict scope'
        : 'PostgreSQL metadata store (no Redis: in-memory rate limits and events, reads uncached), API key with the predict scope'
      : 'embedded (PGlite, in-memory rate limits), API key with the predict scope',
    model: MODEL_DESCRIPTION,
    request: { records: [record] },
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    rounds: ROUNDS,
    note: "Server, bare route and load generator share the machine (with other work: see loadAverage1m); LOG_LEVEL=warn. Each case is the median round by rps; cases alternate within each round. serverCpuMsPerRequest is the serving process CPU time (all threads, /proc) over the case divided by its requests: it does not depend on how busy the machine is (medianServerCpuMsPerRequest: median over rounds). With 64 connections the mean latency is 64 / rps (Little's law), so p99 < 15 ms needs well over 4,300 rps with no tail.",
    cases: Object.values(medians),
    targets: {
      rpsAtLeastFractionOfBare: 0.6,
      p99UnderMs: 15,
      results: [medians.floor, medians.engine, medians.unlogged, medians.onnx]
        .filter(Boolean)
        .map(target),
    },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(root, `bench/results/${postgres ? 'serving-postgres' : 'serving'}.json`),
    JSON.stringify(results, null, 2) + '\n',
  );
  for (const t of results.targets.results) {
    console.log(
      `${t.case}: ${t.rpsRatioToBare} of bare rps, p99 ${t.p99Ms} ms, met ${t.met}; bare's CPU/request over this ${t.cpuRatioToBare}`,
    );
  }
} finally {
  await bare.stop();
  await server.stop();
  await database.drop();
}

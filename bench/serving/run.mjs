// Online serving throughput and latency, embedded mode: single-row predictions against a deployed
// GBDT (penguins species, 100 boosting rounds) served natively by the engine and, the same model
// registered as an uploaded ONNX version, by ONNX Runtime; against a bare Fastify route on the same
// machine in the same run (the limit). 64 connections, 10 s per case, median of rounds.
// Writes bench/results/serving.json. Run with `npm run bench:serving` after `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { StudioClient } from '../training/studio-client.mjs';
import { startServe } from '../training/studio-processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
// The machine is shared with the load generator: alternate the cases over rounds, report the median.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUNDS_OF_BOOSTING = 100;

const penguins = JSON.parse(
  readFileSync(path.join(root, 'node_modules/vega-datasets/data/penguins.json'), 'utf8'),
);
const FEATURES = Object.keys(penguins[0]).filter((c) => c !== 'Species');
const record = Object.fromEntries(FEATURES.map((c) => [c, penguins[0][c]]));

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

/** The penguins, a 100-round GBDT on them, registered twice (engine JSON, uploaded ONNX), deployed. */
async function seed(base) {
  const client = new StudioClient(base);
  await client.setUp();
  const csvPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'serving-bench-')), 'penguins.csv');
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
    name: 'serving bench',
    scopes: ['read', 'write', 'predict'],
  });
  const auth = { authorization: `Bearer ${key.secret}` };
  const onnx = await fetch(`${base}/api/v1/runs/${run.id}/artifacts/model.onnx`, { headers: auth });
  if (!onnx.ok) throw new Error(`model.onnx: ${onnx.status}`);
  const form = new FormData();
  form.set('license', 'CC0-1.0');
  form.set('file', new Blob([await onnx.arrayBuffer()]), 'model.onnx');
  const uploaded = await fetch(`${base}/api/v1/models/${model.id}/versions/onnx`, {
    method: 'POST',
    headers: auth,
    body: form,
  });
  if (uploaded.status !== 201) throw new Error(`onnx upload: ${await uploaded.text()}`);
  const deploy = async (name, version, logging) =>
    (
      await client.call('POST', `/api/v1/projects/${client.projectId}/deployments`, {
        name,
        routes: [{ modelId: model.id, version, weight: 100 }],
        ...(logging ? { logging } : {}),
      })
    ).id;
  return {
    auth,
    engine: await deploy('engine', 1),
    // Every request is logged by default; unlogged isolates serving from the prediction log.
    unlogged: await deploy('engine, no prediction log', 1, { sampleRate: 0 }),
    onnx: await deploy('onnx', 2),
  };
}

// Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux).
const TICKS_PER_S = 100;

/** CPU time (all threads) a process has used so far, in ms: load-independent cost per request. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(name, url, pid, headers = {}, method = 'POST') {
  const cpuBefore = cpuMs(pid);
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url,
    method,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'POST' ? { body: JSON.stringify({ records: [record] }) } : {}),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const serverCpuMs = cpuMs(pid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const summary = {
    case: name,
    requests: latencies.length,
    rps: Math.round(latencies.length / DURATION_S),
    latencyMs: {
      p50: +percentile(latencies, 50).toFixed(2),
      p95: +percentile(latencies, 95).toFixed(2),
      p99: +percentile(latencies, 99).toFixed(2),
      max: +latencies.at(-1).toFixed(2),
    },
    serverCpuMsPerRequest: +(serverCpuMs / latencies.length).toFixed(4),
    serverCpuCores: +(serverCpuMs / 1000 / DURATION_S).toFixed(2),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  console.log(
    `${name}: ${summary.rps} rps, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, server CPU ${summary.serverCpuMsPerRequest} ms/request ${JSON.stringify(statuses)}`,
  );
  return summary;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aistudio-serving-bench-'));
const server = await startServe({
  dataDir,
  // The limit is raised so the bench measures the request path (the limiter still runs), not 429s.
  env: { RATE_LIMIT_API_PER_MINUTE: '100000000' },
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
  // Warm up JIT, caches and the ONNX session so every case measures steady state.
  for (const run of Object.values(cases)) await run();
  const rounds = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(cases)) rounds[name].push(await run());
  }
  const median = (list) => ({
    ...[...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)],
    roundsRps: list.map((c) => c.rps),
  });
  const medians = Object.fromEntries(
    Object.entries(rounds).map(([name, list]) => [name, median(list)]),
  );
  const target = (c) => {
    const ratio = +(c.rps / medians.bare.rps).toFixed(3);
    return {
      case: c.case,
      rpsRatioToBare: ratio,
      p99Ms: c.latencyMs.p99,
      met: ratio >= 0.6 && c.latencyMs.p99 < 15,
      // Load-independent: the bare route's CPU per request over this case's.
      cpuRatioToBare: +(medians.bare.serverCpuMsPerRequest / c.serverCpuMsPerRequest).toFixed(3),
    };
  };
  const results = {
    bench: 'serving',
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1m: +os.loadavg()[0].toFixed(2),
    },
    mode: 'embedded (PGlite, in-memory rate limits), API key with the predict scope',
    model: `GBDT on penguins (Species, 3 classes), ${ROUNDS_OF_BOOSTING} boosting rounds (${ROUNDS_OF_BOOSTING * 3} trees: one per class per round)`,
    request: { records: [record] },
    connections: CONNECTIONS,
    durationSeconds: DURATION_S,
    rounds: ROUNDS,
    note: 'Server, bare route and load generator share the machine (with other work: see loadAverage1m); LOG_LEVEL=warn. Each case is the median round by rps; cases alternate within each round. serverCpuMsPerRequest is the serving process CPU time (all threads, /proc) over the case divided by its requests: it does not depend on how busy the machine is.',
    cases: Object.values(medians),
    targets: {
      rpsAtLeastFractionOfBare: 0.6,
      p99UnderMs: 15,
      results: [medians.floor, medians.engine, medians.unlogged, medians.onnx].map(target),
    },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(root, 'bench/results/serving.json'),
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
}

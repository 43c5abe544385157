// Drift check time for 100k logged predictions × 30 features (20 numeric, 10 categorical), embedded
// mode: (1) the statistics alone, in-process, for a 1 000-row reference (KS, chi-squared, Z-test:
// Evidently's small-reference tests) and a 10 000-row one (normalized Wasserstein, Jensen–Shannon),
// and PSI; (2) end to end through the job — POST /drift-checks until the report is stored — on a
// served GBDT whose 100k predictions went through /predict into the prediction log.
// Prints one JSON object on stdout (progress on stderr); bench/monitoring/run.mjs merges it into
// bench/results/monitoring.json. Run after `npm run build`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectDatasetDrift } from '@aistudio/engine';
import { StudioClient } from '../training/studio-client.mjs';
import { startServe } from '../training/studio-processes.mjs';

const CURRENT_ROWS = Number(process.env.BENCH_CURRENT_ROWS ?? 100_000);
const REFERENCE_ROWS = 10_000;
const NUMERIC = 20;
const CATEGORICAL = 10;
const SHIFTED_NUMERIC = 5;
const SHIFTED_CATEGORICAL = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RECORDS_PER_REQUEST = 1000;
const CONCURRENT_REQUESTS = 4;

const log = (message) => process.stderr.write(`${message}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 3) => Number(value.toFixed(digits));

/** Seeded uniform generator (mulberry32): the same data on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const numericNames = Array.from({ length: NUMERIC }, (_, i) => `num_${i}`);
const categoricalNames = Array.from({ length: CATEGORICAL }, (_, i) => `cat_${i}`);
const categoriesOf = (i) => Array.from({ length: 3 + (i % 6) }, (_, k) => `c${i}_${k}`);

/** `rows` records; `shifted` moves the first numeric columns by half a std and skews two categoricals. */
function records(rows, seed, shifted) {
  const next = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: rows }, () => {
    const row = {};
    numericNames.forEach((name, i) => {
      const shift = shifted && i < SHIFTED_NUMERIC ? 0.5 : 0;
      row[name] = round(10 * (i + 1) + (i + 1) * (normal() + shift), 4);
    });
    categoricalNames.forEach((name, i) => {
      const categories = categoriesOf(i);
      // Skewed: the first category takes half of the mass instead of an equal share.
      const skew = shifted && i < SHIFTED_CATEGORICAL && next() < 0.5;
      row[name] = skew ? categories[0] : categories[Math.floor(next() * categories.length)];
    });
    return row;
  });
}

function columnsOf(reference, current) {
  return [
    ...numericNames.map((name) => ({
      name,
      kind: 'numeric',
      reference: Float64Array.from(reference, (row) => row[name]),
      current: Float64Array.from(current, (row) => row[name]),
    })),
    ...categoricalNames.map((name) => ({
      name,
      kind: 'categorical',
      reference: reference.map((row) => row[name]),
      current: current.map((row) => row[name]),
    })),
  ];
}

function timeStatistics(label, reference, current, options = {}) {
  const columns = columnsOf(reference, current);
  const times = [];
  let result;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    result = detectDatasetDrift(columns, options);
    times.push(performance.now() - started);
  }
  const methods = [...new Set(result.columns.map((c) => c.method))].join(', ');
  log(`${label}: ${round(median(times), 1)} ms (${methods}), ${result.driftedCount} drifted`);
  return {
    case: label,
    referenceRows: reference.length,
    currentRows: current.length,
    methods,
    driftedFeatures: result.driftedCount,
    medianMs: round(median(times), 1),
    timesMs: times.map((t) => round(t, 1)),
  };
}

/** Uploads the reference as CSV, trains a small GBDT on it, registers and deploys it. */
async function seed(client, reference) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drift-bench-'));
  const csvPath = path.join(dir, 'reference.csv');
  const columns = [...numericNames, ...categoricalNames];
  // A target the model can learn: whether the first two numeric columns sum above their means.
  const target = (row) => (row.num_0 - 10 + (row.num_1 - 20) / 2 > 0 ? 'high' : 'low');
  writeFileSync(
    csvPath,
    [
      [...columns, 'label'].join(','),
      ...reference.map((row) => [...columns.map((c) => row[c]), target(row)].join(',')),
    ].join('\n'),
  );
  const versionId = await client.upload(csvPath, 'CC0-1.0');
  await client.waitReady(versionId);
  const run = await client.startRun({
    datasetVersionId: versionId,
    target: 'label',
    algorithm: 'gbdt',
    params: { nIter: 20 },
  });
  const [finished] = await client.waitAllFinal([run.id]);
  if (finished.status !== 'succeeded') throw new Error(`run ${run.id} ${finished.status}`);
  const model = await client.call('POST', `/api/v1/projects/${client.projectId}/models`, {
    name: 'drift bench',
  });
  await client.call('POST', `/api/v1/models/${model.id}/versions`, { runId: run.id });
  const deployment = await client.call('POST', `/api/v1/projects/${client.projectId}/deployments`, {
    name: 'drift bench',
    routes: [{ modelId: model.id, version: 1, weight: 100 }],
  });
  return deployment.id;
}

async function sendTraffic(client, deploymentId, current) {
  const batches = [];
  for (let i = 0; i < current.length; i += RECORDS_PER_REQUEST) {
    batches.push(current.slice(i, i + RECORDS_PER_REQUEST));
  }
  const started = performance.now();
  const send = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      await client.call('POST', `/api/v1/deployments/${deploymentId}/predict`, { records: batch });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, send));
  log(`sent ${current.length} predictions in ${round((performance.now() - started) / 1000, 1)} s`);
}

async function runCheck(client, deploymentId) {
  const started = performance.now();
  const check = await client.call('POST', `/api/v1/deployments/${deploymentId}/drift-checks`, {
    window: '1h',
  });
  for (;;) {
    const report = await client.call(
      'GET',
      `/api/v1/deployments/${deploymentId}/drift-checks/${check.id}`,
    );
    if (report.status === 'failed') throw new Error(`drift check failed: ${report.error}`);
    if (report.status === 'succeeded') {
      return {
        wallMs: performance.now() - started,
        jobMs: Date.parse(report.completedAt) - Date.parse(report.createdAt),
        report,
      };
    }
    await sleep(50);
  }
}

async function endToEnd(reference, current) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aistudio-drift-bench-'));
  const server = await startServe({ dataDir, env: { RATE_LIMIT_API_PER_MINUTE: '100000000' } });
  try {
    const client = new StudioClient(server.value);
    await client.setUp();
    const deploymentId = await seed(client, reference);
    await sendTraffic(client, deploymentId, current);
    // The log is written in batches after the answers: wait until the check sees every record.
    let warm = await runCheck(client, deploymentId);
    for (let i = 0; i < 30 && warm.report.currentRows < current.length; i++) {
      await sleep(1000);
      warm = await runCheck(client, deploymentId);
    }
    log(`logged predictions seen by the check: ${warm.report.currentRows}`);
    const runs = [];
    for (let i = 0; i < ROUNDS; i++) {
      const run = await runCheck(client, deploymentId);
      log(`drift check ${i + 1}: ${round(run.wallMs)} ms (job ${run.jobMs} ms)`);
      runs.push(run);
    }
    const last = runs.at(-1).report;
    return {
      referenceRows: last.referenceRows,
      currentRows: last.currentRows,
      features: last.report.features.length,
      driftedFeatures: last.report.features.filter((f) => f.drifted).map((f) => f.name),
      methods: [...new Set(last.report.features.map((f) => f.method))].join(', '),
      datasetDrift: last.datasetDrift,
      driftShare: last.driftShare,
      phasesMsOfLastCheck: last.report.timingsMs,
      medianWallMs: round(median(runs.map((r) => r.wallMs)), 0),
      medianJobMs: median(runs.map((r) => r.jobMs)),
      wallMs: runs.map((r) => round(r.wallMs, 0)),
    };
  } finally {
    await server.stop();
  }
}

const reference = records(REFERENCE_ROWS, 1, false);
const current = records(CURRENT_ROWS, 2, true);
const statistics = [
  timeStatistics('reference 1 000 rows, auto (tests)', reference.slice(0, 1000), current),
  timeStatistics('reference 10 000 rows, auto (distances)', reference, current),
  timeStatistics('reference 10 000 rows, PSI', reference, current, { method: 'psi' }),
];
const job = await endToEnd(reference, current);
console.log(
  JSON.stringify({
    drift: {
      description: `Drift check of ${CURRENT_ROWS} logged predictions × ${NUMERIC + CATEGORICAL} features (${NUMERIC} numeric, ${CATEGORICAL} categorical; ${SHIFTED_NUMERIC} numeric shifted by 0.5 std and ${SHIFTED_CATEGORICAL} categorical skewed), median of ${ROUNDS}`,
      machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)) },
      statisticsAlone: statistics,
      endToEndJob: job,
    },
  }),
);

// Bench: what sampling a large run's held-out rows (MAX_EVALUATION_ROWS) saves and costs. Reads the
// 1M-row flights table with the server's reader and split, trains the job-overhead GBDT once, then
// evaluates it on all 250,000 held-out rows and on the sample a run uses, in CPU seconds (robust on
// the shared machine), and compares the headline metrics. Writes bench/results/training-evaluation.json.
// Usage: node bench/training/evaluation-sampling.mjs   (needs `npx tsc -b`; a few minutes)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluateModel, exportOnnx, train } from '@aistudio/engine';
import { FLIGHTS_FEATURES, FLIGHTS_TARGET, writeFlightsParquet } from './bench-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverModule = (name) =>
  import(pathToFileURL(path.join(root, 'apps/server/dist/modules/runs', name)).href);
const { readTrainingTable } = await serverModule('read-training-table.js');
const { splitForRun, evaluationRows, headlineMetrics, MAX_EVALUATION_ROWS } =
  await serverModule('run-evaluation.js');

const work = mkdtempSync(path.join(tmpdir(), 'bench-evaluation-'));
try {
  const parquetPath = path.join(work, 'flights.parquet');
  await writeFlightsParquet(parquetPath, 1_250_000);
  const types = { origin: 'category', destination: 'category', [FLIGHTS_TARGET]: 'category' };
  const columns = [...FLIGHTS_FEATURES, FLIGHTS_TARGET].map((name) => ({
    name,
    type: types[name] ?? 'integer',
  }));
  const duckdb = { memoryLimit: '1GB', threads: 1, tempDirectory: path.join(work, 'duckdb') };
  const table = await readTrainingTable(parquetPath, columns, duckdb);
  const spec = {
    target: FLIGHTS_TARGET,
    features: FLIGHTS_FEATURES,
    task: 'binary',
    algorithm: 'gbdt',
    params: { nIter: 100, earlyStopping: false },
    seed: 0,
  };
  const { train: trainRows, test } = splitForRun(table, spec, 0.2);
  const loadBefore = loadavg();
  const trained = await timed(() => train(spec, trainRows));
  const full = await timed(() => evaluateModel(trained.value, test, { seed: 0 }));
  const sampled = await timed(() =>
    evaluateModel(trained.value, evaluationRows(test, 0), { seed: 0 }),
  );
  const onnx = await timed(() => exportOnnx(trained.value));
  const fullMetrics = headlineMetrics(full.value);
  const sampledMetrics = headlineMetrics(sampled.value);
  const result = {
    bench: 'training: evaluation of a 1M-row run on all held-out rows vs the sampled ones',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      node: process.version,
      loadAverage: { before: loadBefore, after: loadavg() },
    },
    heldOutRows: test.numRows,
    sampledRows: Math.min(test.numRows, MAX_EVALUATION_ROWS),
    cpuSeconds: {
      train: trained.cpu,
      evaluateAll: full.cpu,
      evaluateSample: sampled.cpu,
      onnxExport: onnx.cpu,
    },
    shareOfTrain: {
      evaluateAllAndExport: round((full.cpu + onnx.cpu) / trained.cpu),
      evaluateSampleAndExport: round((sampled.cpu + onnx.cpu) / trained.cpu),
    },
    metrics: Object.fromEntries(
      Object.keys(fullMetrics).map((name) => [
        name,
        {
          all: round(fullMetrics[name]),
          sample: round(sampledMetrics[name]),
          difference: round(sampledMetrics[name] - fullMetrics[name]),
        },
      ]),
    ),
  };
  const out = path.join(root, 'bench/results/training-evaluation.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result.cpuSeconds), JSON.stringify(result.shareOfTrain));
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function timed(work) {
  const before = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(before);
  return { value, cpu: round((cpu.user + cpu.system) / 1e6) };
}

function round(value) {
  return Number(value.toFixed(4));
}

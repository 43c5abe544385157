// Bench: our GBDT vs scikit-learn HistGradientBoosting (and XGBoost when installed) on the same
// synthetic binary data set. Writes bench/results/engine-gbdt.json.
// Usage: node bench/engine/gbdt.mjs [rows=100000]   (needs /usr/bin/python3 with python3-sklearn)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rows = Number(process.argv[2] ?? 100_000);
const testRows = Math.round(rows / 10);
const threads = 2;
const features = 28;

execFileSync('npx', ['tsc', '-b', 'packages/engine'], { cwd: root, stdio: 'inherit' });
const { Table, trainGbdt, predictGbdt } = await import(
  path.join(root, 'packages/engine/dist/index.js')
);

const dir = mkdtempSync(path.join(tmpdir(), 'engine-gbdt-'));
try {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads) };
  const peerOutput = execFileSync(
    '/usr/bin/python3',
    [
      path.join(root, 'bench/engine/gbdt-peers.py'),
      dir,
      String(rows),
      String(testRows),
      String(threads),
    ],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { peers, missing } = JSON.parse(peerOutput);

  const total = rows + testRows;
  const columns = new Float64Array(readFileSync(path.join(dir, 'x-columns.f64')).buffer.slice(0));
  const y = new Float64Array(readFileSync(path.join(dir, 'y.f64')).buffer.slice(0));
  const column = (j, start, end) => columns.slice(j * total + start, j * total + end);
  const tableOf = (start, end) =>
    Table.fromColumns(
      Object.fromEntries(
        Array.from({ length: features }, (_, j) => [`f${j}`, column(j, start, end)]),
      ),
    );
  const train = tableOf(0, rows);
  const test = tableOf(rows, total);
  const params = {
    objective: 'binary',
    nIter: 100,
    learningRate: 0.1,
    numLeaves: 31,
    minSamplesLeaf: 20,
    maxBins: 255,
    earlyStopping: false,
  };
  const start = performance.now();
  const model = await trainGbdt(params, train, y.slice(0, rows));
  const fitSeconds = (performance.now() - start) / 1000;
  const p = predictGbdt(model, test);
  const yTest = y.slice(rows, total);
  const ours = {
    library: '@aistudio/engine (1 thread)',
    version: '0.1.0',
    fitSeconds: Number(fitSeconds.toFixed(3)),
    auc: rocAuc(yTest, p),
    logLoss: logLoss(yTest, p),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const result = {
    case: `GBDT binary, make_classification ${rows} train + ${testRows} held out x ${features}`,
    settings: { ...params, peerThreads: threads },
    machine: { cpus: cpus().length, node: process.version },
    date: new Date().toISOString(),
    results: [ours, ...peers],
    missing,
  };
  const out = path.join(root, 'bench/results/engine-gbdt.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.table(result.results);
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function rocAuc(y, score) {
  const order = Array.from(y.keys()).sort((a, b) => score[a] - score[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && score[order[j]] === score[order[i]]) j++;
    for (let k = i; k < j; k++) {
      if (y[order[k]] !== 1) continue;
      rankSum += (i + j + 1) / 2; // tied scores share their average rank
      positives++;
    }
    i = j;
  }
  const negatives = y.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function logLoss(y, p) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
    sum -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
  }
  return sum / y.length;
}

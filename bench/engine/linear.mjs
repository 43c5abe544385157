// Bench: our linear models vs scikit-learn on the same standardised synthetic data (binary and
// 5-class logistic with L2, binary logistic with L1, ridge, lasso), default tolerances on both
// sides. Writes bench/results/engine-linear.json.
// Usage: node bench/engine/linear.mjs [rows=100000]   (needs /usr/bin/python3 + sklearn)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rows = Number(process.argv[2] ?? 100_000);
const threads = 2;

// Same hyperparameters as linear-peers.py.
const PARAMS = {
  'logistic-l2': { task: 'binary', penalty: 'l2', C: 1 },
  'softmax-l2': { task: 'multiclass', penalty: 'l2', C: 1 },
  'logistic-l1': { task: 'binary', penalty: 'l1', C: 0.05 },
  ridge: { task: 'regression', penalty: 'l2', alpha: 1 },
  lasso: { task: 'regression', penalty: 'l1', alpha: 0.1 },
};

const dir = mkdtempSync(path.join(tmpdir(), 'engine-linear-'));
try {
  // Bundles only the linear models' sources, so the bench runs while other engine parts are mid-edit.
  const engine = path.join(dir, 'engine.mjs');
  await build({
    stdin: {
      contents: `export { trainLinear } from './linear/train.js';
        export { predictLinear } from './linear/model.js';
        export { matrix } from './matrix.js';`,
      resolveDir: path.join(root, 'packages/engine/src'),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: engine,
    logLevel: 'error',
  });
  const { trainLinear, predictLinear, matrix } = await import(pathToFileURL(engine).href);

  const env = {
    ...process.env,
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
  };
  const peerOutput = execFileSync(
    '/usr/bin/python3',
    [path.join(root, 'bench/engine/linear-peers.py'), dir, String(rows)],
    { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const peers = JSON.parse(peerOutput);

  const read = (name) => new Float64Array(readFileSync(path.join(dir, `${name}.f64`)).buffer);
  const results = [];
  for (const [name, params] of Object.entries(PARAMS)) {
    const [, p] = peers.cases[name].shape;
    const names = Array.from({ length: p }, (_, j) => `f${j}`);
    const yTrain = read(`${name}-y-train`);
    const yTest = read(`${name}-y-test`);
    const train = matrix(yTrain.length, p, read(`${name}-x-train`), names);
    const test = matrix(yTest.length, p, read(`${name}-x-test`), names);
    const start = performance.now();
    const model = await trainLinear(params, train, yTrain);
    const fitSeconds = (performance.now() - start) / 1000;
    const sk = peers.cases[name].sklearn;
    const ours = objective(model, train, yTrain);
    const heldOut =
      params.task === 'regression'
        ? { metric: 'RMSE', ours: rmse(yTest, predictLinear(model, test)), sklearn: sk.heldOutRmse }
        : {
            metric: 'log loss',
            ours: logLoss(yTest, predictLinear(model, test), model.coef.length),
            sklearn: sk.heldOutLogLoss,
          };
    results.push({
      case: name,
      shape: peers.cases[name].shape.join('×'),
      solver: model.params.solver,
      oursSeconds: Number(fitSeconds.toFixed(3)),
      sklearnSeconds: sk.fitSeconds,
      oursIter: model.iterations,
      sklearnIter: sk.nIter,
      oursConverged: model.converged,
      sklearnConverged: sk.converged,
      // (ours − scikit-learn) / scikit-learn, on scikit-learn's objective; negative = ours lower.
      objectiveGap: Number(((ours - sk.objective) / sk.objective).toExponential(2)),
      heldOut: heldOut.metric,
      oursHeldOut: Number(heldOut.ours.toFixed(5)),
      sklearnHeldOut: Number(heldOut.sklearn.toFixed(5)),
    });
  }
  const result = {
    case: `linear models, ${rows} training rows + ${rows / 10} held out, standardised synthetic data`,
    settings: {
      params: PARAMS,
      tolerances: 'defaults on both sides (tol 1e-4; lbfgs 100 iterations, cd 1000)',
      sklearn: `scikit-learn ${peers.sklearn}, BLAS threads ${threads}; ours 1 thread`,
    },
    machine: { cpus: cpus().length, node: process.version },
    date: new Date().toISOString(),
    results,
  };
  const out = path.join(root, 'bench/results/engine-linear.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.table(results);
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** scikit-learn's objective for the model's penalty (LogisticRegression, Ridge or Lasso scale). */
function objective(model, X, y) {
  const { params } = model;
  const k = model.coef.length;
  let data = 0;
  const z = new Float64Array(k);
  for (let i = 0; i < X.numRows; i++) {
    for (let c = 0; c < k; c++) {
      let s = model.intercept[c];
      for (let j = 0; j < X.numCols; j++) s += model.coef[c][j] * X.data[i * X.numCols + j];
      z[c] = s;
    }
    if (params.task === 'regression') data += (y[i] - z[0]) ** 2;
    else if (k === 1)
      data += Math.max(z[0], 0) + Math.log1p(Math.exp(-Math.abs(z[0]))) - y[i] * z[0];
    else {
      const max = Math.max(...z);
      let sum = 0;
      for (const v of z) sum += Math.exp(v - max);
      data += max + Math.log(sum) - z[y[i]];
    }
  }
  const w = model.coef.flat();
  const l1 = w.reduce((s, v) => s + Math.abs(v), 0);
  const l2 = w.reduce((s, v) => s + v * v, 0);
  if (params.task !== 'regression') {
    return (params.penalty === 'l1' ? l1 : 0.5 * l2) + params.C * data;
  }
  if (params.penalty === 'l1') return data / (2 * X.numRows) + params.alpha * l1;
  return data + params.alpha * l2;
}

function rmse(y, pred) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i] - pred[i]) ** 2;
  return Math.sqrt(sum / y.length);
}

function logLoss(y, p, k) {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const q = k === 1 ? (y[i] === 1 ? p[i] : 1 - p[i]) : p[i * k + y[i]];
    sum -= Math.log(Math.min(Math.max(q, 1e-15), 1 - 1e-15));
  }
  return sum / y.length;
}

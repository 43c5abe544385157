// Bench: quality parity on real data. 5-fold cross-validation of our GBDT, linear model
// (logistic / ridge) and random forest against scikit-learn 1.2.1 on penguins, breast cancer,
// wine, digits (accuracy) and diabetes (R²). Both sides train and test on the same rows: the
// folds come from our stratifiedKFold / kFold and are handed to the peer script.
// Writes bench/results/engine-parity.json. Target (issue 3): our mean score within 1% of the peer's.
// Usage: node bench/engine/parity.mjs [forestSeeds=5]   (needs /usr/bin/python3 + python3-sklearn)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const forestSeeds = Array.from({ length: Number(process.argv[2] ?? 5) }, (_, s) => s);
const TARGET = '__target__';
const TOLERANCE = 0.01;

// Same hyperparameters as parity-peers.py; the pipelines are train()'s defaults.
const GBDT = {
  nIter: 100,
  learningRate: 0.1,
  numLeaves: 31,
  minSamplesLeaf: 20,
  l2: 0,
  maxBins: 255,
  earlyStopping: false,
};
const linearParams = (task) => (task === 'regression' ? { alpha: 1 } : { C: 1, maxIter: 1000 });
const FOREST = { nTrees: 100 };

const dir = mkdtempSync(path.join(tmpdir(), 'engine-parity-'));
try {
  const engine = await bundleEngine(dir);
  const { Table, train, predict, stratifiedKFold, kFold } = engine;
  const python = (...args) =>
    execFileSync('/usr/bin/python3', [path.join(root, 'bench/engine/parity-peers.py'), ...args], {
      // One thread on both sides: this bench compares quality, and fit seconds like for like.
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });

  python('data', dir);
  const { datasets } = JSON.parse(readFileSync(path.join(dir, 'datasets.json'), 'utf8'));
  const folds = Object.fromEntries(
    datasets.map((d) => {
      const options = { nSplits: 5, shuffle: true, seed: 0 };
      const split =
        d.task === 'regression' ? kFold(d.y.length, options) : stratifiedKFold(d.y, options);
      return [d.name, split.map((f) => ({ train: [...f.train], test: [...f.test] }))];
    }),
  );
  writeFileSync(path.join(dir, 'folds.json'), JSON.stringify(folds));
  const peers = JSON.parse(python('fit', dir, forestSeeds.join(',')));

  const rows = [];
  for (const dataset of datasets) {
    const table = Table.fromColumns({
      ...Object.fromEntries(dataset.columns.map((c) => [c.name, c.values])),
      [TARGET]: dataset.y,
    });
    const cv = (algorithm, params, seed) =>
      crossValidate({ Table, train, predict }, table, dataset, folds[dataset.name], {
        target: TARGET,
        task: dataset.task,
        algorithm,
        params,
        seed,
      });
    const peer = peers.results[dataset.name];
    const forestRuns = [];
    for (const seed of forestSeeds) forestRuns.push(await cv('forest', FOREST, seed));
    const ours = {
      gbdt: await cv('gbdt', GBDT, 0),
      linear: await cv('linear', linearParams(dataset.task), 0),
      forest: {
        foldScoresPerSeed: forestRuns.map((r) => r.foldScores),
        fitSeconds: mean(forestRuns.map((r) => r.fitSeconds)),
      },
    };
    for (const model of ['gbdt', 'linear', 'forest']) {
      rows.push(compare(dataset, model, ours[model], peer[model]));
    }
  }

  const result = {
    bench: 'quality parity: 5-fold CV on real data, same folds for ours and scikit-learn',
    target: `our mean score >= scikit-learn's × (1 − ${TOLERANCE}) (accuracy; R² for diabetes)`,
    folds: 'our stratifiedKFold (regression: kFold), nSplits 5, shuffle, seed 0',
    threads: 'one on both sides (OMP_NUM_THREADS=1, n_jobs=1)',
    forestSeeds,
    settings: {
      gbdt: GBDT,
      linear: 'C 1, maxIter 1000 (logistic); alpha 1 (ridge)',
      forest: FOREST,
    },
    peer: { versions: peers.versions, models: peers.models },
    machine: { cpus: cpus().length, node: process.version, loadAverage: loadAverage() },
    date: new Date().toISOString(),
    results: rows,
    passed: rows.filter((r) => r.pass).length,
    total: rows.length,
  };
  const out = path.join(root, 'bench/results/engine-parity.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.table(
    rows.map((r) => ({
      dataset: r.dataset,
      model: r.model,
      ours: r.ours.toFixed(4),
      peer: r.peer.toFixed(4),
      gap: `${(100 * r.relativeGap).toFixed(2)}%`,
      pass: r.pass,
      'ours s': r.oursFitSeconds.toFixed(2),
      'peer s': r.peerFitSeconds.toFixed(2),
    })),
  );
  console.log(`${result.passed}/${result.total} within target; wrote ${path.relative(root, out)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Trains `spec` on each fold's training rows and scores its test rows, timing the fits. */
async function crossValidate(engine, table, dataset, folds, spec) {
  const foldScores = [];
  let fitSeconds = 0;
  for (const fold of folds) {
    const trainRows = table.take(fold.train);
    const testRows = table.take(fold.test);
    const start = performance.now();
    const model = await engine.train(spec, trainRows);
    fitSeconds += (performance.now() - start) / 1000;
    const prediction = engine.predict(model, testRows);
    const truth = fold.test.map((i) => dataset.y[i]);
    foldScores.push(
      dataset.task === 'regression'
        ? r2(truth, prediction.values)
        : truth.filter((label, i) => label === prediction.labels[i]).length / truth.length,
    );
  }
  return { foldScores, fitSeconds };
}

function compare(dataset, model, ours, peer) {
  const oursFolds = ours.foldScores ?? ours.foldScoresPerSeed.flat();
  const peerFolds = peer.foldScores ?? peer.foldScoresPerSeed.flat();
  const oursMean = mean(oursFolds);
  const peerMean = mean(peerFolds);
  const relativeGap = (oursMean - peerMean) / Math.abs(peerMean);
  return {
    dataset: dataset.name,
    task: dataset.task,
    metric: dataset.task === 'regression' ? 'r2' : 'accuracy',
    model,
    ours: oursMean,
    peer: peerMean,
    relativeGap,
    pass: relativeGap >= -TOLERANCE,
    oursFitSeconds: ours.fitSeconds,
    peerFitSeconds: peer.fitSeconds,
    oursFoldScores: ours.foldScores ?? ours.foldScoresPerSeed,
    peerFoldScores: peer.foldScores ?? peer.foldScoresPerSeed,
  };
}

function r2(truth, predicted) {
  const m = mean(truth);
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    residual += (truth[i] - predicted[i]) ** 2;
    total += (truth[i] - m) ** 2;
  }
  return 1 - residual / total;
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return null;
  }
}

// Bundles the engine from source, so the bench runs while other engine parts are mid-edit.
async function bundleEngine(outDir) {
  const outfile = path.join(outDir, 'engine.mjs');
  await build({
    entryPoints: [path.join(root, 'packages/engine/src/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

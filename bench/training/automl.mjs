// Bench: AutoML against a default GBDT (issue 5, part 4: "it must beat a default GBDT on most of
// the engine's parity datasets"). For each parity data set (penguins, breast cancer, wine, digits:
// accuracy; diabetes: R²) and each of three splits, both train on the same 75% of the rows
// (stratified for classes) and are scored on the other 25%: `automl` with a fixed time budget, and
// `train` with `{ algorithm: 'gbdt' }` and nothing else. The verdict compares mean test scores:
// test sets of 45 to 450 rows make one split's verdict mostly luck. Writes bench/results/automl.json.
// Usage: node bench/training/automl.mjs [budgetSeconds=20]   (needs /usr/bin/python3 +
// python3-sklearn for the data sets, written by bench/engine/parity-peers.py)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const budgetMs = Number(process.argv[2] ?? 20) * 1000;
const TARGET = '__target__';
const SPLIT_SEEDS = [0, 1, 2];
const TEST_SIZE = 0.25;

try {
  execFileSync('/usr/bin/python3', ['-c', 'import sklearn'], { stdio: 'ignore' });
} catch {
  console.error('missing: python3-sklearn (apt-get install python3-sklearn) to load the data sets');
  process.exit(1);
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-automl-'));
try {
  const engine = await bundleEngine(dir);
  execFileSync('/usr/bin/python3', [path.join(root, 'bench/engine/parity-peers.py'), 'data', dir], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const { datasets } = JSON.parse(readFileSync(path.join(dir, 'datasets.json'), 'utf8'));
  const results = [];
  for (const dataset of datasets) {
    const splits = [];
    for (const seed of SPLIT_SEEDS) {
      splits.push(await compare(engine, dataset, seed));
      const r = splits.at(-1);
      console.log(
        `${dataset.name} split ${seed}: automl ${r.automl.score.toFixed(4)} (${r.automl.bestAlgorithm}, ${r.automl.trials} trials) vs gbdt ${r.gbdt.score.toFixed(4)}`,
      );
    }
    const automlMean = mean(splits.map((r) => r.automl.score));
    const gbdtMean = mean(splits.map((r) => r.gbdt.score));
    results.push({
      dataset: dataset.name,
      task: dataset.task,
      metric: dataset.task === 'regression' ? 'r2' : 'accuracy',
      automlMean,
      gbdtMean,
      verdict: verdictOf(automlMean, gbdtMean),
      splitVerdicts: splits.map((r) => verdictOf(r.automl.score, r.gbdt.score)),
      splits,
    });
    console.log(
      `${dataset.name}: ${automlMean.toFixed(4)} vs ${gbdtMean.toFixed(4)} -> ${results.at(-1).verdict}`,
    );
  }
  const beats = results.filter((r) => r.verdict === 'beats').length;
  const result = {
    bench: 'automl vs a default GBDT on the parity data sets, same train/test split',
    target: 'automl beats the default GBDT on most data sets (more than half)',
    split: `stratified holdout (regression: plain), test ${TEST_SIZE}, seeds ${SPLIT_SEEDS.join(', ')}`,
    budgetMs,
    verdictRule:
      "'beats' if automl's mean test score over the splits is higher, 'ties' if equal, else 'loses'",
    machine: { cpus: cpus().length, node: process.version, loadAverage: loadAverage() },
    date: new Date().toISOString(),
    results,
    beats,
    total: results.length,
    passed: beats > results.length / 2,
  };
  const out = path.join(root, 'bench/results/automl.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(
    `automl beats default GBDT on ${beats}/${results.length}; wrote ${path.relative(root, out)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Trains both on the same training rows and scores them on the same test rows. */
async function compare(engine, dataset, seed) {
  const { Table, train, predict, automl, holdoutSplit, stratifiedHoldoutSplit } = engine;
  const table = Table.fromColumns({
    ...Object.fromEntries(dataset.columns.map((c) => [c.name, c.values])),
    [TARGET]: dataset.y,
  });
  const options = { testSize: TEST_SIZE, seed };
  const split =
    dataset.task === 'regression'
      ? holdoutSplit(dataset.y.length, options)
      : stratifiedHoldoutSplit(dataset.y, options);
  const trainRows = table.take(split.train);
  const testRows = table.take(split.test);
  const truth = [...split.test].map((i) => dataset.y[i]);
  const score = (model) => {
    const prediction = predict(model, testRows);
    return dataset.task === 'regression'
      ? r2(truth, prediction.values)
      : truth.filter((label, i) => label === prediction.labels[i]).length / truth.length;
  };

  let start = performance.now();
  const gbdt = await train({ target: TARGET, task: dataset.task, algorithm: 'gbdt' }, trainRows);
  const gbdtMs = performance.now() - start;

  start = performance.now();
  const found = await automl(trainRows, {
    target: TARGET,
    task: dataset.task,
    timeBudgetMs: budgetMs,
    seed,
  });
  const automlMs = performance.now() - start;

  const ours = score(found.model);
  const baseline = score(gbdt);
  const byStatus = {};
  for (const t of found.leaderboard) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  return {
    seed,
    trainRows: split.train.length,
    testRows: split.test.length,
    automl: {
      score: ours,
      validationScore: found.best.score,
      bestAlgorithm: found.best.algorithm,
      bestParams: found.best.params,
      validation: found.validation,
      trials: found.leaderboard.length,
      trialsByStatus: byStatus,
      trialsByAlgorithm: countBy(found.leaderboard, (t) => t.algorithm),
      stoppedBy: found.stoppedBy,
      wallMs: Math.round(automlMs),
      overBudgetMs: Math.max(0, Math.round(automlMs - budgetMs)),
      longestTrialMs: Math.max(...found.leaderboard.map((t) => t.durationMs)),
      top5: found.leaderboard.slice(0, 5).map((t) => ({
        rank: t.rank,
        algorithm: t.algorithm,
        score: t.score,
        status: t.status,
        durationMs: t.durationMs,
      })),
    },
    gbdt: { score: baseline, fitMs: Math.round(gbdtMs) },
  };
}

function verdictOf(ours, baseline) {
  return ours > baseline ? 'beats' : ours === baseline ? 'ties' : 'loses';
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function r2(truth, predicted) {
  const m = truth.reduce((a, b) => a + b, 0) / truth.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    residual += (truth[i] - predicted[i]) ** 2;
    total += (truth[i] - m) ** 2;
  }
  return 1 - residual / total;
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

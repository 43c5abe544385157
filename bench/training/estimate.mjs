// Bench: calibrates and checks the training-time estimate (issue 5, part 5). Trains a seeded,
// random grid of shapes per algorithm (rows, features, share of categorical features and their
// cardinality, classes, iterations, trees or the linear solver's budget, leaves, layers) on
// synthetic data, one thread, and records each run's CPU seconds. Two thirds of the runs fit the
// cost model's coefficients (least squares on relative error, coefficients >= 0); the other
// third are held out and scored: median and p90 relative error, and how often the measured time
// falls in [low, high]. CPU seconds, not wall time, because the machine is shared: another
// engineer's job stretches wall time but not this process's CPU time.
// Writes bench/results/training-estimate.json and prints the coefficient table to paste into
// packages/engine/src/estimate/training-cost-table.ts.
// Usage: node bench/training/estimate.mjs [runsPerAlgorithm=24]   (about 2 minutes)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.argv[2] ?? 24);
const HELD_OUT_EVERY = 3; // every third run is held out
const SHORT_RUN = 0.1; // seconds
// Rejects configurations whose rough work count would take more than ~2 s, to keep the bench short.
const MAX_WORK = { gbdt: 8e7, forest: 1.5e8, tree: 2e8, linear: 3e8, mlp: 4e8 };
// Every LARGE_EVERY-th run draws 100k-1M rows with a short budget (up to LARGE_WORK_FACTOR × the
// work): fitted on small tables only, per-tree and per-call costs passed as per-row ones and the
// estimate of a 1M-row run came out 2.3 times too long.
const LARGE_EVERY = 4;
const LARGE_WORK_FACTOR = 5;

const dir = mkdtempSync(path.join(tmpdir(), 'bench-estimate-'));
try {
  const engine = await bundleEngine(dir);
  const loadBefore = loadavg();
  await warmUp(engine);
  const algorithms = {};
  const table = {};
  for (const [index, algorithm] of ['gbdt', 'forest', 'tree', 'linear', 'mlp'].entries()) {
    const runs = [];
    const random = engine.__random(1000 + index);
    while (runs.length < RUNS) {
      const large = runs.length % LARGE_EVERY === LARGE_EVERY - 1;
      const config = drawConfig(engine, algorithm, random, large);
      const terms = engine.trainingCostTerms(config.spec, config.shape);
      if (roughWork(terms) > MAX_WORK[algorithm] * (large ? LARGE_WORK_FACTOR : 1)) continue;
      const measured = await measure(engine, config);
      runs.push({ ...config, terms, ...measured, heldOut: runs.length % HELD_OUT_EVERY === 2 });
      process.stdout.write('.');
    }
    const fit = fitCoefficients(runs.filter((r) => !r.heldOut));
    const scored = runs.map((r) => ({ ...r, estimate: estimateWith(fit, r.terms) }));
    const heldOut = scored.filter((r) => r.heldOut);
    table[algorithm] = fit;
    algorithms[algorithm] = {
      calibrationRuns: runs.length - heldOut.length,
      heldOutRuns: heldOut.length,
      heldOut: errorSummary(heldOut),
      calibration: errorSummary(scored.filter((r) => !r.heldOut)),
      runs: scored.map(describeRun),
    };
    console.log(
      `\n${algorithm}: held-out median ${pct(algorithms[algorithm].heldOut.medianRelativeError)}, p90 ${pct(algorithms[algorithm].heldOut.p90RelativeError)}`,
    );
  }
  const allHeldOut = Object.values(algorithms).flatMap((a) => a.runs.filter((r) => r.heldOut));
  const result = {
    bench: 'training-time estimate: calibrated cost model vs measured CPU seconds',
    method:
      'seeded random configurations per algorithm on synthetic data; 2/3 fit the coefficients ' +
      '(non-negative least squares on relative error), 1/3 held out; relative error = ' +
      '|estimate - measured| / measured; in range = measured within [low, high]',
    note:
      'GBDT and MLP run their full budget here (no early stopping), as the estimate assumes; ' +
      'linear solvers stop at their tolerance or at the drawn iteration budget (maxIter)',
    machine: {
      cpus: cpus().length,
      node: process.version,
      loadAverage: { before: loadBefore, after: loadavg() },
    },
    date: new Date().toISOString(),
    overall: errorSummary(allHeldOut),
    overallLargeTables: errorSummary(allHeldOut.filter((r) => r.rows >= 100_000)),
    // The error by share of categorical features: does the model hold beyond numeric tables?
    byCategoricalShare: {
      none: errorSummary(allHeldOut.filter((r) => r.categoricalFeatures === 0)),
      upToHalf: errorSummary(
        allHeldOut.filter(
          (r) => r.categoricalFeatures > 0 && r.categoricalFeatures <= r.features / 2,
        ),
      ),
      overHalf: errorSummary(allHeldOut.filter((r) => r.categoricalFeatures > r.features / 2)),
    },
    algorithms,
    coefficients: table,
  };
  const out = path.join(root, 'bench/results/training-estimate.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(
    `overall held-out: median ${pct(result.overall.medianRelativeError)}, p90 ${pct(result.overall.p90RelativeError)}, in range ${pct(result.overall.inRange)}`,
  );
  console.log(
    `wrote ${path.relative(root, out)}\n\nPaste into packages/engine/src/estimate/training-cost-table.ts:\n`,
  );
  console.log(
    `export const TRAINING_COST: Readonly<Record<Algorithm, CostCoefficients>> = ${JSON.stringify(table, null, 2)};`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** A random training job of `algorithm`: its spec and the shape of its synthetic table. */
function drawConfig(engine, algorithm, random, large) {
  const logUniform = (lo, hi) => Math.round(Math.exp(Math.log(lo) + random() * Math.log(hi / lo)));
  const pick = (values) => values[Math.floor(random() * values.length)];
  const task = pick(['binary', 'regression', 'multiclass']);
  const classes = task === 'binary' ? 2 : task === 'multiclass' ? pick([3, 4, 5]) : 0;
  const rows = large
    ? logUniform(100_000, 1_000_000)
    : logUniform(1000, algorithm === 'linear' || algorithm === 'tree' ? 80_000 : 40_000);
  const features = logUniform(3, 30);
  // Real tables mix numbers with categories (flights: 4 numeric, 2 airports of ~200 values).
  const categorical = Math.min(features - 1, Math.round(features * pick([0, 0, 0.25, 0.5, 0.8])));
  const cardinality = logUniform(3, 300);
  const params = {
    gbdt: () => ({
      nIter: logUniform(10, 80),
      numLeaves: pick([7, 15, 31, 63]),
      earlyStopping: false,
    }),
    forest: () => ({
      nTrees: logUniform(5, 40),
      ...(random() < 0.3 ? { maxDepth: pick([6, 10]) } : {}),
    }),
    tree: () => (random() < 0.3 ? { maxDepth: pick([6, 10]) } : {}),
    // Mostly a drawn iteration budget: at the default one only, the passes over the data grow
    // with rows × features exactly as preprocessing does, and the fit cannot tell them apart.
    linear: () => (random() < 0.75 ? { maxIter: logUniform(2, 200) } : {}),
    mlp: () => {
      const maxEpochs = logUniform(3, 20);
      const width = logUniform(8, 128);
      return {
        hiddenLayerSizes: random() < 0.3 ? [width, Math.max(4, width >> 1)] : [width],
        maxEpochs,
        // Never stop on a plateau: the estimate counts the full epoch budget.
        nIterNoChange: maxEpochs + 1,
      };
    },
  }[algorithm]();
  return {
    spec: { target: 'y', task, algorithm, params },
    shape: {
      rows,
      features,
      classes,
      encodedFeatures: engine.encodedFeatureCount(
        features - categorical,
        Array.from({ length: categorical }, () => cardinality),
      ),
    },
    categorical: { columns: categorical, cardinality },
    seed: Math.floor(random() * 1e9),
  };
}

// The largest term stands in for the work; its scale differs per algorithm, hence MAX_WORK.
function roughWork(terms) {
  return Math.max(...terms.values.slice(1));
}

/**
 * Generates the config's table, then times `train` on it (table building is not timed). A run
 * under 0.1 s is repeated and the fastest kept: at that size a GC pause or a timer tick is a
 * large share of the time.
 */
async function measure(engine, { spec, shape, categorical, seed }) {
  const table = syntheticTable(engine, shape, seed, categorical);
  let best = null;
  for (let attempt = 0; attempt < 3 && !(best?.cpuSeconds >= SHORT_RUN); attempt++) {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await engine.train(spec, table);
    const wallSeconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (!best || cpuSeconds < best.cpuSeconds) best = { cpuSeconds, wallSeconds };
  }
  return best;
}

/**
 * Features uniform in [-1, 1], the last `categorical.columns` of them cut into `cardinality`
 * categories (skewed: a few frequent values, a long tail); the target a noisy nonlinear function
 * of the first few.
 */
function syntheticTable(
  engine,
  { rows, features, classes },
  seed,
  categorical = { columns: 0, cardinality: 0 },
) {
  const random = engine.__random(seed);
  const columns = {};
  const values = [];
  for (let j = 0; j < features; j++) {
    values.push(Float64Array.from({ length: rows }, () => random() * 2 - 1));
  }
  const x = (j, i) => values[j % features][i];
  const signal = Float64Array.from(
    { length: rows },
    (_, i) => x(0, i) + Math.sin(3 * x(1, i)) + x(2, i) * x(0, i) + 0.5 * (random() - 0.5),
  );
  const numeric = features - categorical.columns;
  const levels = Array.from({ length: categorical.cardinality }, (_, c) => `c${c}`);
  values.forEach((column, j) => {
    if (j < numeric) {
      columns[`x${j}`] = column;
      return;
    }
    const codes = Int32Array.from(column, (v) =>
      Math.min(
        categorical.cardinality - 1,
        Math.floor(((v + 1) / 2) ** 2 * categorical.cardinality),
      ),
    );
    columns[`x${j}`] = { codes, categories: levels };
  });
  columns.y =
    classes === 0
      ? signal
      : Float64Array.from(signal, (s) =>
          Math.min(classes - 1, Math.floor(((s + 2.5) / 5) * classes + (random() - 0.5))),
        ).map((c) => Math.max(0, c));
  return engine.Table.fromColumns(columns);
}

/** One small run per algorithm so JIT compilation is not billed to the first measured run. */
async function warmUp(engine) {
  for (const algorithm of ['gbdt', 'forest', 'tree', 'linear', 'mlp']) {
    const table = syntheticTable(engine, { rows: 2000, features: 5, classes: 2 }, 1);
    await engine.train({ target: 'y', task: 'binary', algorithm }, table);
  }
}

/**
 * Coefficients >= 0 minimising Σ ((Σ c·t − y) / y)²: the best of the least-squares fits on every
 * subset of the terms whose coefficients all come out non-negative (at most 2^6 subsets).
 */
function fitCoefficients(runs) {
  const names = runs[0].terms.names;
  const k = names.length;
  let best = null;
  for (let mask = 1; mask < 1 << k; mask++) {
    const used = names.map((_, j) => j).filter((j) => mask & (1 << j));
    // Each row divided by the measured time: ordinary least squares on relative error.
    const a = runs.map((r) => used.map((j) => r.terms.values[j] / r.cpuSeconds));
    const b = runs.map(() => 1);
    const c = leastSquares(a, b);
    if (!c || c.some((v) => !(v >= 0))) continue;
    const loss = a.reduce(
      (s, row, i) => s + (row.reduce((t, v, j) => t + v * c[j], 0) - b[i]) ** 2,
      0,
    );
    if (!best || loss < best.loss) best = { loss, used, c };
  }
  const perUnit = Object.fromEntries(names.map((name) => [name, 0]));
  best.used.forEach((j, i) => (perUnit[names[j]] = Number(best.c[i].toPrecision(4))));
  // The band: the spread of measured ÷ estimated over the calibration runs.
  const ratios = runs
    .map((r) => r.cpuSeconds / estimateWith({ perUnit, low: 1, high: 1 }, r.terms).seconds)
    .sort((x, y) => x - y);
  return {
    perUnit,
    low: Number(Math.min(1, quantile(ratios, 0.1)).toFixed(3)),
    high: Number(Math.max(1, quantile(ratios, 0.9)).toFixed(3)),
  };
}

/** Solves min ‖A c − b‖ by the normal equations on column-scaled A (Gaussian elimination). */
function leastSquares(a, b) {
  const k = a[0].length;
  const scale = Array.from({ length: k }, (_, j) => Math.hypot(...a.map((row) => row[j])) || 1);
  const m = Array.from({ length: k }, () => new Array(k + 1).fill(0));
  for (let i = 0; i < a.length; i++) {
    for (let p = 0; p < k; p++) {
      for (let q = 0; q < k; q++) m[p][q] += (a[i][p] / scale[p]) * (a[i][q] / scale[q]);
      m[p][k] += (a[i][p] / scale[p]) * b[i];
    }
  }
  for (let p = 0; p < k; p++) {
    let pivot = p;
    for (let r = p + 1; r < k; r++) if (Math.abs(m[r][p]) > Math.abs(m[pivot][p])) pivot = r;
    [m[p], m[pivot]] = [m[pivot], m[p]];
    if (Math.abs(m[p][p]) < 1e-12) return null;
    for (let r = 0; r < k; r++) {
      if (r === p) continue;
      const f = m[r][p] / m[p][p];
      for (let q = p; q <= k; q++) m[r][q] -= f * m[p][q];
    }
  }
  return m.map((row, p) => row[k] / row[p] / scale[p]);
}

/** What estimateTrainingSeconds gives with these coefficients (the same sum over the same terms). */
function estimateWith({ perUnit, low, high }, terms) {
  const seconds = terms.names.reduce((s, name, j) => s + (perUnit[name] ?? 0) * terms.values[j], 0);
  return { seconds: round4(seconds), low: round4(seconds * low), high: round4(seconds * high) };
}

function errorSummary(runs) {
  const relative = runs
    .map((r) => Math.abs(r.estimate.seconds - r.cpuSeconds) / r.cpuSeconds)
    .sort((x, y) => x - y);
  const inRange = runs.filter(
    (r) => r.cpuSeconds >= r.estimate.low && r.cpuSeconds <= r.estimate.high,
  ).length;
  return {
    runs: runs.length,
    medianRelativeError: round3(quantile(relative, 0.5)),
    p90RelativeError: round3(quantile(relative, 0.9)),
    inRange: round3(inRange / runs.length),
  };
}

function describeRun(r) {
  return {
    algorithm: r.spec.algorithm,
    task: r.spec.task,
    ...r.shape,
    categoricalFeatures: r.categorical.columns,
    cardinality: r.categorical.cardinality,
    params: r.spec.params,
    cpuSeconds: round3(r.cpuSeconds),
    wallSeconds: round3(r.wallSeconds),
    estimate: r.estimate,
    heldOut: r.heldOut,
  };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function round3(x) {
  return Number(x.toFixed(3));
}

function round4(x) {
  return Number(x.toPrecision(4));
}

function pct(x) {
  return `${(100 * x).toFixed(1)}%`;
}

// Bundles the engine from source, so the bench runs while other engine parts are mid-edit.
async function bundleEngine(outDir) {
  const entry = path.join(outDir, 'entry.ts');
  // The engine's seeded generator is internal; the bench re-exports it to draw its grid.
  writeFileSync(
    entry,
    `export * from ${JSON.stringify(path.join(root, 'packages/engine/src/index.ts'))};\n` +
      `export { createRandom as __random } from ${JSON.stringify(path.join(root, 'packages/engine/src/random.ts'))};\n`,
  );
  const outfile = path.join(outDir, 'engine.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

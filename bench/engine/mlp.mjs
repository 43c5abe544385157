// Bench: our MLP vs scikit-learn MLPClassifier on the same standardised binary data set
// (make_classification 80k × 10, 20% held out), two hidden layers of 64, Adam, batch 200.
// Writes bench/results/engine-mlp.json.
// Usage: node bench/engine/mlp.mjs [samples=80000] [epochs=5]   (needs /usr/bin/python3 + sklearn)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = Number(process.argv[2] ?? 80_000);
const epochs = Number(process.argv[3] ?? 5);
const runs = 3;

// The machine is shared: the 1, 5 and 15 minute load averages say how noisy wall times are.
const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const dir = mkdtempSync(path.join(tmpdir(), 'engine-mlp-'));
try {
  // Bundles only the MLP's sources, so the bench runs while other engine parts are mid-edit.
  const engine = path.join(dir, 'engine.mjs');
  await build({
    stdin: {
      contents: `export { trainMlp } from './mlp/train.js';
        export { predictMlp } from './mlp/model.js';
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
  const { trainMlp, predictMlp, matrix } = await import(pathToFileURL(engine).href);

  const peerOutput = execFileSync(
    '/usr/bin/python3',
    [path.join(root, 'bench/engine/mlp-peers.py'), dir, String(samples), String(epochs)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { peers } = JSON.parse(peerOutput);

  const read = (name) => new Float64Array(readFileSync(path.join(dir, `${name}.f64`)).buffer);
  const names = Array.from({ length: 10 }, (_, j) => `f${j}`);
  const xTrain = read('x-train');
  const yTrain = read('y-train');
  const xTest = read('x-test');
  const yTest = read('y-test');
  const train = matrix(yTrain.length, 10, xTrain, names);
  const test = matrix(yTest.length, 10, xTest, names);
  const params = {
    objective: 'binary',
    hiddenLayerSizes: [64, 64],
    solver: 'adam',
    batchSize: 200,
    maxEpochs: epochs,
  };
  // Both implementations of the products: SIMD is the default, JavaScript the fallback.
  const ours = [];
  for (const [kernels, label] of [
    ['wasm-simd', 'WebAssembly SIMD f32x4'],
    ['javascript', 'JavaScript fallback'],
  ]) {
    const results = [];
    for (let seed = 0; seed < runs; seed++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const model = await trainMlp({ ...params, seed }, train, yTrain, { kernels });
      const fitSeconds = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const p = predictMlp(model, test);
      let correct = 0;
      for (let i = 0; i < yTest.length; i++) correct += +((p[i] > 0.5 ? 1 : 0) === yTest[i]);
      results.push({ fitSeconds, cpuSeconds, accuracy: correct / yTest.length });
    }
    ours.push({
      library: `@aistudio/engine MLP (float32, 1 thread, ${label})`,
      version: '0.1.0',
      fitSeconds: Number(Math.min(...results.map((r) => r.fitSeconds)).toFixed(3)),
      fitSecondsAll: results.map((r) => Number(r.fitSeconds.toFixed(3))),
      cpuSeconds: Number(Math.min(...results.map((r) => r.cpuSeconds)).toFixed(3)),
      accuracy: Number((results.reduce((s, r) => s + r.accuracy, 0) / runs).toFixed(4)),
      accuracyAll: results.map((r) => r.accuracy),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
  }
  const sklearn = peers[0];
  const result = {
    case: `MLP binary, make_classification ${samples} × 10 (20% held out), 64-64 relu, Adam, batch 200, ${epochs} epochs`,
    settings: {
      ...params,
      runsPerLibrary: runs,
      timing: 'fastest of the runs; accuracy is the mean',
    },
    machine: { cpus: cpus().length, node: process.version, loadAverage: loadAtStart },
    date: new Date().toISOString(),
    results: [...ours, ...peers],
    // The default (SIMD) implementation against scikit-learn.
    ratio: {
      fitSeconds: Number((ours[0].fitSeconds / sklearn.fitSeconds).toFixed(2)),
      cpuSeconds: Number((ours[0].cpuSeconds / sklearn.cpuSeconds).toFixed(2)),
      accuracyDifference: Number((ours[0].accuracy - sklearn.accuracy).toFixed(4)),
    },
  };
  const out = path.join(root, 'bench/results/engine-mlp.json');
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.table(
    result.results.map(({ library, fitSeconds, cpuSeconds, accuracy, peakRssMb }) => ({
      library,
      fitSeconds,
      cpuSeconds,
      accuracy,
      peakRssMb,
    })),
  );
  console.log(result.ratio, `wrote ${path.relative(root, out)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

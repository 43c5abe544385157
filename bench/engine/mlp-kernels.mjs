// Microbench of the MLP's hot loops, JavaScript vs WebAssembly SIMD, at the shapes of the MLP bench
// (batch 200, 10 inputs, 64-64 hidden, 1 output): the forward products, the two backward products
// (weight gradients Aᵀ·D and input deltas D·Wᵀ) and the Adam update. CPU seconds, best of 5.
// Writes bench/results/engine-mlp-kernels.json.   Usage: node bench/engine/mlp-kernels.mjs
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
const bundled = await build({
  stdin: {
    contents: `export { javascriptKernels } from './mlp/kernels.js';
      export { createSimdKernels } from './mlp/simd-kernels.js';
      export { applyUpdate, createOptimizerState } from './mlp/optimizers.js';
      export { adamFunction } from '../../../bench/engine/mlp-adam-simd.mjs';
      export { encodeModule } from './wasm/module-encoder.js';`,
    resolveDir: path.join(root, 'packages/engine/src'),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'error',
});
const engine = await import(
  'data:text/javascript;base64,' + Buffer.from(bundled.outputFiles[0].text).toString('base64')
);

const BATCH = 200;
const SIZES = [10, 64, 64, 1];
const products = [];
for (let l = 0; l < SIZES.length - 1; l++) {
  const [k, n] = [SIZES[l], SIZES[l + 1]];
  products.push({ name: `forward A·W ${BATCH}×${k}·${k}×${n}`, op: 'multiply', m: BATCH, k, n });
  products.push({
    name: `weight gradient Aᵀ·D ${k}×${BATCH}·${BATCH}×${n}`,
    op: 'multiplyTransposedA',
    m: BATCH,
    k,
    n,
  });
  if (l > 0)
    products.push({
      name: `input delta D·Wᵀ ${BATCH}×${n}·${n}×${k}`,
      op: 'multiply',
      m: BATCH,
      k: n,
      n: k,
    });
}

function cpuSecondsOf(fn, reps) {
  let best = Infinity;
  for (let t = 0; t < 5; t++) {
    const start = process.cpuUsage();
    for (let r = 0; r < reps; r++) fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best / reps;
}

function fill(array, seed) {
  for (let i = 0; i < array.length; i++) array[i] = Math.sin(seed + i * 0.37);
  return array;
}

const results = [];
for (const p of products) {
  const lengths = [p.m * p.k, p.k * p.n, p.m * p.n];
  const timing = {};
  for (const kernels of [engine.javascriptKernels, engine.createSimdKernels()]) {
    const [a, b, c] = kernels.allocate(lengths);
    fill(a, 1);
    fill(b, 2);
    // The weight gradient reads A (m×k) and B (m×n): the same buffers, other roles.
    const run =
      p.op === 'multiply'
        ? () => kernels.multiply(a, b, c, p.m, p.k, p.n)
        : () => kernels.multiplyTransposedA(a, c, b, p.m, p.k, p.n);
    const reps = Math.max(20, Math.round(2e8 / (p.m * p.k * p.n * 10)));
    const seconds = cpuSecondsOf(run, reps);
    timing[kernels.name] = {
      microseconds: Number((seconds * 1e6).toFixed(2)),
      gmacPerSecond: Number(((p.m * p.k * p.n) / seconds / 1e9).toFixed(2)),
    };
  }
  results.push({ kernel: p.name, ...timing, speedup: ratio(timing) });
}

// Adam over every parameter of the 10-64-64-1 network, once per mini-batch.
const count = 10 * 64 + 64 + 64 * 64 + 64 + 64 + 1;
const settings = { solver: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
const adamTiming = {};
{
  const state = engine.createOptimizerState('adam', count);
  const parameters = fill(new Float32Array(count), 3);
  const gradients = fill(new Float32Array(count), 4).map((g) => g * 1e-3);
  const seconds = cpuSecondsOf(
    () => engine.applyUpdate(settings, state, parameters, gradients),
    2000,
  );
  adamTiming.javascript = { microseconds: Number((seconds * 1e6).toFixed(2)) };
}
{
  const bytes = engine.encodeModule([engine.adamFunction()]);
  const memory = new WebAssembly.Memory({ initial: 2 });
  const { adam } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
    .exports;
  const f32 = new Float32Array(memory.buffer);
  const stride = Math.ceil(count / 4) * 4;
  fill(f32.subarray(0, count), 3);
  f32.subarray(stride, stride + count).set(fill(new Float32Array(count), 4).map((g) => g * 1e-3));
  let step = 0;
  const seconds = cpuSecondsOf(() => {
    step++;
    const { learningRate: lr, beta1, beta2, epsilon } = settings;
    const rate = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
    adam(
      0,
      stride * 4,
      stride * 8,
      stride * 12,
      count,
      beta1,
      beta2,
      1 - beta1,
      1 - beta2,
      rate,
      epsilon,
    );
  }, 2000);
  adamTiming['wasm-simd'] = { microseconds: Number((seconds * 1e6).toFixed(2)) };
}
results.push({
  kernel: `Adam update, ${count} parameters`,
  ...adamTiming,
  speedup: ratio(adamTiming),
});

function ratio(timing) {
  return Number((timing.javascript.microseconds / timing['wasm-simd'].microseconds).toFixed(2));
}

const steps = Math.ceil(64_000 / BATCH) * 5;
const perStep = (name) => results.reduce((s, r) => s + r[name].microseconds, 0);
const out = {
  case: `MLP hot loops at batch ${BATCH}, ${SIZES.join('-')} network (the shapes of engine-mlp.json)`,
  timing: 'CPU time per call, best of 5 repetitions',
  machine: { cpus: cpus().length, node: process.version, loadAverage: loadAtStart },
  date: new Date().toISOString(),
  results,
  // What these loops cost over the MLP bench's 5 epochs of 64k rows (dense JavaScript, no ReLU skipping).
  secondsPerFiveEpochs: {
    javascript: Number(((perStep('javascript') * steps) / 1e6).toFixed(3)),
    'wasm-simd': Number(((perStep('wasm-simd') * steps) / 1e6).toFixed(3)),
  },
};
const file = path.join(root, 'bench/results/engine-mlp-kernels.json');
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.table(
  results.map((r) => ({
    kernel: r.kernel,
    jsMicroseconds: r.javascript.microseconds,
    simdMicroseconds: r['wasm-simd'].microseconds,
    speedup: r.speedup,
  })),
);
console.log(out.secondsPerFiveEpochs, `wrote ${path.relative(root, file)}`);

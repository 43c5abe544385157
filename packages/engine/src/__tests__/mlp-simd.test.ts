import { describe, expect, it, vi } from 'vitest';
import { matrix, type Matrix } from '../matrix.js';
import { createMlpKernels } from '../mlp/choose-kernels.js';
import { javascriptKernels, type MlpKernels } from '../mlp/kernels.js';
import { predictMlp, type MlpModel } from '../mlp/model.js';
import type { MlpParams } from '../mlp/params.js';
import { createSimdKernels, simdSupported } from '../mlp/simd-kernels.js';
import { trainMlp } from '../mlp/train.js';
import { encodeModule, sleb, uleb } from '../wasm/module-encoder.js';
import type { WasmRuntime } from '../wasm/runtime.js';
import { createRandom } from '../random.js';

// The engine compiles without DOM types, so the global is typed here as far as the tests use it.
const wasm = (
  globalThis as unknown as {
    WebAssembly: WasmRuntime & { CompileError: new (message: string) => Error };
  }
).WebAssembly;

function fillRandom(array: Float32Array, seed: number, zeroShare = 0): Float32Array {
  const random = createRandom(seed);
  for (let i = 0; i < array.length; i++) array[i] = random() < zeroShare ? 0 : 2 * random() - 1;
  return array;
}

/** The SIMD kernel's contract: per cell, a float32 sum in ascending order, no fused multiply-add. */
function float32Product(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = Math.fround(s + Math.fround(a[i * k + p]! * b[p * n + j]!));
      c[i * n + j] = s;
    }
  return c;
}

function transposed(a: Float32Array, m: number, k: number): Float32Array {
  const t = new Float32Array(m * k);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) t[p * m + i] = a[i * k + p]!;
  return t;
}

// Odd sizes exercise every tail: 4-row tiles and single rows, 8-, 4- and 1-column tiles.
const shapes = [
  [1, 1, 1],
  [7, 5, 9],
  [13, 10, 64],
  [200, 64, 1],
  [9, 17, 11],
  [6, 3, 13],
] as const;

describe('WebAssembly SIMD kernels', () => {
  it('are supported by this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(simdSupported()).toBe(true);
    expect(createMlpKernels().name).toBe('wasm-simd');
    expect(createMlpKernels('javascript').name).toBe('javascript');
  });

  for (const [m, k, n] of shapes) {
    it(`multiply equals the float32 loop bit for bit (${m}×${k}·${k}×${n})`, () => {
      const kernels = createSimdKernels();
      const [a, b, c, g] = kernels.allocate([m * k, k * n, m * n, k * n]);
      fillRandom(a!, 1, 0.3);
      fillRandom(b!, 2);
      kernels.multiply(a!, b!, c!, m, k, n);
      expect(c).toEqual(float32Product(a!, b!, m, k, n));
      // Aᵀ · C, as for a weight gradient: the same contract on the transposed operand.
      kernels.multiplyTransposedA(a!, c!, g!, m, k, n);
      expect(g).toEqual(float32Product(transposed(a!, m, k), c!, k, m, n));
    });
  }

  it('agree with the JavaScript kernels within float32 rounding', () => {
    const [m, k, n] = [50, 64, 64];
    const results = [javascriptKernels, createSimdKernels()].map((kernels: MlpKernels) => {
      const [a, b, c] = kernels.allocate([m * k, k * n, m * n]);
      fillRandom(a!, 3);
      fillRandom(b!, 4);
      kernels.multiply(a!, b!, c!, m, k, n);
      return c!;
    });
    results[0]!.forEach((v, i) => expect(Math.abs(v - results[1]![i]!)).toBeLessThan(1e-5));
  });

  it('refuse a buffer that is not in their memory', () => {
    const kernels = createSimdKernels();
    const [a, b] = kernels.allocate([4, 4]);
    expect(() => kernels.multiply(a!, b!, new Float32Array(4), 2, 2, 2)).toThrow(/buffer/);
  });

  it('fall back to JavaScript where WebAssembly is missing', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('../mlp/choose-kernels.js');
      expect(fresh.createMlpKernels().name).toBe('javascript');
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('fall back to JavaScript where compiling is refused (a page whose CSP lacks wasm-unsafe-eval)', async () => {
    vi.resetModules();
    const refusing = {
      ...wasm,
      validate: wasm.validate,
      Module: function Module() {
        throw new wasm.CompileError("Refused to compile: 'wasm-unsafe-eval' is not allowed");
      },
    };
    vi.stubGlobal('WebAssembly', refusing);
    try {
      const fresh = await import('../mlp/choose-kernels.js');
      expect(fresh.createMlpKernels().name).toBe('javascript');
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});

describe('module encoder', () => {
  it('writes LEB128 as the WebAssembly spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('emits a module the runtime validates, and one it rejects when a body is broken', () => {
    const ok = { name: 'noop', params: [], locals: [], body: [] };
    expect(wasm.validate(encodeModule([ok]))).toBe(true);
    expect(wasm.validate(encodeModule([{ ...ok, body: [0x6a] }]))).toBe(false);
  });
});

function moons(n: number, seed: number): { x: Matrix; y: Float64Array } {
  const random = createRandom(seed);
  const data = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.PI * random();
    const upper = i % 2 === 0;
    data[2 * i] = (upper ? Math.cos(t) : 1 - Math.cos(t)) - 0.5 + 0.1 * (random() - 0.5);
    data[2 * i + 1] = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) - 0.25 + 0.1 * (random() - 0.5);
    y[i] = upper ? 0 : 1;
  }
  return { x: matrix(n, 2, data, ['x0', 'x1']), y };
}

function accuracy(model: MlpModel, x: Matrix, y: Float64Array): number {
  const p = predictMlp(model, x);
  let correct = 0;
  for (let i = 0; i < y.length; i++) correct += +((p[i]! > 0.5 ? 1 : 0) === y[i]);
  return correct / y.length;
}

describe('trainMlp on either implementation', () => {
  const train = moons(600, 1);
  const test = moons(400, 2);
  const params: MlpParams = {
    objective: 'binary',
    hiddenLayerSizes: [16, 16],
    learningRate: 0.01,
    batchSize: 32,
    maxEpochs: 30,
    dropout: 0.1,
  };

  for (const kernels of ['wasm-simd', 'javascript'] as const) {
    it(`is deterministic for a seed and learns two moons (${kernels})`, async () => {
      const a = await trainMlp(params, train.x, train.y, { kernels });
      const b = await trainMlp(params, train.x, train.y, { kernels });
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(accuracy(a, test.x, test.y)).toBeGreaterThan(0.95);
    });
  }

  it('takes the same first epoch on both, up to float32 rounding', async () => {
    const once = { ...params, maxEpochs: 1, dropout: 0 };
    const [simd, js] = await Promise.all(
      (['wasm-simd', 'javascript'] as const).map((kernels) =>
        trainMlp(once, train.x, train.y, { kernels }),
      ),
    );
    const loss = (m: MlpModel) => m.history.trainLoss[0]!;
    expect(Math.abs(loss(simd!) - loss(js!)) / loss(js!)).toBeLessThan(1e-5);
    simd!.layers[0]!.weights.forEach((w, i) =>
      expect(Math.abs(w - js!.layers[0]!.weights[i]!)).toBeLessThan(1e-4),
    );
  });

  it('predicts a row the same alone as in a batch, with the current weights of the model', async () => {
    const model = await trainMlp({ ...params, maxEpochs: 3 }, train.x, train.y);
    const batch = predictMlp(model, test.x);
    const row = matrix(1, 2, test.x.data.slice(14, 16), ['x0', 'x1']);
    expect(predictMlp(model, row)[0]).toBe(batch[7]);
    // The prediction network is reused per model; weights edited in place must still count.
    const edited = model.layers[1]!.biases;
    edited[0] = edited[0]! + 5;
    expect(predictMlp(model, row)[0]).not.toBe(batch[7]);
  });
});

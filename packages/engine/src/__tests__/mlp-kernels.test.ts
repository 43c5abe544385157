import { describe, expect, it } from 'vitest';
import { multiply, multiplyTransposedA, transpose } from '../mlp/dense-kernels.js';
import {
  allocateCompressedRows,
  compressColumns,
  compressRows,
  multiplyCompressed,
  multiplyTransposedWhereActive,
} from '../mlp/sparse-kernels.js';
import { createRandom } from '../random.js';

function randomMatrix(cells: number, zeroShare: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: cells }, () => (random() < zeroShare ? 0 : 2 * random() - 1));
}

function naiveProduct(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++)
      for (let p = 0; p < k; p++) c[i * n + j]! += a[i * k + p]! * b[p * n + j]!;
  return c;
}

// Odd sizes exercise every remainder path of the 4×4 and 8-wide blocks.
const shapes = [
  [1, 1, 1],
  [7, 5, 9],
  [13, 10, 64],
  [200, 64, 1],
  [9, 17, 11],
] as const;

describe('MLP kernels', () => {
  for (const [m, k, n] of shapes) {
    it(`multiply and its transposed form match a naive product (${m}×${k}·${k}×${n})`, () => {
      const a = randomMatrix(m * k, 0.3, 1);
      const b = randomMatrix(k * n, 0, 2);
      const expected = naiveProduct(a, b, m, k, n);
      const c = new Float32Array(m * n);
      multiply(a, b, c, m, k, n);
      c.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
      const aT = new Float32Array(m * k);
      transpose(a, aT, m, k);
      const c2 = new Float32Array(m * n);
      multiplyTransposedA(aT, b, c2, k, m, n);
      expect(c2).toEqual(c);
    });

    it(`compressed kernels are bit-identical to the dense ones (${m}×${k}·${k}×${n})`, () => {
      const a = randomMatrix(m * k, 0.5, 3);
      const b = randomMatrix(k * n, 0, 4);
      const dense = new Float32Array(m * n);
      multiply(a, b, dense, m, k, n);
      const rows = allocateCompressedRows(Math.max(m, k), m * k);
      const density = compressRows(a, m, k, rows);
      if (m * k >= 30) {
        expect(density).toBeGreaterThan(0.2);
        expect(density).toBeLessThan(0.8);
      }
      const sparse = new Float32Array(m * n);
      multiplyCompressed(rows, m, b, sparse, n);
      expect(sparse).toEqual(dense);

      // Aᵀ · D, as for a weight gradient.
      const d = randomMatrix(m * n, 0.5, 5);
      const gradient = new Float32Array(k * n);
      multiplyTransposedA(a, d, gradient, m, k, n);
      compressColumns(a, m, k, rows);
      const sparseGradient = new Float32Array(k * n);
      multiplyCompressed(rows, k, d, sparseGradient, n);
      expect(sparseGradient).toEqual(gradient);

      // D · Bᵀ kept only where A is non-zero, as for backprop through ReLU.
      const bT = new Float32Array(n * k);
      transpose(b, bT, k, n);
      const full = new Float32Array(m * k);
      multiply(d, bT, full, m, n, k);
      const masked = full.map((v, i) => (a[i] !== 0 ? v : 0));
      const active = allocateCompressedRows(m, m * k);
      compressRows(a, m, k, active);
      const deltas = allocateCompressedRows(m, m * n);
      compressRows(d, m, n, deltas);
      const onlyActive = new Float32Array(m * k).fill(7);
      multiplyTransposedWhereActive(deltas, active, m, b, onlyActive, k, n);
      expect(onlyActive).toEqual(masked);
    });
  }
});

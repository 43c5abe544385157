import { describe, expect, it } from 'vitest';
import { allocateKernelArrays, histogramBuilder } from '../gbdt/histogram-kernel.js';
import { buildHistogramScalar, BINS_PER_FEATURE } from '../gbdt/histogram.js';
import { packedGrad, packedHess, quantizationFor, quantizeGradients } from '../gbdt/quantize.js';
import { createRandom } from '../random.js';

const random = createRandom(3);

describe('quantised gradients', () => {
  it('packs sums that unpack exactly even at the largest supported row count', () => {
    for (const n of [10, 1_000_000, 2 ** 25]) {
      const q = quantizationFor(n);
      const extreme = -n * q.levels * q.scale + n * q.levels; // every row at −levels and +levels
      expect(packedGrad(extreme, q)).toBe(-n * q.levels);
      expect(packedHess(extreme, q)).toBe(n * q.levels);
      expect(Number.isSafeInteger(extreme)).toBe(true);
    }
    expect(() => quantizationFor(2 ** 27)).toThrow(/training rows/);
  });

  it('rounds stochastically so the sums stay close to the exact ones', () => {
    const n = 50_000;
    const grad = Float64Array.from({ length: n }, () => random() * 2 - 1);
    const hess = Float64Array.from({ length: n }, () => random() * 0.25);
    const packed = new Float64Array(n);
    const q = quantizationFor(n);
    const units = quantizeGradients(grad, hess, packed, q, 7);
    let sum = 0;
    let exactGrad = 0;
    let exactHess = 0;
    for (let i = 0; i < n; i++) {
      sum += packed[i]!;
      exactGrad += grad[i]!;
      exactHess += hess[i]!;
    }
    // Independent roundings: the error of a sum grows like sqrt(n) units, not n.
    expect(Math.abs(packedGrad(sum, q) * units.gradUnit - exactGrad)).toBeLessThan(
      4 * Math.sqrt(n) * units.gradUnit,
    );
    expect(Math.abs(packedHess(sum, q) * units.hessUnit - exactHess)).toBeLessThan(
      4 * Math.sqrt(n) * units.hessUnit,
    );
  });
});

describe('histogram kernel', () => {
  it('gives the same bins as the JavaScript loop, for dense and scattered nodes', () => {
    const n = 20_000;
    const numFeatures = 7;
    const columns = Array.from({ length: numFeatures }, () =>
      Uint8Array.from({ length: n }, () => Math.floor(random() * 256)),
    );
    const size = numFeatures * BINS_PER_FEATURE;
    const arrays = allocateKernelArrays(columns, n, 2, size, false);
    const selected = [...Array(n).keys()].filter(() => random() < 0.1);
    arrays.rows.set(selected);
    const rest = [...Array(n).keys()].filter((_, i) => !selected.includes(i));
    arrays.rows.set(rest, selected.length);
    for (let i = 0; i < n; i++) arrays.packed[i] = Math.floor(random() * 64 - 32) * 2 ** 20 + i;
    const build = histogramBuilder(arrays);
    const expected = new Float64Array(size);
    for (const [start, end] of [
      [0, selected.length],
      [0, n],
      [5, 9],
    ] as const) {
      const hist = arrays.partials.subarray(0, size);
      build(hist, start, end);
      buildHistogramScalar(
        expected,
        numFeatures,
        arrays.codes,
        arrays.rows,
        start,
        end,
        arrays.packed,
      );
      expect(Array.from(hist)).toEqual(Array.from(expected));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { exp, expm1, log, log1p, sigmoid, softplus, tanh } from '../math.js';
import { createRandom } from '../random.js';

// Distance in units in the last place between two doubles of the same sign.
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

const random = createRandom(17);
const samples = (n: number, lo: number, hi: number) =>
  Array.from({ length: n }, () => lo + (hi - lo) * random());

describe('deterministic elementary functions', () => {
  it('exp is within 2 ulps of Math.exp across its range', () => {
    let worst = 0;
    for (const x of [
      ...samples(20000, -745, 709),
      ...samples(20000, -1, 1),
      ...samples(2000, -1e-8, 1e-8),
    ]) {
      worst = Math.max(worst, ulps(exp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('log is within 2 ulps of Math.log, subnormals included', () => {
    let worst = 0;
    const xs = [
      ...samples(20000, 0, 10).map((v) => v * v * v),
      ...samples(20000, 0.5, 1.5),
      ...samples(2000, -700, 700).map((v) => Math.exp(v)),
      5e-324,
      1e-310,
      Number.MAX_VALUE,
    ];
    for (const x of xs) if (x > 0) worst = Math.max(worst, ulps(log(x), Math.log(x)));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('log1p, expm1 and tanh stay accurate near 0 and saturate far from it', () => {
    for (const x of [1e-300, 1e-12, -1e-12, 3e-6, 0.5, -0.3, 12]) {
      expect(ulps(log1p(x), Math.log1p(x))).toBeLessThanOrEqual(3);
      expect(ulps(expm1(x), Math.expm1(x))).toBeLessThanOrEqual(3);
      expect(ulps(tanh(x), Math.tanh(x))).toBeLessThanOrEqual(3);
    }
    expect(tanh(40)).toBe(1);
    expect(tanh(-40)).toBe(-1);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
  });

  it('handles the special values as Math does', () => {
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(exp(0)).toBe(1);
    expect(Number.isNaN(exp(NaN))).toBe(true);
    expect(log(0)).toBe(-Infinity);
    expect(log(1)).toBe(0);
    expect(log(Infinity)).toBe(Infinity);
    expect(Number.isNaN(log(-1))).toBe(true);
    expect(log1p(-1)).toBe(-Infinity);
  });
});

import { describe, expect, it } from 'vitest';
import { applyBinning, fitBinning, type NumericBinning } from '../binning.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';

function randomColumn(n: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => (random() < 0.1 ? NaN : random() * 1e3 - 500));
}

describe('fitBinning', () => {
  const table = Table.fromColumns({ x: randomColumn(5_000, 1) });

  it('places at most 255 strictly increasing, float32-exact edges', () => {
    const [binning] = fitBinning(table, ['x']) as [NumericBinning];
    expect(binning.numBins).toBeLessThanOrEqual(255);
    expect(binning.edges.length).toBe(binning.numBins - 1);
    binning.edges.forEach((edge, i) => {
      expect(Math.fround(edge)).toBe(edge);
      if (i > 0) expect(edge).toBeGreaterThan(binning.edges[i - 1]!);
    });
  });

  it('puts missing values in the last code and values in the bin their float32 fits', () => {
    const [binning] = fitBinning(table, ['x']) as [NumericBinning];
    const { codes } = applyBinning(table, [binning]);
    const x = table.column('x');
    if (x.kind !== 'numeric') throw new Error('x is numeric');
    x.values.forEach((v, i) => {
      const code = codes[0]![i]!;
      if (isNaN(v)) return expect(code).toBe(binning.numBins);
      const upper = binning.edges[code] ?? Infinity;
      const lower = binning.edges[code - 1] ?? -Infinity;
      expect(Math.fround(v) <= upper && Math.fround(v) > lower).toBe(true);
    });
  });

  it('gives every distinct value its own bin when there are few', () => {
    const small = Table.fromColumns({ x: [3, 1, 2, 2, 1, NaN, 0.1] });
    const [binning] = fitBinning(small, ['x']) as [NumericBinning];
    expect(binning.numBins).toBe(4);
    expect([...applyBinning(small, [binning]).codes[0]!]).toEqual([3, 1, 2, 2, 1, 4, 0]);
  });

  it('separates adjacent float32 values whose midpoint rounds up', () => {
    const a = 1;
    const b = 1 + 2 ** -23; // next float32 after 1
    const [binning] = fitBinning(Table.fromColumns({ x: [a, b] }), ['x']) as [NumericBinning];
    expect(binning.edges).toEqual([a]);
  });

  it('is deterministic for a seed when sampling', () => {
    const fit = (seed: number) => fitBinning(table, ['x'], { sampleSize: 500, seed });
    expect(fit(7)).toEqual(fit(7));
    expect(fit(7)).not.toEqual(fit(8));
  });

  it('bins categories one per bin and merges the rarest beyond maxBins', () => {
    const values = ['a', 'a', 'a', 'b', 'b', 'c', 'd', null];
    const cats = Table.fromColumns({ c: values });
    const [binning] = fitBinning(cats, ['c'], { maxBins: 3 });
    expect(binning!.numBins).toBe(3);
    const { codes } = applyBinning(cats, [binning!]);
    expect([...codes[0]!]).toEqual([0, 0, 0, 1, 1, 2, 2, 3]);
  });
});

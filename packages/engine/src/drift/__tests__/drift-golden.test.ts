import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquaredCategories, proportionZTest } from '../distribution-tests.js';
import {
  jensenShannonDistance,
  normalizedWasserstein,
  populationStabilityIndex,
  wassersteinDistance,
} from '../distances.js';
import { equalWidthShares, quantileShares } from '../histograms.js';
import { kolmogorovSf } from '../kolmogorov.js';
import { ksTwoSample } from '../ks-two-sample.js';

// Computed by golden/generate.py with Debian's python3-scipy; the command is in its header.
interface Golden {
  ks: { name: string; a: number[]; b: number[]; statistic: number; pValue: number }[];
  kstwo: { n: number; x: number; sf: number }[];
  chiSquared: CategoricalCase[];
  zTest: CategoricalCase[];
  distances: NumericDistanceCase[];
  categoricalDistances: {
    name: string;
    reference: string[];
    current: string[];
    jensenShannon: number;
    psi: number;
  }[];
}
interface CategoricalCase {
  name: string;
  reference: string[];
  current: string[];
  statistic: number;
  pValue: number;
}
interface NumericDistanceCase {
  name: string;
  a: number[];
  b: number[];
  wasserstein: number;
  wassersteinNormalized: number;
  edges: number[];
  referenceShares: number[];
  currentShares: number[];
  jensenShannon: number;
  quantileCuts: number[];
  referenceQuantileShares: number[];
  currentQuantileShares: number[];
  psi: number;
}

const golden = JSON.parse(
  readFileSync(new URL('./golden/drift-golden.json', import.meta.url), 'utf8'),
) as Golden;
const TOLERANCE = 1e-6;

function expectClose(actual: number, expected: number): void {
  if (!Number.isFinite(expected)) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(TOLERANCE);
}

function expectAllClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expectClose(value, expected[i]!));
}

function shares(labels: readonly string[], values: readonly string[]): number[] {
  return labels.map((label) => values.filter((value) => value === label).length / values.length);
}

describe('drift statistics match SciPy', () => {
  it.each(golden.ks.map((c) => [c.name, c] as const))('ks_2samp: %s', (_name, c) => {
    const result = ksTwoSample(c.a, c.b);
    expectClose(result.statistic, c.statistic);
    expectClose(result.pValue, c.pValue);
  });

  it('kstwo.sf over every branch of the Kolmogorov distribution', () => {
    for (const c of golden.kstwo) {
      const actual = kolmogorovSf(c.n, c.x);
      if (Math.abs(actual - c.sf) > TOLERANCE)
        throw new Error(`n=${c.n} x=${c.x}: ${actual} vs ${c.sf}`);
    }
  });

  it.each(golden.chiSquared.map((c) => [c.name, c] as const))('chisquare: %s', (_name, c) => {
    const result = chiSquaredCategories(c.reference, c.current);
    expectClose(result.statistic, c.statistic);
    expectClose(result.pValue, c.pValue);
  });

  it.each(golden.zTest.map((c) => [c.name, c] as const))('proportion Z-test: %s', (_name, c) => {
    const result = proportionZTest(c.reference, c.current);
    expectClose(result.statistic, c.statistic);
    expectClose(result.pValue, c.pValue);
  });

  it.each(golden.distances.map((c) => [c.name, c] as const))('distances: %s', (_name, c) => {
    expectClose(wassersteinDistance(c.a, c.b), c.wasserstein);
    expectClose(normalizedWasserstein(c.a, c.b), c.wassersteinNormalized);
    const binned = equalWidthShares(c.a, c.b, 10);
    expectAllClose(binned.edges, c.edges);
    expectAllClose(binned.reference, c.referenceShares);
    expectAllClose(binned.current, c.currentShares);
    expectClose(jensenShannonDistance(binned.reference, binned.current), c.jensenShannon);
    const quantiles = quantileShares(c.a, c.b, 10);
    expectAllClose(quantiles.edges, c.quantileCuts);
    expectAllClose(quantiles.reference, c.referenceQuantileShares);
    expectAllClose(quantiles.current, c.currentQuantileShares);
    expectClose(populationStabilityIndex(quantiles.reference, quantiles.current), c.psi);
  });

  it.each(golden.categoricalDistances.map((c) => [c.name, c] as const))(
    'categorical Jensen–Shannon and PSI: %s',
    (_name, c) => {
      const labels = [...new Set([...c.reference, ...c.current])].sort();
      const r = shares(labels, c.reference);
      const q = shares(labels, c.current);
      expectClose(jensenShannonDistance(r, q), c.jensenShannon);
      expectClose(populationStabilityIndex(r, q), c.psi);
    },
  );
});

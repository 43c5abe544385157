import { describe, expect, it } from 'vitest';
import { createRandom } from '../../random.js';
import { detectColumnDrift, type DriftColumn } from '../column-drift.js';
import { detectDatasetDrift } from '../dataset-drift.js';

function normalSample(size: number, mean: number, std: number, seed: number): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: size }, () => {
    const u = 1 - random();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  });
}

function categorySample(size: number, shares: Record<string, number>, seed: number): string[] {
  const random = createRandom(seed);
  const entries = Object.entries(shares);
  return Array.from({ length: size }, () => {
    let u = random();
    for (const [label, share] of entries) {
      if ((u -= share) < 0) return label;
    }
    return entries.at(-1)![0];
  });
}

function numeric(name: string, reference: Float64Array, current: Float64Array): DriftColumn {
  return { name, kind: 'numeric', reference, current };
}

const SPECIES = { Adelie: 0.44, Chinstrap: 0.2, Gentoo: 0.36 };
const SHIFTED_SPECIES = { Adelie: 0.25, Chinstrap: 0.2, Gentoo: 0.55 };

describe('column drift with a small reference (≤ 1000 rows): tests, drift when p < 0.05', () => {
  it('flags a numeric column shifted by half a std with KS and passes an unshifted one', () => {
    const reference = normalSample(500, 44, 5, 1);
    const shifted = detectColumnDrift(numeric('bill', reference, normalSample(300, 46.5, 5, 2)));
    const same = detectColumnDrift(numeric('bill', reference, normalSample(300, 44, 5, 3)));
    expect(shifted).toMatchObject({
      method: 'ks',
      rule: 'p-value-below',
      threshold: 0.05,
      drifted: true,
    });
    expect(shifted.pValue).toBeLessThan(0.05);
    expect(same).toMatchObject({ method: 'ks', drifted: false });
    expect(same.pValue).toBeGreaterThan(0.05);
  });

  it('uses chi-squared for a categorical column and the Z-test for a binary one', () => {
    const reference = categorySample(600, SPECIES, 41);
    const shifted = detectColumnDrift({
      name: 'species',
      kind: 'categorical',
      reference,
      current: categorySample(300, SHIFTED_SPECIES, 5),
    });
    const same = detectColumnDrift({
      name: 'species',
      kind: 'categorical',
      reference,
      current: categorySample(300, SPECIES, 6),
    });
    expect(shifted).toMatchObject({ method: 'chi-squared', drifted: true });
    expect(same).toMatchObject({ method: 'chi-squared', drifted: false });
    const sex = detectColumnDrift({
      name: 'sex',
      kind: 'categorical',
      reference: categorySample(600, { female: 0.5, male: 0.5 }, 7),
      current: categorySample(300, { female: 0.3, male: 0.7 }, 8),
    });
    expect(sex).toMatchObject({ method: 'z-test', drifted: true });
  });
});

describe('column drift with a large reference (> 1000 rows): distances, drift when ≥ 0.1', () => {
  it('flags a shift of half a std by normalized Wasserstein and passes an unshifted column', () => {
    const reference = normalSample(5000, 44, 5, 9);
    const shifted = detectColumnDrift(numeric('bill', reference, normalSample(2000, 46.5, 5, 10)));
    const same = detectColumnDrift(numeric('bill', reference, normalSample(2000, 44, 5, 11)));
    expect(shifted).toMatchObject({
      method: 'wasserstein',
      rule: 'distance-at-least',
      drifted: true,
    });
    expect(shifted.statistic).toBeGreaterThanOrEqual(0.1);
    expect(same).toMatchObject({ method: 'wasserstein', drifted: false });
    expect(same.statistic).toBeLessThan(0.1);
  });

  it('uses Jensen–Shannon for categories and for numbers with at most 5 distinct values', () => {
    const reference = categorySample(3000, SPECIES, 12);
    const shifted = detectColumnDrift({
      name: 'species',
      kind: 'categorical',
      reference,
      current: categorySample(2000, SHIFTED_SPECIES, 13),
    });
    const same = detectColumnDrift({
      name: 'species',
      kind: 'categorical',
      reference,
      current: categorySample(2000, SPECIES, 14),
    });
    expect(shifted).toMatchObject({ method: 'jensen-shannon', drifted: true });
    expect(same).toMatchObject({ method: 'jensen-shannon', drifted: false });
    const rating = detectColumnDrift(
      numeric(
        'rating',
        Float64Array.from({ length: 2000 }, (_, i) => i % 5),
        Float64Array.from([1, 2, 3]),
      ),
      { minSamples: 3 },
    );
    expect(rating.method).toBe('jensen-shannon');
  });

  it('computes PSI over reference deciles when asked, drift when ≥ 0.1', () => {
    const reference = normalSample(5000, 0, 1, 15);
    const shifted = detectColumnDrift(numeric('x', reference, normalSample(2000, 0.6, 1, 16)), {
      method: 'psi',
    });
    const same = detectColumnDrift(numeric('x', reference, normalSample(2000, 0, 1, 17)), {
      method: 'psi',
    });
    expect(shifted).toMatchObject({ method: 'psi', drifted: true });
    expect(same).toMatchObject({ method: 'psi', drifted: false });
  });
});

describe('too little data', () => {
  it('gives no verdict from 3 rows and says how many are needed', () => {
    const result = detectColumnDrift(
      numeric('bill', normalSample(500, 44, 5, 18), Float64Array.from([60, 61, 62])),
    );
    expect(result.drifted).toBeNull();
    expect(result.statistic).toBeNull();
    expect(result.reason).toBe('too little data: 3 current value(s), at least 30 needed');
    const dataset = detectDatasetDrift([
      numeric('bill', normalSample(500, 44, 5, 18), Float64Array.from([60, 61, 62])),
    ]);
    expect(dataset).toMatchObject({ drifted: null, share: null, evaluatedCount: 0 });
    expect(dataset.reason).toContain('too little data');
  });
});

describe('dataset drift', () => {
  const reference = normalSample(800, 0, 1, 19);
  const columns = [
    numeric('a', reference, normalSample(400, 1, 1, 20)),
    numeric('b', reference, normalSample(400, 1, 1, 21)),
    numeric('c', reference, normalSample(400, 0, 1, 22)),
  ];

  it('drifts when at least half of the columns drift', () => {
    const result = detectDatasetDrift(columns);
    expect(result).toMatchObject({ evaluatedCount: 3, driftedCount: 2, drifted: true });
    expect(result.share).toBeCloseTo(2 / 3, 12);
  });

  it('takes a configurable share', () => {
    expect(detectDatasetDrift(columns, { driftShare: 0.75 }).drifted).toBe(false);
  });
});

import type { DriftColumnResult } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { distributionBins, featureDriftRows } from './drift-report';

const numeric: DriftColumnResult['histogram'] = {
  kind: 'numeric',
  edges: [0, 10, 20],
  reference: [0.7, 0.3],
  current: [0.1, 0.9],
};

function column(overrides: Partial<DriftColumnResult>): DriftColumnResult {
  return {
    name: 'x',
    kind: 'numeric',
    method: 'ks',
    statistic: 0.1,
    pValue: 0.4,
    threshold: 0.05,
    rule: 'p-value-below',
    drifted: false,
    reason: null,
    referenceCount: 344,
    currentCount: 100,
    histogram: numeric,
    ...overrides,
  };
}

describe('featureDriftRows', () => {
  it('lists drifted features first and those without a verdict last', () => {
    const rows = featureDriftRows([
      column({
        name: 'a',
        drifted: null,
        statistic: null,
        pValue: null,
        reason: 'too little data: 3 current value(s), at least 5 needed',
      }),
      column({ name: 'b' }),
      column({ name: 'c', drifted: true, statistic: 0.6, pValue: 1e-9 }),
    ]);
    expect(rows.map((r) => [r.name, r.verdict])).toEqual([
      ['c', 'drift'],
      ['b', 'no drift'],
      ['a', 'too little data'],
    ]);
    expect(rows[2]!.statistic).toBe('—');
    expect(rows[2]!.reason).toMatch(/too little data/);
  });

  it('states a test by its p-value threshold and a distance by its minimum', () => {
    const [test] = featureDriftRows([column({ drifted: true, statistic: 0.6, pValue: 1e-9 })]);
    expect(test!.method).toBe('Kolmogorov–Smirnov');
    expect(test!.threshold).toBe('p < 0.05');
    expect(test!.statistic).toBe('0.6 (p < 0.0001)');
    const [distance] = featureDriftRows([
      column({
        method: 'jensen-shannon',
        rule: 'distance-at-least',
        threshold: 0.1,
        statistic: 0.23,
        pValue: null,
      }),
    ]);
    expect(distance!.threshold).toBe('≥ 0.1');
    expect(distance!.statistic).toBe('0.23');
  });
});

describe('distributionBins', () => {
  it('names numeric bins by their range and keeps both shares', () => {
    expect(distributionBins(numeric)).toEqual([
      { label: '0–10', reference: 0.7, current: 0.1 },
      { label: '10–20', reference: 0.3, current: 0.9 },
    ]);
  });

  it('keeps categories as they are', () => {
    const bins = distributionBins({
      kind: 'categorical',
      categories: ['Biscoe', 'Dream'],
      reference: [0.5, 0.5],
      current: [1, 0],
    });
    expect(bins).toEqual([
      { label: 'Biscoe', reference: 0.5, current: 1 },
      { label: 'Dream', reference: 0.5, current: 0 },
    ]);
  });
});

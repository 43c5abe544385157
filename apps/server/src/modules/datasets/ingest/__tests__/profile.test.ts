import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../infer-schema.js';
import { profileDataset } from '../profile.js';
import { workspace, writeParquet } from './ingest-test-support.js';

// Golden values from make-profile-golden.py (numpy/scipy), beside this file; its y is column z here
// (a column named y would be guessed as the target).
const FIXTURE = `SELECT * FROM (VALUES
  (1, 2.0, 'a', 'u', 'n', 'k'), (2, 4.1, 'a', 'u', 'n', 'k'), (3, 6.2, 'a', 'v', 'n', 'k'),
  (4, 7.9, 'a', 'v', 'n', 'k'), (5, 10.1, 'a', 'u', 'n', 'k'), (6, 12.0, 'a', 'u', 'n', 'k'),
  (7, 13.8, 'a', 'v', 'n', 'k'), (8, 16.2, 'b', 'v', 'n', 'k'), (9, 18.1, 'b', 'u', 'n', 'k'),
  (100, 19.9, NULL, 'v', 'y', 'k')
) t(x, z, g, h, rare, k)`;

async function profileFixture(selectSql: string, target?: string) {
  const { dir, session } = await workspace();
  const file = path.join(dir, 'v.parquet');
  await writeParquet(session, file, selectSql);
  const schema = await inferSchema(session, file, { target });
  return profileDataset(session, file, schema);
}

describe('profileDataset', () => {
  it('computes numeric statistics as numpy and scipy do', async () => {
    const profile = await profileFixture(FIXTURE);
    const x = profile.columns.find((column) => column.name === 'x')!;
    expect(x).toMatchObject({
      type: 'integer',
      count: 10,
      missing: 0,
      distinct: 10,
      distinctExact: true,
    });
    expect(x.numeric!.min).toBe(1);
    expect(x.numeric!.max).toBe(100);
    expect(x.numeric!.mean).toBeCloseTo(14.5, 12);
    expect(x.numeric!.std).toBeCloseTo(30.152390728873666, 12);
    expect(x.numeric!.skewness).toBeCloseTo(3.118895745239087, 12);
    const q = x.numeric!.quantiles;
    expect([q.p05, q.p25, q.p50, q.p75, q.p95].map((value) => Number(value.toFixed(9)))).toEqual([
      1.45, 3.25, 5.5, 7.75, 59.05,
    ]);
    const histogram = x.numeric!.histogram;
    expect(histogram).toHaveLength(20);
    expect(histogram[0]).toEqual({ from: 1, to: 5.95, count: 5 });
    expect(histogram[1]!.count).toBe(4);
    expect(histogram[19]).toMatchObject({ to: 100, count: 1 });
    expect(histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(10);
  });

  it('gives whole numbers over a small range one bin per value', async () => {
    const profile = await profileFixture('SELECT * FROM (VALUES (1), (1), (2), (4), (NULL)) t(n)');
    expect(profile.columns[0]!.numeric!.histogram).toEqual([
      { from: 1, to: 1, count: 2 },
      { from: 2, to: 2, count: 1 },
      { from: 3, to: 3, count: 0 },
      { from: 4, to: 4, count: 1 },
    ]);
  });

  it('profiles the finite values and counts infinities and NaN apart', async () => {
    const profile = await profileFixture(
      "SELECT v, w FROM (VALUES (1.0, 1), (3.0, 2), ('inf'::DOUBLE, 3), ('-inf'::DOUBLE, 4), ('nan'::DOUBLE, 5), (NULL, 6)) t(v, w)",
    );
    expect(profile.columns[0]).toMatchObject({ count: 5, missing: 1 });
    expect(profile.columns[0]!.numeric).toMatchObject({ nonFinite: 3, min: 1, max: 3, mean: 2 });
    expect(
      profile.columns[0]!.numeric!.histogram.map((bin) => bin.count).filter((n) => n > 0),
    ).toEqual([1, 1]);
  });

  it('reports top values, balance and text lengths of categorical columns', async () => {
    const profile = await profileFixture(FIXTURE);
    const g = profile.columns.find((column) => column.name === 'g')!;
    expect(g).toMatchObject({
      type: 'categorical',
      count: 9,
      missing: 1,
      missingShare: 0.1,
      distinct: 2,
    });
    expect(g.topValues).toEqual([
      { value: 'a', count: 7 },
      { value: 'b', count: 2 },
    ]);
    const p = 7 / 9;
    expect(g.balance).toBeCloseTo(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2), 12);
    expect(g.textLength).toEqual({ min: 1, max: 1, mean: 1 });
  });

  it('computes Pearson, Spearman and Cramér’s V as scipy does', async () => {
    const { correlations } = await profileFixture(FIXTURE);
    expect(correlations.pearson.columns).toEqual(['x', 'z']);
    expect(correlations.pearson.values[0]![1]).toBeCloseTo(0.5880026915377159, 12);
    expect(correlations.spearman.values[1]![0]).toBeCloseTo(1, 12);
    // k is constant, so its role is ignore and it stays out of the matrices.
    expect(correlations.cramersV.columns).toEqual(['g', 'h', 'rare']);
    expect(correlations.cramersV.values[0]![1]).toBeCloseTo(0.05976143046671971, 12);
    expect(correlations.cramersV.values[0]![2]).toBeNull();
    expect(correlations.sampledRows).toBe(10);
  });

  it('raises the ydata-style alerts and scores quality from its breakdown', async () => {
    const profile = await profileFixture(FIXTURE);
    expect(profile.alerts.map((alert) => [alert.kind, alert.columns.join('+')])).toEqual([
      ['skewed', 'x'],
      ['unique', 'x'],
      ['unique', 'z'],
      ['imbalanced', 'rare'],
      ['constant', 'k'],
      ['high_correlation', 'x+z'],
    ]);
    expect(
      profile.quality.components.map((component) => [component.name, component.score]),
    ).toEqual([
      ['completeness', 59 / 60],
      ['uniqueness', 1],
      ['informativeness', 5 / 6],
      ['validity', null],
    ]);
    // (40 · 59/60 + 20 · 1 + 20 · 5/6) / 80 = 0.95: validity has no rules, so its weight drops out.
    expect(profile.quality.score).toBe(95);
  });

  it('counts duplicate rows, treating equal missing values as equal', async () => {
    const profile = await profileFixture(
      "SELECT * FROM (VALUES (1, 'a'), (1, 'a'), (2, NULL), (2, NULL), (2, NULL), (3, 'b')) t(n, s)",
    );
    expect(profile.duplicateRows).toBe(3);
    expect(profile.alerts).toContainEqual({
      kind: 'duplicate_rows',
      columns: [],
      message: '3 duplicate rows (50.0 %)',
    });
  });

  it('flags a feature that predicts the target almost perfectly as suspected leakage', async () => {
    const profile = await profileFixture(
      'SELECT i AS amount, 2 * i + 1 AS refund, (i * 7919) % 13 AS noise FROM range(50) t(i)',
      'refund',
    );
    const leaks = profile.alerts.filter((alert) => alert.kind === 'target_leakage');
    expect(leaks.map((alert) => alert.columns)).toEqual([['amount', 'refund']]);
    expect(leaks[0]!.message).toBe(
      '"amount" predicts the target "refund" almost perfectly (Pearson 1.000): check it is known before the outcome',
    );
  });

  it('profiles a table with no rows without dividing by zero', async () => {
    const profile = await profileFixture("SELECT 1 AS n, 'a' AS s WHERE false");
    expect(profile.rows).toBe(0);
    expect(
      profile.columns.map((column) => [column.name, column.count, column.missingShare]),
    ).toEqual([
      ['n', 0, 0],
      ['s', 0, 0],
    ]);
    expect(profile.quality.score).toBe(100);
  });
});

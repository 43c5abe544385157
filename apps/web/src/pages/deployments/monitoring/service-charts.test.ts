import type { DeploymentMetrics } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { serviceCharts, timeAxisOf } from './service-charts';

const stats = (requests: number, errors = 0) => ({
  requests,
  errors,
  clientErrors: errors,
  serverErrors: 0,
  errorRate: requests ? errors / requests : 0,
  latencyMs: requests ? { p50: 3, p95: 9, p99: 14, mean: 4 } : null,
});

const metrics: DeploymentMetrics = {
  deploymentId: 'd',
  window: '1h',
  from: '2026-12-03T10:00:00.000Z',
  to: '2026-12-03T11:00:00.000Z',
  total: stats(40, 4),
  versions: [
    { ...stats(30, 1), modelVersionId: 'mv1' },
    { ...stats(8), modelVersionId: 'mv2' },
    { ...stats(2, 2), modelVersionId: null },
    { ...stats(0), modelVersionId: 'mv0' },
  ],
  bucketSeconds: 60,
  series: [
    { ...stats(10, 2), start: '2026-12-03T10:05:00.000Z' },
    { ...stats(0), start: '2026-12-03T10:06:00.000Z' },
    { ...stats(30, 2), start: '2026-12-03T10:30:00.000Z' },
  ],
};

const label = (id: string) => ({ mv1: 'v1', mv2: 'v2' })[id] ?? 'earlier version';

describe('serviceCharts', () => {
  it('returns null when the window has no request', () => {
    expect(serviceCharts({ ...metrics, total: stats(0) }, label)).toBeNull();
    expect(serviceCharts(undefined, label)).toBeNull();
  });

  it('places buckets in minutes since the window start', () => {
    const charts = serviceCharts(metrics, label)!;
    expect(charts.requests[0]!.x).toEqual([5, 6, 30]);
    expect(charts.requests[0]!.y).toEqual([10, 0, 30]);
    expect(charts.xLabel).toMatch(/^minutes since /);
  });

  it('leaves a gap, not a zero, in the error rate and latency of a bucket without requests', () => {
    const charts = serviceCharts(metrics, label)!;
    expect(charts.errorRate[0]!.y).toEqual([0.2, Number.NaN, 2 / 30]);
    expect(charts.latency.map((s) => s.name)).toEqual(['p50', 'p95', 'p99']);
    expect(charts.latency[1]!.y).toEqual([9, Number.NaN, 9]);
  });

  it('names versions, calls requests refused before routing "not routed" and drops idle ones', () => {
    const charts = serviceCharts(metrics, label)!;
    expect(charts.versions.map((v) => [v.version, v.requests, v.errorRate])).toEqual([
      ['v1', 30, 1 / 30],
      ['v2', 8, 0],
      ['not routed', 2, 1],
    ]);
  });
});

describe('timeAxisOf', () => {
  it('uses hours for a day and days for a week', () => {
    expect(timeAxisOf('24h')).toEqual({ unit: 'hours', ms: 3_600_000 });
    expect(timeAxisOf('7d')).toEqual({ unit: 'days', ms: 86_400_000 });
  });
});

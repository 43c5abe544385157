import type { DeploymentMetrics } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { seriesColor, TOTAL_COLOR } from '../../../components/charts/palette';
import { serviceCharts, timeAxisOf } from './service-charts';

const stats = (requests: number, errors = 0, p95 = 9) => ({
  requests,
  errors,
  clientErrors: errors,
  serverErrors: 0,
  errorRate: requests ? errors / requests : 0,
  latencyMs: requests ? { p50: 3, p95, p99: p95 + 5, mean: 4 } : null,
});
const STARTS = ['2026-12-03T10:05:00.000Z', '2026-12-03T10:06:00.000Z', '2026-12-03T10:30:00.000Z'];
const seriesOf = (...buckets: ReturnType<typeof stats>[]) =>
  buckets.map((b, i) => ({ ...b, start: STARTS[i]! }));

// A canary: v2 answers a tenth of the traffic and fails more, slower.
const metrics: DeploymentMetrics = {
  deploymentId: 'd',
  window: '1h',
  from: '2026-12-03T10:00:00.000Z',
  to: '2026-12-03T11:00:00.000Z',
  total: stats(40, 4),
  versions: [
    {
      ...stats(8, 2, 40),
      modelVersionId: 'mv2',
      series: seriesOf(stats(1, 1, 30), stats(0), stats(7, 1, 40)),
    },
    { ...stats(30, 0), modelVersionId: 'mv1', series: seriesOf(stats(9), stats(0), stats(21)) },
    { ...stats(2, 2), modelVersionId: null, series: seriesOf(stats(0), stats(0), stats(2, 2)) },
  ],
  bucketSeconds: 60,
  series: seriesOf(stats(10, 1), stats(0), stats(30, 3)),
};

const label = (id: string) => ({ mv1: 'v1', mv2: 'v2 · canary' })[id] ?? 'earlier version';

describe('serviceCharts', () => {
  it('returns null when the window has no request', () => {
    expect(serviceCharts({ ...metrics, total: stats(0) }, label)).toBeNull();
    expect(serviceCharts(undefined, label)).toBeNull();
  });

  it('places buckets in minutes since the window start', () => {
    const charts = serviceCharts(metrics, label)!;
    expect(charts.requests[0]!.x).toEqual([5, 6, 30]);
    expect(charts.xLabel).toMatch(/^minutes since /);
  });

  it('draws one request line per version beside the dashed total', () => {
    const charts = serviceCharts(metrics, label)!;
    expect(charts.requests.map((s) => [s.name, s.y, s.dashed ?? false])).toEqual([
      ['total', [10, 0, 30], true],
      ['v1', [9, 0, 21], false],
      ['v2 · canary', [1, 0, 7], false],
      ['not routed', [0, 0, 2], false],
    ]);
  });

  it('gives a version one colour in every chart and in the table, in version order', () => {
    const charts = serviceCharts(metrics, label)!;
    const colorOf = (name: string) => charts.versions.find((v) => v.version === name)!.color;
    expect(charts.versions.map((v) => v.version)).toEqual(['v1', 'v2 · canary', 'not routed']);
    expect(colorOf('v1')).toBe(seriesColor(0));
    expect(colorOf('v2 · canary')).toBe(seriesColor(1));
    expect(charts.requests[0]!.color).toBe(TOTAL_COLOR);
    for (const line of [...charts.requests, ...charts.errorRate].slice(1))
      if (line.name !== 'total') expect(line.color).toBe(colorOf(line.name));
    for (const line of charts.latency) expect(line.color).toBe(colorOf(line.name.slice(0, -4)));
  });

  it('leaves a gap, not a zero, in the error rate and latency of a bucket without requests', () => {
    const charts = serviceCharts(metrics, label)!;
    const canary = charts.errorRate.find((s) => s.name === 'v2 · canary')!;
    expect(canary.y).toEqual([1, Number.NaN, 1 / 7]);
    expect(charts.errorRate.find((s) => s.name === 'total')!.y).toEqual([0.1, Number.NaN, 0.1]);
    expect(charts.latency.find((s) => s.name === 'v2 · canary p95')!.y).toEqual([30, NaN, 40]);
  });

  it('draws p95 solid and p99 dashed per version', () => {
    const charts = serviceCharts(metrics, label)!;
    expect(charts.latency.map((s) => [s.name, s.dashed ?? false])).toEqual([
      ['v1 p95', false],
      ['v1 p99', true],
      ['v2 · canary p95', false],
      ['v2 · canary p99', true],
      ['not routed p95', false],
      ['not routed p99', true],
    ]);
  });

  it('draws no total beside a single version, whose line is the total', () => {
    const single = { ...metrics, versions: [metrics.versions[1]!] };
    const charts = serviceCharts(single, label)!;
    expect(charts.requests.map((s) => s.name)).toEqual(['v1']);
    expect(charts.errorRate.map((s) => s.name)).toEqual(['v1']);
  });

  it('numbers a repeated label and drops versions without requests', () => {
    const twoModels = {
      ...metrics,
      versions: [
        { ...metrics.versions[1]!, modelVersionId: 'other-a' },
        { ...metrics.versions[0]!, modelVersionId: 'other-b' },
        { ...stats(0), modelVersionId: 'idle', series: seriesOf(stats(0), stats(0), stats(0)) },
      ],
    };
    const charts = serviceCharts(twoModels, label)!;
    expect(charts.versions.map((v) => [v.version, v.requests, v.errorRate])).toEqual([
      ['earlier version', 30, 0],
      ['earlier version (2)', 8, 0.25],
    ]);
  });
});

describe('timeAxisOf', () => {
  it('uses hours for a day and days for a week', () => {
    expect(timeAxisOf('24h')).toEqual({ unit: 'hours', ms: 3_600_000 });
    expect(timeAxisOf('7d')).toEqual({ unit: 'days', ms: 86_400_000 });
  });
});

import type { DeploymentMetrics } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { readTraffic } from './live-metrics';

const stats = (requests: number, errors = 0) => ({
  requests,
  errors,
  clientErrors: errors,
  serverErrors: 0,
  errorRate: requests ? errors / requests : 0,
  latencyMs: requests ? { p50: 3, p95: 9, p99: 14, mean: 4 } : null,
});

const metrics = (requests: number): DeploymentMetrics => ({
  deploymentId: 'd',
  window: '15m',
  from: '2026-12-03T10:00:00.000Z',
  to: '2026-12-03T10:15:00.000Z',
  total: stats(requests, 1),
  versions: [
    { ...stats(requests - 4), modelVersionId: 'v1', series: [] },
    { ...stats(3), modelVersionId: 'v2', series: [] },
    { ...stats(1, 1), modelVersionId: null, series: [] },
  ],
  bucketSeconds: 60,
  series: [
    { ...stats(10), start: '2026-12-03T10:05:00.000Z' },
    { ...stats(requests - 10), start: '2026-12-03T10:06:00.000Z' },
  ],
});

describe('live traffic from the metrics endpoint', () => {
  it('reads rate, latency, buckets and the per-version share', () => {
    expect(readTraffic(metrics(30))).toEqual({
      requests: 30,
      errors: 1,
      requestsPerMinute: 2,
      p50Ms: 3,
      p95Ms: 9,
      p99Ms: 14,
      series: [
        { at: Date.parse('2026-12-03T10:05:00Z'), requests: 10 },
        { at: Date.parse('2026-12-03T10:06:00Z'), requests: 20 },
      ],
      byVersion: [
        { modelVersionId: 'v1', requests: 26 },
        { modelVersionId: 'v2', requests: 3 },
      ],
    });
  });

  it('is null without traffic or without an answer', () => {
    expect(readTraffic(null)).toBeNull();
    expect(readTraffic(undefined)).toBeNull();
    expect(readTraffic({ ...metrics(0), total: stats(0) })).toBeNull();
  });
});

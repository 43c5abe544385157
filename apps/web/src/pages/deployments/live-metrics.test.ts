import { describe, expect, it } from 'vitest';
import { readTraffic } from './live-metrics';

describe('live traffic from the metrics endpoint', () => {
  it('reads totals, latency quantiles and buckets', () => {
    const summary = readTraffic(
      {
        window: '15m',
        totals: { requests: 30, errors: 3, latencyMs: { p50: 2, p95: 8, p99: 12.5 } },
        series: [
          { start: '2026-12-03T10:00:00Z', requests: 10, p95Ms: 7 },
          { start: '2026-12-03T10:01:00Z', requests: 20, latencyMs: { p95: 9 } },
        ],
      },
      '15m',
    );
    expect(summary).toEqual({
      requests: 30,
      errors: 3,
      requestsPerMinute: 2,
      p50Ms: 2,
      p95Ms: 8,
      p99Ms: 12.5,
      series: [
        { at: Date.parse('2026-12-03T10:00:00Z'), requests: 10, p95Ms: 7 },
        { at: Date.parse('2026-12-03T10:01:00Z'), requests: 20, p95Ms: 9 },
      ],
    });
  });

  it('reads flat totals and sums buckets when no total is given', () => {
    expect(readTraffic({ requests: 60, p95Ms: 4 }, '1h')).toMatchObject({
      requests: 60,
      requestsPerMinute: 1,
      p95Ms: 4,
      p50Ms: null,
    });
    expect(
      readTraffic(
        {
          buckets: [
            { at: 0, count: 5 },
            { at: 60_000, count: 10 },
          ],
        },
        '15m',
      ),
    ).toMatchObject({ requests: 15, requestsPerMinute: 1 });
  });

  it('is null without traffic or without an answer', () => {
    expect(readTraffic(null, '15m')).toBeNull();
    expect(readTraffic({ totals: { requests: 0 } }, '15m')).toBeNull();
    expect(readTraffic({ series: [] }, '15m')).toBeNull();
  });
});

import type { DeploymentMetrics } from '@aistudio/contracts';

/** What the live card shows: totals over the window and a per-bucket series for the chart. */
export interface TrafficSummary {
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerMinute: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly series: readonly { at: number; requests: number }[];
  /** Requests per answering version: a canary's real share. */
  readonly byVersion: readonly { modelVersionId: string; requests: number }[];
}

/**
 * The card's figures from GET /deployments/{id}/metrics; null when there is nothing to show
 * (no answer, or no request in the window).
 */
export function readTraffic(metrics: DeploymentMetrics | null | undefined): TrafficSummary | null {
  if (!metrics || metrics.total.requests === 0) return null;
  const minutes = Math.max(1, (Date.parse(metrics.to) - Date.parse(metrics.from)) / 60_000);
  const latency = metrics.total.latencyMs;
  return {
    requests: metrics.total.requests,
    errors: metrics.total.errors,
    requestsPerMinute: metrics.total.requests / minutes,
    p50Ms: latency?.p50 ?? null,
    p95Ms: latency?.p95 ?? null,
    p99Ms: latency?.p99 ?? null,
    series: metrics.series.map((b) => ({ at: Date.parse(b.start), requests: b.requests })),
    byVersion: metrics.versions.flatMap((v) =>
      v.modelVersionId === null ? [] : [{ modelVersionId: v.modelVersionId, requests: v.requests }],
    ),
  };
}

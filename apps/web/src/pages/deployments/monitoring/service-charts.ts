import type { DeploymentMetrics, MetricsWindow } from '@aistudio/contracts';
import type { LineSeries } from '../../../components/charts/LineChart';

/** The x axis of a window: minutes for the short ones, hours for a day, days for a week. */
export function timeAxisOf(window: MetricsWindow): { unit: string; ms: number } {
  if (window === '7d') return { unit: 'days', ms: 86_400_000 };
  if (window === '24h') return { unit: 'hours', ms: 3_600_000 };
  return { unit: 'minutes', ms: 60_000 };
}

/** One answering version's totals over the window, for the table beside the charts. */
export interface VersionStats {
  readonly version: string;
  readonly requests: number;
  readonly errorRate: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
}

/** What the service card draws: requests, error rate and latency over the window, and per version. */
export interface ServiceCharts {
  readonly xLabel: string;
  readonly requests: readonly LineSeries[];
  readonly errorRate: readonly LineSeries[];
  readonly latency: readonly LineSeries[];
  readonly versions: readonly VersionStats[];
}

/**
 * The service card's series from GET /deployments/{id}/metrics, x in the window's unit since its
 * start; null when no request arrived in the window. `versionLabel` names a model version id
 * (`v3`); requests refused before a version was picked are "not routed".
 */
export function serviceCharts(
  metrics: DeploymentMetrics | undefined,
  versionLabel: (modelVersionId: string) => string,
): ServiceCharts | null {
  if (!metrics || metrics.total.requests === 0) return null;
  const axis = timeAxisOf(metrics.window);
  const from = Date.parse(metrics.from);
  const x = metrics.series.map((b) => (Date.parse(b.start) - from) / axis.ms);
  // A bucket without requests has no latency: NaN leaves a gap instead of drawing a false zero.
  const latency = (pick: 'p50' | 'p95' | 'p99') =>
    metrics.series.map((b) => b.latencyMs?.[pick] ?? Number.NaN);
  return {
    xLabel: `${axis.unit} since ${new Date(metrics.from).toLocaleString()}`,
    requests: [{ name: 'requests', x, y: metrics.series.map((b) => b.requests) }],
    errorRate: [
      {
        name: 'error rate',
        x,
        y: metrics.series.map((b) => (b.requests === 0 ? Number.NaN : b.errorRate)),
      },
    ],
    latency: [
      { name: 'p50', x, y: latency('p50') },
      { name: 'p95', x, y: latency('p95') },
      { name: 'p99', x, y: latency('p99'), dashed: true },
    ],
    versions: metrics.versions
      .filter((v) => v.requests > 0)
      .map((v) => ({
        version: v.modelVersionId === null ? 'not routed' : versionLabel(v.modelVersionId),
        requests: v.requests,
        errorRate: v.errorRate,
        p50Ms: v.latencyMs?.p50 ?? null,
        p95Ms: v.latencyMs?.p95 ?? null,
        p99Ms: v.latencyMs?.p99 ?? null,
      })),
  };
}

import type { DeploymentMetrics, MetricsWindow } from '@aistudio/contracts';
import type { LineSeries } from '../../../components/charts/LineChart';
import { seriesColor, TOTAL_COLOR } from '../../../components/charts/palette';

/** The x axis of a window: minutes for the short ones, hours for a day, days for a week. */
export function timeAxisOf(window: MetricsWindow): { unit: string; ms: number } {
  if (window === '7d') return { unit: 'days', ms: 86_400_000 };
  if (window === '24h') return { unit: 'hours', ms: 3_600_000 };
  return { unit: 'minutes', ms: 60_000 };
}

/** One answering version's totals over the window and its colour in every chart of the card. */
export interface VersionStats {
  readonly version: string;
  readonly color: string;
  readonly requests: number;
  readonly errorRate: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
}

/** What the service card draws: requests, error rate and latency over the window, per version. */
export interface ServiceCharts {
  readonly xLabel: string;
  readonly requests: readonly LineSeries[];
  readonly errorRate: readonly LineSeries[];
  readonly latency: readonly LineSeries[];
  readonly versions: readonly VersionStats[];
}

type Bucket = DeploymentMetrics['series'][number];

/**
 * The service card's series from GET /deployments/{id}/metrics, x in the window's unit since its
 * start; null when no request arrived in the window. One line per answering version, coloured the
 * same in every chart, and the total on the request and error-rate charts when versions share the
 * traffic. `versionLabel` names a model version id (`v3`); requests refused before a version was
 * picked are "not routed".
 */
export function serviceCharts(
  metrics: DeploymentMetrics | undefined,
  versionLabel: (modelVersionId: string) => string,
): ServiceCharts | null {
  if (!metrics || metrics.total.requests === 0) return null;
  const axis = timeAxisOf(metrics.window);
  const from = Date.parse(metrics.from);
  const x = metrics.series.map((b) => (Date.parse(b.start) - from) / axis.ms);
  const versions = namedVersions(metrics.versions, versionLabel).map((v, i) => ({
    ...v,
    color: seriesColor(i),
  }));
  // Beside a single version the total is the same line drawn twice.
  const total = versions.length > 1 ? [{ name: 'total', color: TOTAL_COLOR, x }] : [];
  return {
    xLabel: `${axis.unit} since ${new Date(metrics.from).toLocaleString()}`,
    requests: [
      ...total.map((t) => ({ ...t, dashed: true, y: metrics.series.map((b) => b.requests) })),
      ...versions.map((v) => ({ name: v.version, color: v.color, x, y: requestsOf(v.series) })),
    ],
    errorRate: [
      ...total.map((t) => ({ ...t, dashed: true, y: errorRateOf(metrics.series) })),
      ...versions.map((v) => ({ name: v.version, color: v.color, x, y: errorRateOf(v.series) })),
    ],
    latency: versions.flatMap((v) => [
      { name: `${v.version} p95`, color: v.color, x, y: latencyOf(v.series, 'p95') },
      { name: `${v.version} p99`, color: v.color, x, y: latencyOf(v.series, 'p99'), dashed: true },
    ]),
    versions: versions.map((v) => ({
      version: v.version,
      color: v.color,
      requests: v.requests,
      errorRate: v.errorRate,
      p50Ms: v.latencyMs?.p50 ?? null,
      p95Ms: v.latencyMs?.p95 ?? null,
      p99Ms: v.latencyMs?.p99 ?? null,
    })),
  };
}

/**
 * Answering versions with their labels, in version order so a version keeps its colour when the
 * window or the traffic changes; "not routed" last, and a label repeated (two models' v1) numbered.
 */
function namedVersions(
  versions: DeploymentMetrics['versions'],
  versionLabel: (modelVersionId: string) => string,
) {
  const named = versions
    .filter((v) => v.requests > 0)
    .map((v) => ({
      ...v,
      version: v.modelVersionId === null ? 'not routed' : versionLabel(v.modelVersionId),
    }))
    .sort(
      (a, b) =>
        Number(a.modelVersionId === null) - Number(b.modelVersionId === null) ||
        a.version.localeCompare(b.version, undefined, { numeric: true }),
    );
  const seen = new Map<string, number>();
  return named.map((v) => {
    const n = (seen.get(v.version) ?? 0) + 1;
    seen.set(v.version, n);
    return n === 1 ? v : { ...v, version: `${v.version} (${n})` };
  });
}

const requestsOf = (series: readonly Bucket[]) => series.map((b) => b.requests);

// A bucket without requests has no error rate or latency: NaN leaves a gap, not a false zero.
const errorRateOf = (series: readonly Bucket[]) =>
  series.map((b) => (b.requests === 0 ? Number.NaN : b.errorRate));

const latencyOf = (series: readonly Bucket[], pick: 'p95' | 'p99') =>
  series.map((b) => b.latencyMs?.[pick] ?? Number.NaN);

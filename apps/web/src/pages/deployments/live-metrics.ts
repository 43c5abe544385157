/** What the live card shows: totals over the window and a per-bucket series for the sparkline. */
export interface TrafficSummary {
  readonly requests: number;
  readonly errors: number | null;
  readonly requestsPerMinute: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly series: readonly { at: number; requests: number; p95Ms: number | null }[];
}

const WINDOW_MINUTES: Record<string, number> = { '15m': 15, '1h': 60, '24h': 1440, '7d': 10080 };

/**
 * Reads GET /deployments/{id}/metrics loosely: totals at the top or under `totals` / `overall` /
 * `summary`, latency as `p95`, `p95Ms` or `latencyMs.p95`, buckets under `series` / `buckets`.
 * Null when the endpoint gave nothing to show (no body, or no request in the window).
 */
export function readTraffic(body: unknown, window: string): TrafficSummary | null {
  if (!isObject(body)) return null;
  const totals =
    [body.totals, body.overall, body.summary, body.total].find(isObject) ?? (body as Obj);
  const series = seriesOf([body.series, body.buckets, body.timeseries].find(Array.isArray) ?? []);
  const requests =
    numberAt(totals, ['requests', 'requestCount', 'count']) ??
    (series.length > 0 ? series.reduce((sum, b) => sum + b.requests, 0) : null);
  if (requests === null || requests <= 0) return null;
  const minutes = numberAt(body, ['windowMinutes']) ?? WINDOW_MINUTES[window] ?? 15;
  return {
    requests,
    errors: numberAt(totals, ['errors', 'errorCount', 'failed']),
    requestsPerMinute: requests / minutes,
    p50Ms: latency(totals, 'p50'),
    p95Ms: latency(totals, 'p95'),
    p99Ms: latency(totals, 'p99'),
    series,
  };
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberAt(object: Obj, keys: readonly string[]): number | null {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

function latency(object: Obj, quantile: 'p50' | 'p95' | 'p99'): number | null {
  const cap = quantile.toUpperCase();
  const nested = [object.latencyMs, object.latency].find(isObject);
  return (
    numberAt(object, [`${quantile}Ms`, quantile, `latency${cap}Ms`, `latency${cap}`]) ??
    (nested ? numberAt(nested, [quantile, `${quantile}Ms`]) : null)
  );
}

function seriesOf(buckets: readonly unknown[]): TrafficSummary['series'] {
  return buckets.filter(isObject).flatMap((bucket) => {
    const stamp = ['at', 'start', 'minute', 'time', 'bucket', 'from'].map((k) => bucket[k]);
    const when = stamp.find((v) => typeof v === 'string' || typeof v === 'number');
    const at = typeof when === 'string' ? Date.parse(when) : (when as number | undefined);
    const requests = numberAt(bucket, ['requests', 'requestCount', 'count']);
    if (at === undefined || !Number.isFinite(at) || requests === null) return [];
    return [{ at, requests, p95Ms: latency(bucket, 'p95') }];
  });
}

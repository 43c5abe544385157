import { Counter, type Registry } from 'prom-client';
import { addBuckets, bucketOf, emptyBuckets, LATENCY_BOUNDS_MS } from './latency-histogram.js';

export type RequestOutcome = 'ok' | 'client_error' | 'server_error';

const OUTCOMES: readonly RequestOutcome[] = ['ok', 'client_error', 'server_error'];

/** One request as counted: every request, whatever the prediction log's sampling. */
export interface CountedRequest {
  orgId: string;
  deploymentId: string;
  modelId: string;
  modelVersionId: string;
  version: number;
  outcome: RequestOutcome;
  latencyMs: number;
  at: number;
}

/** Counts of one (deployment, version, minute, outcome), as added into deployment_metric_minutes. */
export interface MinuteCounts {
  deploymentId: string;
  modelVersionId: string;
  minute: Date;
  outcome: RequestOutcome;
  orgId: string;
  requests: number;
  latencySumMs: number;
  latencyBuckets: number[];
}

/** One (deployment, version): totals since start for Prometheus, and minutes not yet written. */
interface Series {
  labels: { deployment_id: string; model_id: string; model_version: string };
  requests: Record<RequestOutcome, number>;
  latencyBuckets: number[];
  latencySumMs: number;
  /** By minute (ms since epoch) + outcome index: minutes are multiples of 60,000, so no clash. */
  pending: Map<number, MinuteCounts>;
}

const MINUTE_MS = 60_000;
const REQUESTS_METRIC = 'aistudio_deployment_requests_total';
const LATENCY_METRIC = 'aistudio_deployment_scoring_seconds';

/**
 * Request counts and latency per deployment and version: kept per minute in memory and added into
 * the database on flush (so replicas sum), and exported to Prometheus when scraped. Counting is
 * plain arithmetic on a per-series record: prom-client's per-call label hashing was a measurable
 * share of a prediction's CPU.
 */
export class ServingMetrics {
  /** Deployment id → model version id → series; series are kept for the process's life. */
  readonly #series = new Map<string, Map<string, Series>>();

  constructor(registry?: Registry) {
    if (!registry) return;
    const series = () => this.#allSeries();
    new Counter({
      name: REQUESTS_METRIC,
      help: 'Prediction requests per deployment and model version, by outcome',
      labelNames: ['deployment_id', 'model_id', 'model_version', 'outcome'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of series()) {
          for (const outcome of OUTCOMES) {
            if (s.requests[outcome] > 0) this.inc({ ...s.labels, outcome }, s.requests[outcome]);
          }
        }
      },
    });
    registry.registerMetric(latencyHistogram(series) as unknown as Counter);
  }

  count(request: CountedRequest): void {
    const series = this.#seriesFor(request);
    const minute = Math.floor(request.at / MINUTE_MS) * MINUTE_MS;
    const key = minute + OUTCOMES.indexOf(request.outcome);
    let counts = series.pending.get(key);
    if (!counts) {
      counts = {
        deploymentId: request.deploymentId,
        modelVersionId: request.modelVersionId,
        minute: new Date(minute),
        outcome: request.outcome,
        orgId: request.orgId,
        requests: 0,
        latencySumMs: 0,
        latencyBuckets: emptyBuckets(),
      };
      series.pending.set(key, counts);
    }
    const bucket = bucketOf(request.latencyMs);
    counts.requests += 1;
    counts.latencySumMs += request.latencyMs;
    counts.latencyBuckets[bucket]! += 1;
    series.requests[request.outcome] += 1;
    series.latencySumMs += request.latencyMs;
    series.latencyBuckets[bucket]! += 1;
  }

  /** Hands over what was counted since the last call; the caller writes it (or gives it back). */
  take(): MinuteCounts[] {
    const taken: MinuteCounts[] = [];
    for (const s of this.#allSeries()) {
      if (s.pending.size === 0) continue;
      taken.push(...s.pending.values());
      s.pending = new Map();
    }
    return taken;
  }

  /** Puts counts back after a failed write, so the next flush retries them. */
  restore(counts: readonly MinuteCounts[]): void {
    for (const c of counts) {
      // take() only hands out counts of series, and series are never dropped.
      const series = this.#series.get(c.deploymentId)!.get(c.modelVersionId)!;
      const key = c.minute.getTime() + OUTCOMES.indexOf(c.outcome);
      const pending = series.pending.get(key);
      if (!pending) {
        series.pending.set(key, c);
        continue;
      }
      pending.requests += c.requests;
      pending.latencySumMs += c.latencySumMs;
      addBuckets(pending.latencyBuckets, c.latencyBuckets);
    }
  }

  #seriesFor(request: CountedRequest): Series {
    let versions = this.#series.get(request.deploymentId);
    if (!versions) this.#series.set(request.deploymentId, (versions = new Map()));
    let series = versions.get(request.modelVersionId);
    if (!series) {
      series = {
        labels: {
          deployment_id: request.deploymentId,
          model_id: request.modelId,
          model_version: String(request.version),
        },
        requests: { ok: 0, client_error: 0, server_error: 0 },
        latencyBuckets: emptyBuckets(),
        latencySumMs: 0,
        pending: new Map(),
      };
      versions.set(request.modelVersionId, series);
    }
    return series;
  }

  *#allSeries(): Iterable<Series> {
    for (const versions of this.#series.values()) yield* versions.values();
  }
}

/**
 * The scoring-latency histogram in prom-client's metric shape, read from the series' buckets at
 * scrape time (the same bounds as the per-minute rows, in seconds).
 */
function latencyHistogram(series: () => Iterable<Series>) {
  const bounds = LATENCY_BOUNDS_MS.map((ms) => ms / 1000);
  const metric = {
    name: LATENCY_METRIC,
    help: 'Time spent validating and scoring a prediction request',
    type: 'histogram',
    aggregator: 'sum',
    labelNames: ['deployment_id', 'model_id', 'model_version'],
    reset() {},
    get() {
      // prom-client's histogram shape: `le` as the value's label, the series' labels shared.
      const values: {
        labels: { le?: number | string };
        sharedLabels: Series['labels'];
        value: number;
        metricName: string;
      }[] = [];
      const bucket = `${LATENCY_METRIC}_bucket`;
      for (const s of series()) {
        const sharedLabels = s.labels;
        let cumulative = 0;
        bounds.forEach((le, i) => {
          cumulative += s.latencyBuckets[i]!;
          values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: bucket });
        });
        const count = cumulative + s.latencyBuckets[bounds.length]!;
        values.push(
          { labels: { le: '+Inf' }, sharedLabels, value: count, metricName: bucket },
          {
            labels: {},
            sharedLabels,
            value: s.latencySumMs / 1000,
            metricName: `${LATENCY_METRIC}_sum`,
          },
          { labels: {}, sharedLabels, value: count, metricName: `${LATENCY_METRIC}_count` },
        );
      }
      return Promise.resolve({ ...metric, values });
    },
  };
  return metric;
}

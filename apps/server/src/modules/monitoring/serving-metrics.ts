import { Counter, Histogram, type Registry } from 'prom-client';
import { addBuckets, bucketOf, emptyBuckets, LATENCY_BOUNDS_MS } from './latency-histogram.js';

export type RequestOutcome = 'ok' | 'client_error' | 'server_error';

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

const MINUTE_MS = 60_000;

/**
 * Request counts and latency per deployment and version: kept per minute in memory and added into
 * the database on flush (so replicas sum), and exported to Prometheus as they happen.
 */
export class ServingMetrics {
  #pending = new Map<string, MinuteCounts>();
  readonly #requests?: Counter<'deployment_id' | 'model_id' | 'model_version' | 'outcome'>;
  readonly #latency?: Histogram<'deployment_id' | 'model_id' | 'model_version'>;

  constructor(registry?: Registry) {
    if (!registry) return;
    this.#requests = new Counter({
      name: 'aistudio_deployment_requests_total',
      help: 'Prediction requests per deployment and model version, by outcome',
      labelNames: ['deployment_id', 'model_id', 'model_version', 'outcome'],
      registers: [registry],
    });
    this.#latency = new Histogram({
      name: 'aistudio_deployment_scoring_seconds',
      help: 'Time spent validating and scoring a prediction request',
      labelNames: ['deployment_id', 'model_id', 'model_version'],
      buckets: LATENCY_BOUNDS_MS.map((ms) => ms / 1000),
      registers: [registry],
    });
  }

  count(request: CountedRequest): void {
    const minute = Math.floor(request.at / MINUTE_MS) * MINUTE_MS;
    const key = `${request.deploymentId}|${request.modelVersionId}|${minute}|${request.outcome}`;
    let counts = this.#pending.get(key);
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
      this.#pending.set(key, counts);
    }
    counts.requests += 1;
    counts.latencySumMs += request.latencyMs;
    counts.latencyBuckets[bucketOf(request.latencyMs)]! += 1;

    const labels = {
      deployment_id: request.deploymentId,
      model_id: request.modelId,
      model_version: String(request.version),
    };
    this.#requests?.inc({ ...labels, outcome: request.outcome });
    this.#latency?.observe(labels, request.latencyMs / 1000);
  }

  /** Hands over what was counted since the last call; the caller writes it (or gives it back). */
  take(): MinuteCounts[] {
    const taken = [...this.#pending.values()];
    this.#pending = new Map();
    return taken;
  }

  /** Puts counts back after a failed write, so the next flush retries them. */
  restore(counts: readonly MinuteCounts[]): void {
    for (const c of counts) {
      const key = `${c.deploymentId}|${c.modelVersionId}|${c.minute.getTime()}|${c.outcome}`;
      const pending = this.#pending.get(key);
      if (!pending) {
        this.#pending.set(key, c);
        continue;
      }
      pending.requests += c.requests;
      pending.latencySumMs += c.latencySumMs;
      addBuckets(pending.latencyBuckets, c.latencyBuckets);
    }
  }
}

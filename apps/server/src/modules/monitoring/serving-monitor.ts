import { randomUUID } from 'node:crypto';
import type { DeploymentShadow } from '@aistudio/contracts';
import type { Predictions } from '@aistudio/engine';
import { AppError } from '../../http/errors.js';
import type { DeploymentRow } from '../deployments/deployments.repository.js';
import type { Scorer } from '../deployments/model-scorer.js';
import { recordsToModelTable } from '../deployments/record-validation.js';
import {
  toPredictions,
  type Answering,
  type ScoringObserver,
} from '../deployments/serving.service.js';
import type { PredictionLogRow } from './monitoring.repository.js';
import type { PredictionLogWriter } from './prediction-log-writer.js';
import type { RequestOutcome, ServingMetrics } from './serving-metrics.js';

type Scored = Parameters<ScoringObserver['scored']>[0];
type Failed = Parameters<ScoringObserver['failed']>[0];

/**
 * Watches serving: counts every request, logs a sample of them, and scores sampled requests with
 * the deployment's shadow version. Only counting happens before the answer is sent.
 */
export class ServingMonitor implements ScoringObserver {
  constructor(
    private readonly metrics: ServingMetrics,
    private readonly log: PredictionLogWriter,
    private readonly scorerFor: (version: DeploymentShadow) => Promise<Scorer>,
    private readonly onError: (error: unknown) => void,
    private readonly random: () => number = Math.random,
  ) {}

  scored(event: Scored): void {
    const at = Date.now();
    this.#count(event, 'ok', event.latencyMs, at);
    const { deployment } = event;
    if (!(this.random() < deployment.logSampleRate)) return;
    // After the answer: building rows and shadow scoring must not delay the response.
    setImmediate(() => {
      const createdAt = new Date(at);
      const outputs = toPredictions(event.scorer, event.scored);
      this.log.append(logRows(event, event.scorer, outputs, event.latencyMs, false, createdAt));
      if (deployment.shadow) {
        this.#scoreShadow(event, deployment.shadow, createdAt).catch(this.onError);
      }
    });
  }

  failed(event: Failed): void {
    const outcome: RequestOutcome =
      event.error instanceof AppError && event.error.status < 500 ? 'client_error' : 'server_error';
    this.#count(event, outcome, event.latencyMs, Date.now());
  }

  #count(event: Answering, outcome: RequestOutcome, latencyMs: number, at: number) {
    this.metrics.count({
      orgId: event.deployment.orgId,
      deploymentId: event.deployment.id,
      modelId: event.route.modelId,
      modelVersionId: event.route.modelVersionId,
      version: event.route.version,
      outcome,
      latencyMs,
      at,
    });
  }

  async #scoreShadow(event: Scored, shadow: DeploymentShadow, createdAt: Date): Promise<void> {
    const scorer = await this.scorerFor(shadow);
    const started = performance.now();
    // The shadow sees the fields it reads; fields only the live model reads are left out.
    const records = event.records.map((record) =>
      Object.fromEntries(scorer.inputs.map((f) => [f.name, fieldOf(record, f.name)])),
    );
    let scored: Predictions;
    try {
      scored = await scorer.score(
        recordsToModelTable(scorer.inputs, records, (i) => `records[${i}]`),
      );
    } catch (error) {
      // A request the shadow cannot read is the shadow's problem, not an error of the service.
      if (error instanceof AppError) return;
      throw error;
    }
    const latencyMs = performance.now() - started;
    const shadowEvent = { ...event, records, route: shadow };
    this.log.append(
      logRows(shadowEvent, scorer, toPredictions(scorer, scored), latencyMs, true, createdAt),
    );
  }
}

function fieldOf(record: unknown, name: string): unknown {
  if (typeof record !== 'object' || record === null) return null;
  return (record as Record<string, unknown>)[name] ?? null;
}

function logRows(
  event: {
    deployment: DeploymentRow;
    route: { modelVersionId: string };
    predictionId: string;
    records: readonly unknown[];
  },
  scorer: Pick<Scorer, 'inputs'>,
  outputs: readonly object[],
  latencyMs: number,
  shadow: boolean,
  createdAt: Date,
): PredictionLogRow[] {
  const { deployment } = event;
  return event.records.map((record, recordIndex) => ({
    id: recordId(createdAt.getTime()),
    orgId: deployment.orgId,
    projectId: deployment.projectId,
    deploymentId: deployment.id,
    modelVersionId: event.route.modelVersionId,
    predictionId: event.predictionId,
    recordIndex,
    features: Object.fromEntries(scorer.inputs.map((f) => [f.name, fieldOf(record, f.name)])),
    output: outputs[recordIndex] as Record<string, unknown>,
    latencyMs,
    shadow,
    createdAt,
  }));
}

/**
 * A UUIDv7 (time-ordered, so the primary key index grows at its end) made from randomUUID, whose
 * pooled entropy makes it several times cheaper than filling fresh random bytes per row.
 */
function recordId(ms: number): string {
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}

import { sql } from 'drizzle-orm';
import type { Db } from '@aistudio/db';
import type { MinuteCounts, RequestOutcome } from './serving-metrics.js';

/** One scored record for the prediction log. */
export interface PredictionLogRow {
  id: string;
  orgId: string;
  projectId: string;
  deploymentId: string;
  modelVersionId: string;
  predictionId: string;
  recordIndex: number;
  features: Record<string, unknown>;
  output: Record<string, unknown>;
  latencyMs: number;
  shadow: boolean;
  createdAt: Date;
}

/** A logged record that feedback may label. */
export interface LabelableRecord {
  predictionId: string;
  recordIndex: number;
  modelVersionId: string;
  task: 'binary' | 'multiclass' | 'regression' | null;
  output: Record<string, unknown>;
}

export interface MetricMinuteRow {
  modelVersionId: string;
  minuteS: number;
  outcome: RequestOutcome;
  requests: number;
  latencySumMs: number;
  latencyBuckets: number[];
}

export interface ConfusionRow {
  modelVersionId: string;
  shadow: boolean;
  task: 'binary' | 'multiclass';
  startS: number;
  predicted: string;
  actual: string;
  n: number;
}

export interface RegressionErrorRow {
  modelVersionId: string;
  shadow: boolean;
  startS: number;
  n: number;
  absSum: number;
  squareSum: number;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** All SQL of monitoring: the prediction log, labels from feedback, and per-minute counts. */
export class MonitoringRepository {
  constructor(private readonly db: Db) {}

  /** One statement per batch; rows of a deployment deleted meanwhile are skipped, not an error. */
  async insertPredictionLogs(rows: readonly PredictionLogRow[]): Promise<void> {
    // The rows as they are (camelCase keys, Dates as ISO strings): no per-row copy on the serving
    // thread, which keeps the encoding while embedded PGlite inserts on its own thread.
    const json = JSON.stringify(rows);
    await this.db.execute(sql`
      INSERT INTO prediction_logs (id, org_id, project_id, deployment_id, model_version_id,
        prediction_id, record_index, features, output, latency_ms, shadow, created_at)
      SELECT r.* FROM jsonb_to_recordset(${json}::jsonb) AS r(id uuid, "orgId" uuid,
        "projectId" uuid, "deploymentId" uuid, "modelVersionId" uuid, "predictionId" uuid,
        "recordIndex" int, features jsonb, output jsonb, "latencyMs" float8, shadow bool,
        "createdAt" timestamptz)
      WHERE EXISTS (SELECT 1 FROM deployments d WHERE d.id = r."deploymentId")`);
  }

  /** Adds counts into the minute rows; replicas adding at once serialise on the row, losing nothing. */
  async addMetricMinutes(counts: readonly MinuteCounts[]): Promise<void> {
    // One lock order for every writer, so two replicas' upserts cannot deadlock.
    const sorted = [...counts].sort((a, b) =>
      `${a.deploymentId}${a.modelVersionId}${a.minute.getTime()}${a.outcome}` <
      `${b.deploymentId}${b.modelVersionId}${b.minute.getTime()}${b.outcome}`
        ? -1
        : 1,
    );
    const json = JSON.stringify(
      sorted.map((c) => ({
        deployment_id: c.deploymentId,
        model_version_id: c.modelVersionId,
        minute: c.minute.toISOString(),
        outcome: c.outcome,
        org_id: c.orgId,
        requests: c.requests,
        latency_sum_ms: c.latencySumMs,
        latency_buckets: c.latencyBuckets,
      })),
    );
    await this.db.execute(sql`
      INSERT INTO deployment_metric_minutes AS m (deployment_id, model_version_id, minute, outcome,
        org_id, requests, latency_sum_ms, latency_buckets)
      SELECT r.deployment_id, r.model_version_id, r.minute, r.outcome, r.org_id, r.requests,
        r.latency_sum_ms, ARRAY(SELECT jsonb_array_elements_text(r.latency_buckets)::bigint)
      FROM jsonb_to_recordset(${json}::jsonb) AS r(deployment_id uuid, model_version_id text,
        minute timestamptz, outcome text, org_id uuid, requests bigint, latency_sum_ms float8,
        latency_buckets jsonb)
      WHERE EXISTS (SELECT 1 FROM deployments d WHERE d.id = r.deployment_id)
      ON CONFLICT (deployment_id, model_version_id, minute, outcome) DO UPDATE SET
        requests = m.requests + excluded.requests,
        latency_sum_ms = m.latency_sum_ms + excluded.latency_sum_ms,
        latency_buckets = ARRAY(
          SELECT coalesce(a, 0) + coalesce(b, 0)
          FROM unnest(m.latency_buckets, excluded.latency_buckets) WITH ORDINALITY AS u(a, b, i)
          ORDER BY i)`);
  }

  async metricMinutesSince(deploymentId: string, from: Date): Promise<MetricMinuteRow[]> {
    const result = await this.db.execute(sql`
      SELECT model_version_id AS "modelVersionId",
        extract(epoch FROM minute)::float8 AS "minuteS", outcome, requests::float8 AS requests,
        latency_sum_ms AS "latencySumMs", latency_buckets::float8[] AS "latencyBuckets"
      FROM deployment_metric_minutes
      WHERE deployment_id = ${deploymentId} AND minute >= ${from.toISOString()}::timestamptz`);
    return rowsOf<MetricMinuteRow>(result);
  }

  /** The logged records of these requests of this deployment (live and shadow). */
  async labelableRecords(
    deploymentId: string,
    predictionIds: readonly string[],
  ): Promise<LabelableRecord[]> {
    const result = await this.db.execute(sql`
      SELECT p.prediction_id AS "predictionId", p.record_index AS "recordIndex",
        p.model_version_id AS "modelVersionId", v.task, p.output
      FROM prediction_logs p LEFT JOIN model_versions v ON v.id = p.model_version_id
      WHERE p.deployment_id = ${deploymentId}
        AND p.prediction_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(predictionIds)}::jsonb)::uuid)`);
    return rowsOf<LabelableRecord>(result);
  }

  /** Sets (or overwrites) the label of each named record; returns how many rows changed. */
  async applyLabels(
    deploymentId: string,
    labels: readonly { predictionId: string; recordIndex: number; label: string | number }[],
  ): Promise<number> {
    const json = JSON.stringify(
      labels.map((l) => ({
        prediction_id: l.predictionId,
        record_index: l.recordIndex,
        label: l.label,
      })),
    );
    const result = await this.db.execute(sql`
      UPDATE prediction_logs p SET label = f.label, labeled_at = now()
      FROM jsonb_to_recordset(${json}::jsonb) AS f(prediction_id uuid, record_index int, label jsonb)
      WHERE p.deployment_id = ${deploymentId} AND p.prediction_id = f.prediction_id
        AND p.record_index = f.record_index
      RETURNING p.id`);
    return rowsOf<{ id: string }>(result).length;
  }

  /** Predicted vs true class counts of labeled classifier records, per version and time bucket. */
  async confusionCounts(
    deploymentId: string,
    from: Date,
    bucketS: number,
  ): Promise<ConfusionRow[]> {
    const result = await this.db.execute(sql`
      SELECT p.model_version_id AS "modelVersionId", p.shadow, v.task,
        floor(extract(epoch FROM p.created_at) / ${bucketS})::float8 * ${bucketS} AS "startS",
        p.output ->> 'label' AS predicted, p.label #>> '{}' AS actual, count(*)::float8 AS n
      FROM prediction_logs p JOIN model_versions v ON v.id = p.model_version_id
      WHERE p.deployment_id = ${deploymentId} AND p.created_at >= ${from.toISOString()}::timestamptz
        AND p.label IS NOT NULL AND v.task IN ('binary', 'multiclass')
      GROUP BY 1, 2, 3, 4, 5, 6`);
    return rowsOf<ConfusionRow>(result);
  }

  /** Absolute and squared error sums of labeled regressor records, per version and time bucket. */
  async regressionErrors(
    deploymentId: string,
    from: Date,
    bucketS: number,
  ): Promise<RegressionErrorRow[]> {
    const result = await this.db.execute(sql`
      SELECT p.model_version_id AS "modelVersionId", p.shadow,
        floor(extract(epoch FROM p.created_at) / ${bucketS})::float8 * ${bucketS} AS "startS",
        count(*)::float8 AS n,
        sum(abs((p.output ->> 'value')::float8 - (p.label #>> '{}')::float8)) AS "absSum",
        sum(power((p.output ->> 'value')::float8 - (p.label #>> '{}')::float8, 2)) AS "squareSum"
      FROM prediction_logs p JOIN model_versions v ON v.id = p.model_version_id
      WHERE p.deployment_id = ${deploymentId} AND p.created_at >= ${from.toISOString()}::timestamptz
        AND p.label IS NOT NULL AND v.task = 'regression'
      GROUP BY 1, 2, 3`);
    return rowsOf<RegressionErrorRow>(result);
  }
}

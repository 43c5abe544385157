import type { DriftCheckWithReport } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { PendingCounts } from '../monitoring/deployment-metrics.service.js';
import { addBuckets, emptyBuckets, quantileOf } from '../monitoring/latency-histogram.js';
import { MonitoringRepository } from '../monitoring/monitoring.repository.js';
import { addConfusion, classificationMetrics, type Confusion } from '../monitoring/task-metrics.js';
import type { AlertMetricQuery, AlertMetricSource } from './alert-metric-source.js';

/** The drift checks of monitoring: the newest finished check of a deployment, with its report. */
export interface DriftCheckReader {
  latestDriftCheck(deploymentId: string): Promise<DriftCheckWithReport | null>;
}

/** What this process has counted or logged but not yet written to the database. */
export interface PendingServingData {
  /** Per-minute service counts (written every 10 s otherwise). */
  readonly counts: PendingCounts;
  /** Logged predictions, which labels join for accuracy (written every 0.5 s otherwise). */
  readonly predictions: PendingCounts;
}

/**
 * The real metric sources: the per-minute service counts and labelled predictions of monitoring,
 * and the latest drift check. Each read first writes what this process holds, so in embedded mode
 * (serving and evaluation in one process) a rule sees traffic served a moment ago. At scale, the
 * evaluating worker serves nothing and other replicas' counts arrive up to 10 s late: at most 10 s
 * of the shortest (5 min) window, and a condition that holds on is caught a minute later anyway.
 */
export class ServingAlertMetrics implements AlertMetricSource {
  constructor(
    private readonly db: Db,
    private readonly drift: DriftCheckReader,
    private readonly pending: PendingServingData,
  ) {}

  async value(query: AlertMetricQuery): Promise<number | null> {
    const since = new Date(Date.now() - query.windowMinutes * 60_000);
    switch (query.metric) {
      case 'error_rate':
      case 'latency_p95':
        return this.#serviceStat(query.metric, query.deploymentId, since);
      case 'accuracy':
        return this.#accuracy(query.deploymentId, since, query.windowMinutes * 60);
      case 'drift_share':
      case 'feature_drift':
        return this.#drift(query, since);
    }
  }

  // A check older than the window says nothing about now: no data, rather than a stale verdict.
  async #drift(query: AlertMetricQuery, since: Date) {
    const check = await this.drift.latestDriftCheck(query.deploymentId);
    if (!check?.completedAt || new Date(check.completedAt) < since) return null;
    if (query.metric === 'drift_share') return check.driftShare;
    const column = check.report?.features.find((feature) => feature.name === query.feature);
    return column?.drifted == null ? null : Number(column.drifted);
  }

  async #serviceStat(metric: 'error_rate' | 'latency_p95', deploymentId: string, since: Date) {
    await this.pending.counts.flush();
    const rows = await new MonitoringRepository(this.db).metricMinutesSince(deploymentId, since);
    let requests = 0;
    let errors = 0;
    const buckets = emptyBuckets();
    for (const row of rows) {
      requests += row.requests;
      // Monitoring counts refused input (4xx) as errors too: a client sending bad records is news.
      if (row.outcome !== 'ok') errors += row.requests;
      addBuckets(buckets, row.latencyBuckets);
    }
    if (requests === 0) return null;
    return metric === 'error_rate' ? errors / requests : quantileOf(buckets, 0.95);
  }

  async #accuracy(deploymentId: string, since: Date, windowSeconds: number) {
    await this.pending.predictions.flush();
    const rows = await new MonitoringRepository(this.db).confusionCounts(
      deploymentId,
      since,
      windowSeconds,
    );
    const confusion: Confusion = new Map();
    for (const row of rows) {
      if (!row.shadow) addConfusion(confusion, row.predicted, row.actual, row.n);
    }
    const { labeled, metrics } = classificationMetrics(confusion);
    return labeled === 0 ? null : metrics.accuracy;
  }
}

import type { DeploymentMetrics, MetricsWindow, ServiceStats } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import { addBuckets, emptyBuckets, quantileOf } from './latency-histogram.js';
import { bucketStarts, windowRange } from './metrics-window.js';
import { MonitoringRepository, type MetricMinuteRow } from './monitoring.repository.js';

/** Writes this replica's pending counts; reads flush first so an answer includes them. */
export interface PendingCounts {
  flush(): Promise<void>;
}

/** Service metrics of a deployment (request count, errors, latency) over a window, per version. */
export class DeploymentMetricsService {
  constructor(
    private readonly db: Db,
    private readonly deployments: DeploymentsService,
    private readonly pending: PendingCounts,
  ) {}

  async metrics(
    principal: Principal,
    deploymentId: string,
    window: MetricsWindow,
  ): Promise<DeploymentMetrics> {
    const deployment = await this.deployments.deploymentFor(
      principal,
      deploymentId,
      'deployment.read',
    );
    const { from, to, bucketSeconds } = windowRange(window);
    const rows = await this.#rows(deployment.id, from);
    const versions = new Map<string, MetricMinuteRow[]>();
    for (const row of rows) {
      versions.set(row.modelVersionId, [...(versions.get(row.modelVersionId) ?? []), row]);
    }
    const starts = bucketStarts(from, to, bucketSeconds);
    const seriesOf = (own: readonly MetricMinuteRow[]) => {
      const inBucket = starts.map((): MetricMinuteRow[] => []);
      for (const row of own) {
        inBucket[Math.floor((row.minuteS * 1000 - from.getTime()) / (bucketSeconds * 1000))]?.push(
          row,
        );
      }
      return starts.map((start, i) => ({
        start: new Date(start).toISOString(),
        ...statsOf(inBucket[i]!),
      }));
    };
    return {
      deploymentId: deployment.id,
      window,
      from: from.toISOString(),
      to: to.toISOString(),
      total: statsOf(rows),
      // Only versions with rows in the window appear, so an idle route costs no series.
      versions: [...versions].map(([modelVersionId, own]) => ({
        modelVersionId: modelVersionId || null,
        ...statsOf(own),
        series: seriesOf(own),
      })),
      bucketSeconds,
      series: seriesOf(rows),
    };
  }

  async #rows(deploymentId: string, from: Date) {
    await this.pending.flush();
    return new MonitoringRepository(this.db).metricMinutesSince(deploymentId, from);
  }
}

function statsOf(rows: readonly MetricMinuteRow[]): ServiceStats {
  let requests = 0;
  let clientErrors = 0;
  let serverErrors = 0;
  let latencySumMs = 0;
  const buckets = emptyBuckets();
  for (const row of rows) {
    requests += row.requests;
    if (row.outcome === 'client_error') clientErrors += row.requests;
    if (row.outcome === 'server_error') serverErrors += row.requests;
    latencySumMs += row.latencySumMs;
    addBuckets(buckets, row.latencyBuckets);
  }
  const errors = clientErrors + serverErrors;
  return {
    requests,
    errors,
    clientErrors,
    serverErrors,
    errorRate: requests === 0 ? 0 : errors / requests,
    latencyMs:
      requests === 0
        ? null
        : {
            p50: quantileOf(buckets, 0.5),
            p95: quantileOf(buckets, 0.95),
            p99: quantileOf(buckets, 0.99),
            mean: latencySumMs / requests,
          },
  };
}

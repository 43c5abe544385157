import type { DeploymentPerformance, MetricsWindow } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Principal } from '../../auth/principal.js';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import { windowRange } from './metrics-window.js';
import { MonitoringRepository } from './monitoring.repository.js';
import type { PendingLog } from './feedback.service.js';
import {
  addConfusion,
  classificationMetrics,
  regressionMetrics,
  type Confusion,
  type ErrorSums,
} from './task-metrics.js';

const BUCKET_SECONDS = { '1h': 3600, '1d': 86_400 } as const;

type VersionPerformance = DeploymentPerformance['versions'][number];

/** Model quality from feedback labels joined to logged outputs, per version and over time. */
export class PerformanceService {
  constructor(
    private readonly db: Db,
    private readonly deployments: DeploymentsService,
    private readonly log: PendingLog,
  ) {}

  async performance(
    principal: Principal,
    deploymentId: string,
    window: MetricsWindow,
    bucket: keyof typeof BUCKET_SECONDS,
  ): Promise<DeploymentPerformance> {
    const deployment = await this.deployments.deploymentFor(
      principal,
      deploymentId,
      'deployment.read',
    );
    const { from, to, bucketSeconds } = windowRange(window, BUCKET_SECONDS[bucket]);
    await this.log.flush();
    const repo = new MonitoringRepository(this.db);
    const [confusions, errors] = await Promise.all([
      repo.confusionCounts(deployment.id, from, bucketSeconds),
      repo.regressionErrors(deployment.id, from, bucketSeconds),
    ]);

    const versions: VersionPerformance[] = [];
    const classifiers = new Map<
      string,
      { task: 'binary' | 'multiclass'; whole: Confusion; byStart: Map<number, Confusion> }
    >();
    for (const row of confusions) {
      const key = `${row.modelVersionId}|${row.shadow}`;
      const entry = classifiers.get(key) ?? {
        task: row.task,
        whole: new Map(),
        byStart: new Map(),
      };
      classifiers.set(key, entry);
      addConfusion(entry.whole, row.predicted, row.actual, row.n);
      const atStart = entry.byStart.get(row.startS) ?? new Map();
      entry.byStart.set(row.startS, atStart);
      addConfusion(atStart, row.predicted, row.actual, row.n);
    }
    for (const [key, entry] of classifiers) {
      versions.push({
        ...versionOf(key),
        task: entry.task,
        ...classificationMetrics(entry.whole),
        series: [...entry.byStart]
          .sort(([a], [b]) => a - b)
          .map(([startS, confusion]) => ({
            start: isoOf(startS),
            ...classificationMetrics(confusion),
          })),
      });
    }
    const regressors = new Map<string, { whole: ErrorSums; byStart: [number, ErrorSums][] }>();
    for (const row of errors) {
      const key = `${row.modelVersionId}|${row.shadow}`;
      const entry = regressors.get(key) ?? {
        whole: { n: 0, absSum: 0, squareSum: 0 },
        byStart: [],
      };
      regressors.set(key, entry);
      entry.whole.n += row.n;
      entry.whole.absSum += row.absSum;
      entry.whole.squareSum += row.squareSum;
      entry.byStart.push([row.startS, row]);
    }
    for (const [key, entry] of regressors) {
      versions.push({
        ...versionOf(key),
        task: 'regression',
        ...regressionMetrics(entry.whole),
        series: entry.byStart
          .sort(([a], [b]) => a - b)
          .map(([startS, sums]) => ({ start: isoOf(startS), ...regressionMetrics(sums) })),
      });
    }
    return {
      deploymentId: deployment.id,
      window,
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds,
      versions,
    };
  }
}

function versionOf(key: string) {
  const [modelVersionId, shadow] = key.split('|');
  return { modelVersionId: modelVersionId!, shadow: shadow === 'true' };
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

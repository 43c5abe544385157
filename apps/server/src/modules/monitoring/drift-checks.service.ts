import {
  DriftCheckOptions,
  type CreateDriftCheckBody,
  type DriftCheck,
  type DriftCheckWithReport,
  type DriftReport,
  type DriftSchedule,
  type PageQuery,
} from '@aistudio/contracts';
import { uuidv7, type Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { NotFoundError, UnprocessableError } from '../../http/errors.js';
import { decodeCursor, iso, toPage } from '../../http/pagination.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { RecurringSchedules } from '../../infra/schedule/recurring-schedules.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { toJob } from '../datasets/datasets.service.js';
import type { DeploymentRow } from '../deployments/deployments.repository.js';
import type { DeploymentsService } from '../deployments/deployments.service.js';
import { DRIFT_CHECK_JOB, type DriftCheckPayload } from './drift-check-job.js';
import { DriftChecksRepository, type DriftCheckRow } from './drift-checks.repository.js';

const MINUTE_MS = 60_000;

/** On-demand and scheduled drift checks of deployments, their history and reports. */
export class DriftChecksService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly deployments: DeploymentsService,
    private readonly queue: JobQueue,
    private readonly schedules: RecurringSchedules,
  ) {}

  /** Records a check and enqueues its job; the reference version is checked before the job exists. */
  async create(actor: Actor, deploymentId: string, body: CreateDriftCheckBody) {
    const deployment = await this.deployments.deploymentFor(
      actor.principal,
      deploymentId,
      'deployment.write',
    );
    const options = DriftCheckOptions.parse(body);
    await this.#assertReference(deployment, options.referenceDatasetVersionId);
    const id = uuidv7();
    const userId = accountableUser(actor.principal);
    const { row, job } = await this.transactions.run(async (tx, audit) => {
      const payload: DriftCheckPayload = {
        v: 1,
        deploymentId: deployment.id,
        checkId: id,
        options,
      };
      const job = await this.queue.enqueue(tx, {
        orgId: deployment.orgId,
        projectId: deployment.projectId,
        kind: DRIFT_CHECK_JOB,
        payload: { ...payload },
        targetType: 'drift_check',
        targetId: id,
        createdBy: userId,
        maxAttempts: 1,
      });
      const row = await new DriftChecksRepository(tx).insert({
        id,
        orgId: deployment.orgId,
        projectId: deployment.projectId,
        deploymentId: deployment.id,
        trigger: 'manual',
        options,
        jobId: job.id,
        createdBy: userId,
      });
      await audit.record(actor, {
        orgId: deployment.orgId,
        projectId: deployment.projectId,
        action: 'drift_check.create',
        targetType: 'deployment',
        targetId: deployment.id,
        summary: `Started a drift check of "${deployment.name}" over the last ${options.window}`,
      });
      return { row, job };
    });
    this.queue.wake();
    return { ...toDriftCheck(row), job: toJob(job) };
  }

  async list(principal: Principal, deploymentId: string, query: PageQuery) {
    await this.deployments.deploymentFor(principal, deploymentId, 'deployment.read');
    const rows = await new DriftChecksRepository(this.db).findPage(
      deploymentId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, toDriftCheck);
  }

  async get(principal: Principal, deploymentId: string, checkId: string) {
    await this.deployments.deploymentFor(principal, deploymentId, 'deployment.read');
    const row = await new DriftChecksRepository(this.db).find(checkId);
    if (!row || row.deploymentId !== deploymentId) {
      throw new NotFoundError(`Drift check ${checkId} not found.`);
    }
    return toDriftCheckWithReport(row);
  }

  /**
   * The deployment's newest finished check with its report, or null when none finished. No
   * authorization: for alert evaluation inside the server, which has scoped the deployment.
   */
  async latestDriftCheck(deploymentId: string): Promise<DriftCheckWithReport | null> {
    const row = await new DriftChecksRepository(this.db).findLatestSucceeded(deploymentId);
    return row ? toDriftCheckWithReport(row) : null;
  }

  /** Runs a check every `intervalMinutes` with these options; replaces an earlier schedule. */
  async putSchedule(actor: Actor, deploymentId: string, body: DriftSchedule) {
    const deployment = await this.deployments.deploymentFor(
      actor.principal,
      deploymentId,
      'deployment.write',
    );
    const { intervalMinutes, ...rest } = body;
    const options = DriftCheckOptions.parse(rest);
    await this.#assertReference(deployment, options.referenceDatasetVersionId);
    await this.transactions.run(async (tx, audit) => {
      const payload: DriftCheckPayload = { v: 1, deploymentId: deployment.id, options };
      await this.schedules.upsert(
        scheduleKey(deployment.id),
        {
          orgId: deployment.orgId,
          projectId: deployment.projectId,
          kind: DRIFT_CHECK_JOB,
          payload: { ...payload },
          everyMs: intervalMinutes * MINUTE_MS,
        },
        tx,
      );
      await audit.record(actor, {
        orgId: deployment.orgId,
        projectId: deployment.projectId,
        action: 'drift_schedule.update',
        targetType: 'deployment',
        targetId: deployment.id,
        summary: `Scheduled drift checks of "${deployment.name}" every ${intervalMinutes} min`,
      });
    });
    return { ...options, intervalMinutes };
  }

  async getSchedule(principal: Principal, deploymentId: string): Promise<DriftSchedule> {
    await this.deployments.deploymentFor(principal, deploymentId, 'deployment.read');
    const row = await this.schedules.find(scheduleKey(deploymentId));
    if (!row) throw new NotFoundError(`Deployment ${deploymentId} has no drift check schedule.`);
    const payload = row.payload as unknown as DriftCheckPayload;
    return { ...payload.options, intervalMinutes: Math.round(row.intervalMs / MINUTE_MS) };
  }

  async deleteSchedule(actor: Actor, deploymentId: string): Promise<void> {
    const deployment = await this.deployments.deploymentFor(
      actor.principal,
      deploymentId,
      'deployment.write',
    );
    await this.transactions.run(async (tx, audit) => {
      if (!(await this.schedules.remove(scheduleKey(deployment.id), tx))) {
        throw new NotFoundError(`Deployment ${deploymentId} has no drift check schedule.`);
      }
      await audit.record(actor, {
        orgId: deployment.orgId,
        projectId: deployment.projectId,
        action: 'drift_schedule.delete',
        targetType: 'deployment',
        targetId: deployment.id,
        summary: `Stopped scheduled drift checks of "${deployment.name}"`,
      });
    });
  }

  /** A chosen reference must be a ready version of a dataset in the deployment's project. */
  async #assertReference(deployment: DeploymentRow, versionId: string | undefined): Promise<void> {
    if (!versionId) return;
    const found = await new DatasetsRepository(this.db).findVersion(versionId);
    const field = 'referenceDatasetVersionId';
    if (!found || found.dataset.projectId !== deployment.projectId) {
      throw new UnprocessableError(
        `${field}: no dataset version ${versionId} in the deployment's project; pick one of its dataset versions`,
        [{ field, message: "is not a dataset version of the deployment's project" }],
      );
    }
    if (found.version.status !== 'ready' || !found.version.parquetKey) {
      throw new UnprocessableError(
        `${field}: version ${found.version.number} of "${found.dataset.name}" is ${found.version.status}; pick a ready version`,
        [{ field, message: `is ${found.version.status}` }],
      );
    }
  }
}

function scheduleKey(deploymentId: string): string {
  return `drift:${deploymentId}`;
}

function toDriftCheck(row: DriftCheckRow): DriftCheck {
  const report = row.report as { reason?: string | null } | null;
  return {
    id: row.id,
    deploymentId: row.deploymentId,
    status: row.status,
    trigger: row.trigger,
    options: DriftCheckOptions.parse(row.options),
    modelVersionId: row.modelVersionId,
    referenceDatasetVersionId: row.referenceDatasetVersionId,
    windowStart: row.windowStart && iso(row.windowStart),
    windowEnd: row.windowEnd && iso(row.windowEnd),
    referenceRows: row.referenceRows,
    currentRows: row.currentRows,
    driftShare: row.driftShare,
    datasetDrift: row.datasetDrift,
    reason: report?.reason ?? null,
    error: row.error,
    createdAt: iso(row.createdAt),
    completedAt: row.completedAt && iso(row.completedAt),
  };
}

function toDriftCheckWithReport(row: DriftCheckRow): DriftCheckWithReport {
  const report = row.report as (DriftReport & { reason?: unknown }) | null;
  return {
    ...toDriftCheck(row),
    report: report && {
      features: report.features,
      prediction: report.prediction,
      skipped: report.skipped,
      timingsMs: report.timingsMs,
    },
  };
}

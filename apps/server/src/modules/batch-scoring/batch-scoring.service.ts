import type { BatchScoring, CreateBatchScoringBody, ModelInputField } from '@aistudio/contracts';
import { uuidv7, type Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../http/errors.js';
import { iso } from '../../http/pagination.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import { toJob } from '../datasets/datasets.service.js';
import { assertLicenseAllows } from '../models/model-license.js';
import type { ModelsService } from '../models/models.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { BATCH_SCORING_JOB } from './batch-scoring-job.js';
import { BatchScoringRepository, type BatchScoringRow } from './batch-scoring.repository.js';
import { scoringInputs } from './scoring-inputs.js';

/** Scores a dataset version with a model version as a job; the output is a new dataset version. */
export class BatchScoringService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly models: ModelsService,
    private readonly queue: JobQueue,
  ) {}

  /**
   * Checks everything a job could only fail on (version ready, licence, data ready, every input
   * column present and readable) before the job exists; then records the scoring and enqueues it.
   */
  async create(actor: Actor, modelId: string, body: CreateBatchScoringBody): Promise<BatchScoring> {
    const model = await this.models.modelFor(actor.principal, modelId, 'model.read');
    const version = await this.models.resolveVersion(model, String(body.version));
    if (version.status !== 'ready') {
      throw new ConflictError(
        `version: version ${version.number} is ${version.status}; only a ready version can score data.`,
        { errors: [{ field: 'version', message: `is ${version.status}` }] },
      );
    }
    assertLicenseAllows(version, 'batch-score');
    const source = await this.#sourceFor(actor.principal, body.datasetVersionId);
    if (source.dataset.projectId !== model.projectId) {
      throw new UnprocessableError(
        'datasetVersionId: belongs to another project than the model; score data of the same project',
        [{ field: 'datasetVersionId', message: "is not in the model's project" }],
      );
    }
    scoringInputs(version.inputSchema as ModelInputField[], source.version.schema);
    const outputName =
      body.outputName ?? `${source.dataset.name} scored by ${model.name}`.slice(0, 100);
    const id = uuidv7();
    const userId = accountableUser(actor.principal);
    const row = await this.transactions.run(async (tx, audit) => {
      const job = await this.queue.enqueue(tx, {
        orgId: model.orgId,
        projectId: model.projectId,
        kind: BATCH_SCORING_JOB,
        payload: { v: 1, batchScoringId: id },
        targetType: 'batch_scoring',
        targetId: id,
        createdBy: userId,
      });
      const inserted = await new BatchScoringRepository(tx).insert({
        id,
        orgId: model.orgId,
        projectId: model.projectId,
        modelId: model.id,
        modelVersionId: version.id,
        modelVersion: version.number,
        sourceVersionId: source.version.id,
        outputName,
        jobId: job.id,
        createdBy: userId,
      });
      await audit.record(actor, {
        orgId: model.orgId,
        projectId: model.projectId,
        action: 'batch_scoring.create',
        targetType: 'batch_scoring',
        targetId: id,
        summary: `Started scoring version ${source.version.number} of "${source.dataset.name}" with version ${version.number} of "${model.name}" into "${outputName}"`,
      });
      return inserted;
    });
    this.queue.wake();
    return this.#view(row);
  }

  async get(principal: Principal, id: string): Promise<BatchScoring> {
    const row = await new BatchScoringRepository(this.db).find(id);
    const notFound = `Batch scoring ${id} not found.`;
    if (!row) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, row.projectId, 'model.read', notFound);
    return this.#view(row);
  }

  /** Cancels the scoring's job; false when it had already finished. Editors of the project only. */
  async cancel(actor: Actor, id: string): Promise<BatchScoring> {
    const row = await new BatchScoringRepository(this.db).find(id);
    const notFound = `Batch scoring ${id} not found.`;
    if (!row) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(
      actor.principal,
      row.projectId,
      'dataset.write',
      notFound,
    );
    if (!(await this.queue.cancel(row.jobId))) {
      throw new ConflictError(
        `Batch scoring ${id} has already finished; there is nothing to cancel.`,
      );
    }
    return this.#view(row);
  }

  /** The version to score, readable by the caller, whose project receives the output (so: write). */
  async #sourceFor(principal: Principal, versionId: string) {
    const found = await new DatasetsRepository(this.db).findVersion(versionId);
    const notFound = `datasetVersionId: dataset version ${versionId} not found.`;
    if (!found) {
      throw new NotFoundError(notFound, {
        errors: [{ field: 'datasetVersionId', message: 'not found' }],
      });
    }
    await this.projects.authorizeProjectResource(
      principal,
      found.dataset.projectId,
      'dataset.write',
      notFound,
    );
    if (!found.version.parquetKey || found.version.status !== 'ready') {
      throw new ConflictError(
        `datasetVersionId: the version is ${found.version.status}; its data can be scored once it is ready.`,
        { errors: [{ field: 'datasetVersionId', message: `is ${found.version.status}` }] },
      );
    }
    return found;
  }

  async #view(row: BatchScoringRow): Promise<BatchScoring> {
    const job = await new BatchScoringRepository(this.db).findJob(row.jobId);
    return {
      id: row.id,
      projectId: row.projectId,
      modelId: row.modelId,
      modelVersion: row.modelVersion,
      modelVersionId: row.modelVersionId,
      sourceVersionId: row.sourceVersionId,
      outputName: row.outputName,
      outputVersionId: row.outputVersionId,
      rowCount: row.rowCount,
      job: toJob(job!),
      createdBy: row.createdBy,
      createdAt: iso(row.createdAt),
    };
  }
}

import type { Readable } from 'node:stream';
import {
  CreateRunBody,
  RUN_FINAL_STATUSES,
  type CreateExperimentBody,
  type Experiment,
  type ListRunsQuery,
  type PageQuery,
  type Run,
  type RunMetrics,
  type UpdateRunBody,
} from '@aistudio/contracts';
import {
  checkTrainParams,
  EngineInputError,
  ENGINE_VERSION,
  encodedFeatureCount,
  estimateTrainingSeconds,
} from '@aistudio/engine';
import { isUniqueViolation, violatedConstraint, type Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import type { ProjectAction } from '../../auth/policy.js';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../http/errors.js';
import { decodeCursor, iso, isoOrNull, toPage } from '../../http/pagination.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetsRepository } from '../datasets/datasets.repository.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { FilterSyntaxError, parseRunFilter } from './run-filter.js';
import type { RunEventLog } from './run-events.js';
import {
  RunsRepository,
  type ExperimentRow,
  type RunArtifactRow,
  type RunRow,
} from './runs.repository.js';
import type { SweepCoordinator } from './sweeps/sweep-coordinator.js';
import { SweepsRepository } from './sweeps/sweeps.repository.js';
import { engineColumnKind, type TrainingColumn } from './read-training-table.js';
import { trainingColumns } from './training-columns.js';
import { TRAINING_JOB, runArtifactKey, type TrainingPayload } from './training-job.js';

export const DEFAULT_EXPERIMENT = 'Default';

/** Experiments and runs: create, read, search, stop, resume, move and delete. */
export class RunsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly storage: BlobStorage,
    private readonly queue: JobQueue,
    private readonly events: RunEventLog,
    private readonly sweeps?: Pick<SweepCoordinator, 'advance' | 'cancelTrials'>,
  ) {}

  async createExperiment(
    actor: Actor,
    projectId: string,
    body: CreateExperimentBody,
  ): Promise<Experiment> {
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'run.write',
    );
    const row = await this.transactions
      .run(async (tx, audit) => {
        const created = await new RunsRepository(tx).insertExperiment({
          orgId: project.orgId,
          projectId,
          name: body.name,
          description: body.description,
          createdBy: accountableUser(actor.principal),
        });
        await audit.record(actor, {
          orgId: project.orgId,
          projectId,
          action: 'experiment.create',
          targetType: 'experiment',
          targetId: created.id,
          summary: `Created experiment "${created.name}"`,
        });
        return created;
      })
      .catch((error: unknown) => {
        throw experimentNameTaken(error, body.name);
      });
    return toExperiment(row, 0);
  }

  async listExperiments(principal: Principal, projectId: string, query: PageQuery) {
    await this.projects.authorizeProject(principal, projectId, 'run.read');
    const repo = new RunsRepository(this.db);
    const rows = await repo.findExperimentPage(projectId, query.limit, decodeCursor(query.cursor));
    const counts = await repo.runCounts(rows.map((row) => row.id));
    return toPage(rows, query.limit, (row) => toExperiment(row, counts.get(row.id) ?? 0));
  }

  async getExperiment(principal: Principal, experimentId: string): Promise<Experiment> {
    const repo = new RunsRepository(this.db);
    const row = await repo.findExperiment(experimentId);
    const notFound = `Experiment ${experimentId} not found.`;
    if (!row) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, row.projectId, 'run.read', notFound);
    const counts = await repo.runCounts([row.id]);
    return toExperiment(row, counts.get(row.id) ?? 0);
  }

  /** Checks the request against the data's schema, then records the run and queues its job. */
  async create(actor: Actor, projectId: string, input: CreateRunBody): Promise<Run> {
    const { body, project, version, dataset, estimate } = await this.prepare(
      actor.principal,
      projectId,
      input,
      'run.write',
    );
    const userId = accountableUser(actor.principal);
    const created = await this.transactions.run(async (tx, audit) => {
      const repo = new RunsRepository(tx);
      const experiment = await this.experimentFor(repo, project.orgId, projectId, body, userId);
      let run = await repo.insertRun({
        orgId: project.orgId,
        projectId,
        experimentId: experiment.id,
        name: body.name ?? `${body.algorithm} on ${dataset.name} v${version.number}`,
        datasetId: dataset.id,
        datasetVersionId: version.id,
        target: body.target,
        features: body.features ?? null,
        task: body.task ?? null,
        algorithm: body.algorithm,
        params: body.params,
        testFraction: body.testFraction,
        seed: body.seed,
        fairnessColumn: body.fairnessColumn ?? null,
        tags: body.tags,
        notes: body.notes,
        engineVersion: ENGINE_VERSION,
        estimate,
        createdBy: userId,
      });
      run = await this.#enqueue(tx, run, userId);
      await this.events.append(run.id, [{ type: 'state', status: 'queued', error: null }], tx);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'run.create',
        targetType: 'run',
        targetId: run.id,
        summary: `Started run "${run.name}" (${run.algorithm}, target ${run.target})`,
      });
      return run;
    });
    this.queue.wake();
    await this.events.announce(created.id);
    return toRun(created, []);
  }

  /** What a run of this request is expected to cost, checked exactly as `create` checks it. */
  async estimate(principal: Principal, projectId: string, input: CreateRunBody) {
    return (await this.prepare(principal, projectId, input, 'run.read')).estimate;
  }

  /** Authorizes and checks a run request against its data (sweeps check their trials' data here). */
  async prepare(
    principal: Principal,
    projectId: string,
    input: CreateRunBody,
    action: ProjectAction,
  ) {
    const body = CreateRunBody.parse(input);
    const { project } = await this.projects.authorizeProject(principal, projectId, action);
    const found = await new DatasetsRepository(this.db).findVersion(body.datasetVersionId);
    if (!found || found.version.projectId !== projectId) {
      throw invalid('datasetVersionId', 'is not a dataset version of this project');
    }
    const { version, dataset } = found;
    if (version.status !== 'ready') {
      throw invalid(
        'datasetVersionId',
        `version ${version.number} of "${dataset.name}" is ${version.status}; train on a ready version`,
      );
    }
    const plan = trainingColumns(version.schema, {
      target: body.target,
      features: body.features ?? null,
      fairnessColumn: body.fairnessColumn ?? null,
    });
    if (!plan.ok) {
      const [field, ...rest] = plan.error.split(': ');
      throw invalid(field!, rest.join(': '));
    }
    const target = targetProfile(version.profile, body.target, body.task);
    try {
      checkTrainParams(body.algorithm, body.params, body.task);
    } catch (error) {
      if (error instanceof EngineInputError) {
        throw invalid(
          error.subject === 'algorithm' ? 'algorithm' : `params.${error.subject}`,
          error.message.slice(error.subject.length + 2),
        );
      }
      throw error;
    }
    const estimate = estimateTrainingSeconds(
      { target: body.target, algorithm: body.algorithm, params: body.params },
      {
        rows: Math.max(1, Math.round((version.rowCount ?? 0) * (1 - body.testFraction))),
        features: plan.features.length,
        classes: target?.classes ?? 0,
        encodedFeatures: encodedFeatures(version.profile, plan.columns, plan.features),
      },
    );
    return { body, project, version, dataset, estimate, target };
  }

  async get(principal: Principal, runId: string): Promise<Run> {
    const run = await this.#runFor(principal, runId, 'run.read');
    return toRun(run, await new RunsRepository(this.db).artifactsOf([run.id]));
  }

  async list(principal: Principal, projectId: string, query: ListRunsQuery) {
    await this.projects.authorizeProject(principal, projectId, 'run.read');
    let conditions;
    try {
      conditions = parseRunFilter(query.filter ?? '');
    } catch (error) {
      if (error instanceof FilterSyntaxError)
        throw ValidationError.field('query.filter', error.message);
      throw error;
    }
    const repo = new RunsRepository(this.db);
    const rows = await repo.findRunPage(projectId, {
      limit: query.limit,
      beforeId: decodeCursor(query.cursor),
      ...(query.experimentId ? { experimentId: query.experimentId } : {}),
      conditions,
    });
    const artifacts = await repo.artifactsOf(rows.slice(0, query.limit).map((row) => row.id));
    return toPage(rows, query.limit, (row) =>
      toRun(
        row,
        artifacts.filter((a) => a.runId === row.id),
      ),
    );
  }

  async update(actor: Actor, runId: string, body: UpdateRunBody): Promise<Run> {
    const run = await this.#runFor(actor.principal, runId, 'run.write');
    const updated = await this.transactions.run(async (tx, audit) => {
      const repo = new RunsRepository(tx);
      if (body.experimentId && body.experimentId !== run.experimentId) {
        const target = await repo.findExperiment(body.experimentId);
        if (!target || target.projectId !== run.projectId) {
          throw invalid('experimentId', "is not an experiment of this run's project");
        }
      }
      const row = await repo.updateRun(run.id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
        ...(body.experimentId !== undefined ? { experimentId: body.experimentId } : {}),
      });
      await audit.record(actor, {
        orgId: run.orgId,
        projectId: run.projectId,
        action:
          body.experimentId && body.experimentId !== run.experimentId ? 'run.move' : 'run.update',
        targetType: 'run',
        targetId: run.id,
        summary: `Updated run "${row.name}" (${Object.keys(body).join(', ')})`,
      });
      return row;
    });
    return toRun(updated, await new RunsRepository(this.db).artifactsOf([run.id]));
  }

  /** Cancel or pause: a queued run stops at once, a running one at its next iteration. */
  async stop(actor: Actor, runId: string, request: 'cancel' | 'pause'): Promise<Run> {
    const run = await this.#runFor(actor.principal, runId, 'run.write');
    const stoppable =
      request === 'cancel'
        ? ['queued', 'running', 'paused'].includes(run.status)
        : ['queued', 'running'].includes(run.status);
    if (!stoppable) {
      throw new ConflictError(
        `The run is ${run.status}; only ${request === 'cancel' ? 'queued, running or paused' : 'queued or running'} runs can be ${request === 'cancel' ? 'cancelled' : 'paused'}.`,
      );
    }
    if (request === 'pause' && run.kind === 'sweep') {
      throw new ConflictError('A sweep cannot pause; cancel it instead.');
    }
    if (
      request === 'pause' &&
      (run.algorithm === 'forest' || run.algorithm === 'tree' || run.algorithm === 'linear')
    ) {
      throw new ConflictError(
        `A ${run.algorithm} run trains in one go and cannot pause; cancel it instead.`,
      );
    }
    const jobId = run.jobId;
    const updated = await this.transactions.run(async (tx, audit) => {
      const repo = new RunsRepository(tx);
      const locked = (await repo.findRun(run.id, { lock: true }))!;
      // Not yet started or already paused (or a sweep, which has no job): the state changes here.
      const immediate =
        locked.status === 'queued' || locked.status === 'paused' || locked.kind === 'sweep';
      const status = request === 'pause' ? 'paused' : 'cancelled';
      const row = await repo.updateRun(
        run.id,
        immediate
          ? {
              status,
              stopRequest: null,
              ...(status === 'cancelled' ? { finishedAt: new Date() } : {}),
            }
          : { stopRequest: request },
      );
      if (immediate) await this.events.append(run.id, [{ type: 'state', status, error: null }], tx);
      await audit.record(actor, {
        orgId: run.orgId,
        projectId: run.projectId,
        action: `run.${request}`,
        targetType: 'run',
        targetId: run.id,
        summary: `${request === 'pause' ? 'Paused' : 'Cancelled'} run "${run.name}"`,
      });
      return row;
    });
    await this.events.announce(run.id);
    if (jobId) await this.queue.cancel(jobId);
    // A sweep's trials stop with it; a trial stopped before its job ran lets its sweep go on.
    if (run.kind === 'sweep') await this.sweeps?.cancelTrials(run.id);
    else if (run.parentRunId && RUN_FINAL_STATUSES.includes(updated.status)) {
      await this.sweeps?.advance(run.parentRunId);
    }
    return toRun(updated, await new RunsRepository(this.db).artifactsOf([run.id]));
  }

  /** Continues a paused run from its last checkpoint (same final model as an uninterrupted run). */
  async resume(actor: Actor, runId: string): Promise<Run> {
    const run = await this.#runFor(actor.principal, runId, 'run.write');
    const userId = accountableUser(actor.principal);
    const updated = await this.transactions.run(async (tx, audit) => {
      const repo = new RunsRepository(tx);
      const locked = (await repo.findRun(run.id, { lock: true }))!;
      if (locked.status !== 'paused') {
        throw new ConflictError(`The run is ${locked.status}; only a paused run can resume.`);
      }
      const row = await this.#enqueue(
        tx,
        await repo.updateRun(run.id, { status: 'queued' }),
        userId,
      );
      await this.events.append(run.id, [{ type: 'state', status: 'queued', error: null }], tx);
      await audit.record(actor, {
        orgId: run.orgId,
        projectId: run.projectId,
        action: 'run.resume',
        targetType: 'run',
        targetId: run.id,
        summary: `Resumed run "${run.name}"`,
      });
      return row;
    });
    this.queue.wake();
    await this.events.announce(run.id);
    return toRun(updated, await new RunsRepository(this.db).artifactsOf([run.id]));
  }

  /** Deletes the run (a sweep with its trials), its metrics and events, and its files in storage. */
  async delete(actor: Actor, runId: string): Promise<void> {
    const run = await this.#runFor(actor.principal, runId, 'run.write');
    const family =
      run.kind === 'sweep'
        ? [run, ...(await new SweepsRepository(this.db).findTrials(run.id))]
        : [run];
    const artifacts = await new RunsRepository(this.db).artifactsOf(family.map((r) => r.id));
    await this.transactions.run(async (tx, audit) => {
      await new RunsRepository(tx).deleteRun(run.id);
      await audit.record(actor, {
        orgId: run.orgId,
        projectId: run.projectId,
        action: 'run.delete',
        targetType: 'run',
        targetId: run.id,
        summary: `Deleted run "${run.name}"`,
      });
    });
    for (const member of family) {
      if (member.jobId && !RUN_FINAL_STATUSES.includes(member.status)) {
        await this.queue.cancel(member.jobId);
      }
    }
    // After commit: a failure here leaves orphaned files for the storage sweep, never a run without its files.
    await Promise.all(artifacts.map((a) => this.storage.delete(a.storageKey)));
    await Promise.all(
      family.map((member) => this.storage.delete(runArtifactKey(member, 'checkpoint.json'))),
    );
    // A trial deleted before it ended must not leave its sweep waiting for it.
    if (run.parentRunId) await this.sweeps?.advance(run.parentRunId);
  }

  async metrics(principal: Principal, runId: string): Promise<RunMetrics> {
    const run = await this.#runFor(principal, runId, 'run.read');
    const points = await new RunsRepository(this.db).metricsOf(run.id);
    const series = new Map<string, { name: string; steps: number[]; values: number[] }>();
    for (const point of points) {
      let s = series.get(point.name);
      if (!s) series.set(point.name, (s = { name: point.name, steps: [], values: [] }));
      s.steps.push(point.step);
      s.values.push(point.value);
    }
    return { series: [...series.values()] };
  }

  /** A stored artifact's bytes (model.json, model.onnx, evaluation.json). */
  async artifact(
    principal: Principal,
    runId: string,
    name: string,
  ): Promise<{ artifact: RunArtifactRow; body: Readable }> {
    const run = await this.#runFor(principal, runId, 'run.read');
    const artifact = (await new RunsRepository(this.db).artifactsOf([run.id])).find(
      (a) => a.name === name,
    );
    if (!artifact) throw new NotFoundError(`Run ${runId} has no artifact "${name}".`);
    return { artifact, body: await this.storage.read(artifact.storageKey) };
  }

  /** For the SSE stream: authorizes and returns the run. */
  async runForEvents(principal: Principal, runId: string): Promise<RunRow> {
    return this.#runFor(principal, runId, 'run.read');
  }

  async #enqueue(tx: Db, run: RunRow, userId: string): Promise<RunRow> {
    const payload: TrainingPayload = { v: 1, runId: run.id };
    const job = await this.queue.enqueue(tx, {
      orgId: run.orgId,
      projectId: run.projectId,
      kind: TRAINING_JOB,
      payload,
      targetType: 'run',
      targetId: run.id,
      createdBy: userId,
    });
    return new RunsRepository(tx).updateRun(run.id, { jobId: job.id });
  }

  /** The experiment a new run or sweep joins: the one named, or the project's Default. */
  async experimentFor(
    repo: RunsRepository,
    orgId: string,
    projectId: string,
    body: { experimentId?: string | undefined },
    userId: string,
  ): Promise<ExperimentRow> {
    if (body.experimentId) {
      const experiment = await repo.findExperiment(body.experimentId);
      if (!experiment || experiment.projectId !== projectId) {
        throw invalid('experimentId', 'is not an experiment of this project');
      }
      return experiment;
    }
    const existing = await repo.findExperimentByName(projectId, DEFAULT_EXPERIMENT);
    if (existing) return existing;
    // The first run of a project creates its Default experiment; a concurrent first run that
    // loses the unique-name race fails with a 409 the client may simply retry.
    return repo
      .insertExperiment({ orgId, projectId, name: DEFAULT_EXPERIMENT, createdBy: userId })
      .catch((error: unknown) => {
        throw experimentNameTaken(error, DEFAULT_EXPERIMENT);
      });
  }

  async #runFor(principal: Principal, runId: string, action: ProjectAction): Promise<RunRow> {
    const run = await new RunsRepository(this.db).findRun(runId);
    const notFound = `Run ${runId} not found.`;
    if (!run) throw new NotFoundError(notFound);
    await this.projects.authorizeProjectResource(principal, run.projectId, action, notFound);
    return run;
  }
}

function invalid(field: string, message: string): UnprocessableError {
  return new UnprocessableError(`${field}: ${message}`, [{ field, message }]);
}

function experimentNameTaken(error: unknown, name: string): unknown {
  if (isUniqueViolation(error) && violatedConstraint(error) === 'experiments_project_name_key') {
    return new ConflictError(
      `name: an experiment called "${name}" already exists in this project`,
      {
        errors: [{ field: 'name', message: 'is taken in this project; choose another name' }],
      },
    );
  }
  return error;
}

/**
 * Refuses targets the profile already shows cannot be learned, and returns how many classes a
 * classification target has (for the estimate).
 */
/** The features' width after the default encoding, from the distinct counts of the profile. */
function encodedFeatures(
  profile: unknown,
  columns: readonly TrainingColumn[],
  features: readonly string[],
): number {
  const profiled = (profile as { columns?: { name: string; distinct: number }[] } | null)?.columns;
  const distinct = new Map(profiled?.map((c) => [c.name, c.distinct]));
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const categorical = features.filter(
    (name) => engineColumnKind(typeOf.get(name)!) === 'categorical',
  );
  return encodedFeatureCount(
    features.length - categorical.length,
    categorical.map((name) => distinct.get(name) ?? 1),
  );
}

function targetProfile(
  profile: unknown,
  target: string,
  task: string | undefined,
): { classes: number } | null {
  const columns = (
    profile as {
      columns?: { name: string; type: string; distinct: number; count: number }[];
    } | null
  )?.columns;
  const column = columns?.find((c) => c.name === target);
  if (!column) return null;
  if (column.count === 0) throw invalid('target', `column "${target}" has no values`);
  if (column.distinct < 2) {
    throw invalid('target', `column "${target}" is constant; there is nothing to learn`);
  }
  const numeric = column.type === 'integer' || column.type === 'float';
  if (task === 'regression' && !numeric) {
    throw invalid('task', `regression needs a numeric target; "${target}" is ${column.type}`);
  }
  const regression =
    task === 'regression' || (task === undefined && numeric && column.distinct > 20);
  return { classes: regression ? 0 : column.distinct };
}

function toExperiment(row: ExperimentRow, runCount: number): Experiment {
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    runCount,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toRun(row: RunRow, artifacts: RunArtifactRow[]): Run {
  return {
    id: row.id,
    projectId: row.projectId,
    experimentId: row.experimentId,
    name: row.name,
    status: row.status,
    datasetId: row.datasetId,
    datasetVersionId: row.datasetVersionId,
    target: row.target,
    features: row.features,
    task: row.task,
    algorithm: row.algorithm as Run['algorithm'],
    params: row.params,
    testFraction: row.testFraction,
    seed: row.seed,
    fairnessColumn: row.fairnessColumn,
    tags: row.tags,
    notes: row.notes,
    metrics: row.metrics,
    progress: (row.progress as Run['progress']) ?? null,
    estimate: (row.estimate as Run['estimate']) ?? null,
    engineVersion: row.engineVersion,
    kind: row.kind,
    source: row.source,
    bestRunId: row.bestRunId,
    parentRunId: row.parentRunId,
    jobId: row.jobId,
    error: row.error,
    artifacts: artifacts
      .filter((a) => a.name !== 'checkpoint.json')
      .map((a) => ({ name: a.name, contentType: a.contentType, sizeBytes: a.sizeBytes })),
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    startedAt: isoOrNull(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    durationMs: row.durationMs,
  };
}

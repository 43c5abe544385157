import {
  CreateSweepBody,
  RUN_FINAL_STATUSES,
  type Run,
  type SweepTrial,
  type SweepTrials,
} from '@aistudio/contracts';
import { ENGINE_VERSION, type DataShape } from '@aistudio/engine';
import type { Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../../auth/principal.js';
import { NotFoundError } from '../../../http/errors.js';
import type { AuditedTransactions } from '../../audit/audited-transactions.js';
import type { RunEventLog } from '../run-events.js';
import { RunsRepository, type RunRow } from '../runs.repository.js';
import type { RunsService } from '../runs.service.js';
import type { SweepCoordinator } from './sweep-coordinator.js';
import { planSweep, type SweepState } from './sweep-spec.js';
import { SweepsRepository } from './sweeps.repository.js';

/** Sweeps: start one (checked like a run, plus its space), and read its trials as a leaderboard. */
export class SweepsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly runs: RunsService,
    private readonly coordinator: SweepCoordinator,
    private readonly events: RunEventLog,
  ) {}

  /** Records the sweep and queues its first trials in one transaction. */
  async create(actor: Actor, projectId: string, input: CreateSweepBody): Promise<Run> {
    const body = CreateSweepBody.parse(input);
    const { project, version, dataset, target } = await this.runs.prepare(
      actor.principal,
      projectId,
      {
        datasetVersionId: body.datasetVersionId,
        target: body.target,
        ...(body.features ? { features: body.features } : {}),
        ...(body.task ? { task: body.task } : {}),
        // The data checks of a run; the space's parameters are checked by planSweep.
        algorithm: body.algorithm === 'auto' ? 'gbdt' : body.algorithm,
        testFraction: body.testFraction,
      },
      'run.write',
    );
    const rows = version.rowCount ?? 0;
    const classes = target?.classes ?? 2;
    const shape: DataShape = {
      rows,
      task: body.task ?? (classes === 0 ? 'regression' : classes === 2 ? 'binary' : 'multiclass'),
      fitRows: Math.max(1, Math.round(rows * (1 - body.testFraction))),
    };
    const state: SweepState = planSweep(body, shape);
    const userId = accountableUser(actor.principal);
    const { run, advanced } = await this.transactions.run(async (tx, audit) => {
      const repo = new RunsRepository(tx);
      const experiment = await this.runs.experimentFor(
        repo,
        project.orgId,
        projectId,
        body,
        userId,
      );
      const run = await repo.insertRun({
        orgId: project.orgId,
        projectId,
        experimentId: experiment.id,
        kind: 'sweep',
        name:
          body.name ??
          `${body.algorithm === 'auto' ? 'AutoML' : `${body.algorithm} sweep`} on ${dataset.name} v${version.number}`,
        datasetId: dataset.id,
        datasetVersionId: version.id,
        target: body.target,
        features: body.features ?? null,
        task: body.task ?? null,
        algorithm: body.algorithm,
        params: {},
        testFraction: body.testFraction,
        seed: body.seed,
        tags: body.tags,
        notes: body.notes,
        engineVersion: ENGINE_VERSION,
        sweep: state,
        createdBy: userId,
      });
      await this.events.append(run.id, [{ type: 'state', status: 'queued', error: null }], tx);
      await audit.record(actor, {
        orgId: project.orgId,
        projectId,
        action: 'sweep.create',
        targetType: 'run',
        targetId: run.id,
        summary: `Started sweep "${run.name}" (${body.algorithm}, ${body.trials} trials, ${state.spec.metric})`,
      });
      return { run, advanced: await this.coordinator.advanceIn(tx, run.id) };
    });
    await this.coordinator.afterAdvance(advanced);
    return this.runs.get(actor.principal, run.id);
  }

  /** The sweep's trials, best first by its metric. */
  async trials(principal: Principal, runId: string): Promise<SweepTrials> {
    const sweep = await this.runs.runForEvents(principal, runId);
    if (sweep.kind !== 'sweep') throw new NotFoundError(`Run ${runId} is not a sweep.`);
    const { spec } = sweep.sweep as SweepState;
    const sign = spec.direction === 'minimize' ? 1 : -1;
    const rows = (await new SweepsRepository(this.db).findTrials(sweep.id)).map((run) =>
      toTrial(run, spec.metric),
    );
    const ranked = rows
      .filter((t) => t.value !== null)
      .sort((a, b) => sign * (a.value! - b.value!) || a.number - b.number)
      .map((t, i) => ({ ...t, rank: i + 1 }));
    const active = rows.filter((t) => t.value === null && !RUN_FINAL_STATUSES.includes(t.status));
    const ended = rows.filter((t) => t.value === null && RUN_FINAL_STATUSES.includes(t.status));
    return {
      sweepRunId: sweep.id,
      status: sweep.status,
      spec,
      bestRunId: sweep.bestRunId,
      trials: [...ranked, ...active, ...ended],
    };
  }
}

function toTrial(run: RunRow, metric: string): SweepTrial {
  const value = run.metrics[metric];
  const pruned = run.prunedAtStep !== null && run.status !== 'succeeded';
  return {
    rank: null,
    number: run.trialNumber!,
    runId: run.id,
    status: run.status,
    pruned,
    prunedAtStep: pruned ? run.prunedAtStep : null,
    algorithm: run.algorithm,
    params: run.params,
    value:
      run.status === 'succeeded' && typeof value === 'number' && Number.isFinite(value)
        ? value
        : null,
    metrics: run.metrics,
    durationMs: run.durationMs,
    error: run.error,
  };
}

import { RUN_FINAL_STATUSES, type RunEvent } from '@aistudio/contracts';
import { ENGINE_VERSION, Study, type TrialOutcome } from '@aistudio/engine';
import type { Db } from '@aistudio/db';
import type { JobHandler, JobQueue } from '../../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../../infra/storage/blob-storage.js';
import type { RunEventLog } from '../run-events.js';
import { RunsRepository, type RunRow } from '../runs.repository.js';
import { TRAINING_JOB, TrainingPayload, runArtifactKey } from '../training-job.js';
import { trialPlanOf, type SweepState, type TrialPlan } from './sweep-spec.js';
import { SweepsRepository } from './sweeps.repository.js';

/** What one `advance` did, for the work that must wait for its commit. */
export interface Advanced {
  readonly sweepRunId: string;
  /** Runs with new events to announce (the sweep and the trials it started). */
  readonly touched: string[];
  /** Queued trials the budget no longer fits: their jobs are cancelled after the commit. */
  readonly expiredJobs: string[];
  /** Every trial is over: the sweep takes its best trial's result. */
  readonly done: boolean;
}

const isFinal = (run: RunRow) => RUN_FINAL_STATUSES.includes(run.status);

/**
 * Drives sweeps without holding a job slot: `advance` runs when a sweep starts and whenever one of
 * its trials ends (from the trial's own training job), locks the sweep's row, tells the study how
 * finished trials did, asks it for new points and queues them as training runs up to the sweep's
 * parallelism. All state is in the sweep's row, and advance is idempotent, so a crash loses nothing.
 */
export class SweepCoordinator {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly events: RunEventLog,
    private readonly storage: BlobStorage,
    private readonly onError: (error: unknown) => void,
    /** The training jobs' own timeout, which a trial's budget never extends. */
    private readonly trainingTimeoutMs: number,
  ) {}

  /**
   * The training job's handler, followed by its sweep's advance when the run is a trial that
   * ended. A crash between the two leaves the job unfinished, so it runs again, finds its run
   * already over and advances then.
   */
  trainingHandler(handler: JobHandler): JobHandler {
    return async (job, ctx) => {
      let failed = true;
      try {
        await handler(job, ctx);
        failed = false;
      } finally {
        await this.#afterTrial(job.payload).catch((error: unknown) => {
          if (failed) this.onError(error);
          else throw error;
        });
      }
    };
  }

  async #afterTrial(payload: unknown): Promise<void> {
    const { runId } = TrainingPayload.parse(payload);
    const run = await new RunsRepository(this.db).findRun(runId);
    if (run?.parentRunId && isFinal(run)) await this.advance(run.parentRunId);
  }

  /** Brings the sweep up to date with its trials; safe to call any time, any number of times. */
  async advance(sweepRunId: string): Promise<void> {
    const advanced = await this.db.transaction((tx) =>
      this.advanceIn(tx as unknown as Db, sweepRunId),
    );
    await this.afterAdvance(advanced);
  }

  /** `advance` inside the caller's transaction; pass the result to `afterAdvance` after commit. */
  async advanceIn(tx: Db, sweepRunId: string): Promise<Advanced> {
    const runs = new RunsRepository(tx);
    const sweep = await runs.findRun(sweepRunId, { lock: true });
    const idle: Advanced = { sweepRunId, touched: [], expiredJobs: [], done: false };
    if (!sweep || sweep.kind !== 'sweep' || isFinal(sweep)) return idle;
    const state = sweep.sweep as SweepState;
    const { spec } = state;
    const study = Study.fromJSON(state.study);
    const trials = await new SweepsRepository(tx).findTrials(sweep.id);
    const startedAt = sweep.startedAt ?? new Date();
    const budgetLeftMs =
      spec.timeBudgetSeconds === null
        ? Infinity
        : spec.timeBudgetSeconds * 1000 - (Date.now() - startedAt.getTime());
    const log: RunEvent[] = sweep.status === 'queued' ? [state_('running')] : [];

    const expiredJobs: string[] = [];
    if (budgetLeftMs <= 0) {
      for (const trial of trials.filter((t) => t.status === 'queued')) {
        Object.assign(trial, await expire(runs, trial));
        await this.events.append(trial.id, [state_('cancelled')], tx);
        if (trial.jobId) expiredJobs.push(trial.jobId);
      }
    }
    for (const trial of trials) {
      if (!isFinal(trial) || study.trials[trial.trialNumber!]?.state !== 'running') continue;
      const outcome = outcomeOf(trial, spec.metric);
      study.tell(trial.trialNumber!, outcome);
      log.push({ type: 'log', level: 'info', message: describe(trial, outcome, spec.metric) });
    }

    const touched = [sweep.id];
    let active = trials.filter((t) => !isFinal(t)).length;
    while (active < spec.parallelism && study.trials.length < spec.trials && budgetLeftMs > 0) {
      const asked = study.ask();
      const plan = trialPlanOf(state, asked.params);
      touched.push(await this.#startTrial(tx, sweep, asked.number, plan, budgetLeftMs));
      active++;
    }
    const done = active === 0 && (study.trials.length >= spec.trials || budgetLeftMs <= 0);
    // A repeated advance (a trial's job run again) changes nothing but may still have to finish.
    if (log.length === 0 && touched.length === 1) return { ...idle, done };
    const ended = study.trials.filter((t) => t.state !== 'running').length;
    const progress = { iteration: ended, total: spec.trials, trainLoss: null, validLoss: null };
    await runs.updateRun(sweep.id, {
      status: 'running',
      startedAt,
      sweep: { ...state, study: study.toJSON() },
      progress,
    });
    await this.events.append(sweep.id, [...log, { type: 'progress', ...progress }], tx);
    return { sweepRunId, touched, expiredJobs, done };
  }

  /** After `advanceIn` committed: wake the queue, announce events, finish a sweep that is over. */
  async afterAdvance(advanced: Advanced): Promise<void> {
    if (advanced.touched.length > 1) this.queue.wake();
    await Promise.all(advanced.expiredJobs.map((jobId) => this.queue.cancel(jobId)));
    await Promise.all(advanced.touched.map((id) => this.events.announce(id)));
    if (advanced.done) await this.#finish(advanced.sweepRunId);
  }

  /** Stops every trial of a cancelled sweep: queued ones at once, running ones at their next step. */
  async cancelTrials(sweepRunId: string): Promise<void> {
    const trials = await new SweepsRepository(this.db).findTrials(sweepRunId);
    for (const trial of trials.filter((t) => !isFinal(t))) {
      await this.db.transaction(async (t) => {
        const tx = t as unknown as Db;
        const runs = new RunsRepository(tx);
        const locked = (await runs.findRun(trial.id, { lock: true }))!;
        if (isFinal(locked)) return;
        if (locked.status === 'running') {
          await runs.updateRun(trial.id, { stopRequest: 'cancel' });
          return;
        }
        await expire(runs, locked);
        await this.events.append(trial.id, [state_('cancelled')], tx);
      });
      if (trial.jobId) await this.queue.cancel(trial.jobId);
      await this.events.announce(trial.id);
    }
  }

  async #startTrial(
    tx: Db,
    sweep: RunRow,
    number: number,
    plan: TrialPlan,
    budgetLeftMs: number,
  ): Promise<string> {
    const runs = new RunsRepository(tx);
    const trial = await runs.insertRun({
      orgId: sweep.orgId,
      projectId: sweep.projectId,
      experimentId: sweep.experimentId,
      name: `${sweep.name} · trial ${number}`,
      datasetId: sweep.datasetId,
      datasetVersionId: sweep.datasetVersionId,
      target: sweep.target,
      features: sweep.features,
      task: sweep.task,
      algorithm: plan.algorithm,
      params: plan.params,
      testFraction: sweep.testFraction,
      seed: sweep.seed,
      fairnessColumn: sweep.fairnessColumn,
      engineVersion: ENGINE_VERSION,
      parentRunId: sweep.id,
      trialNumber: number,
      createdBy: sweep.createdBy,
    });
    const job = await this.queue.enqueue(tx, {
      orgId: sweep.orgId,
      projectId: sweep.projectId,
      kind: TRAINING_JOB,
      payload: { v: 1, runId: trial.id } satisfies TrainingPayload,
      targetType: 'run',
      targetId: trial.id,
      createdBy: sweep.createdBy,
      // The budget's end stops a trial still training then (it ends failed, timed out).
      ...(budgetLeftMs < this.trainingTimeoutMs
        ? { timeoutMs: Math.max(1000, Math.round(budgetLeftMs)) }
        : {}),
    });
    await runs.updateRun(trial.id, { jobId: job.id });
    await this.events.append(trial.id, [state_('queued')], tx);
    return trial.id;
  }

  /**
   * Ends a sweep whose trials are all over: it takes the best trial's metrics, params and model
   * files (copied, so deleting the trial keeps the sweep's), or fails when none succeeded.
   */
  async #finish(sweepRunId: string): Promise<void> {
    const repo = new RunsRepository(this.db);
    const sweep = await repo.findRun(sweepRunId);
    if (!sweep || isFinal(sweep)) return;
    const state = sweep.sweep as SweepState;
    const best = Study.fromJSON(state.study).bestTrial;
    const trials = await new SweepsRepository(this.db).findTrials(sweep.id);
    const bestRun = best ? trials.find((t) => t.trialNumber === best.number) : undefined;
    const artifacts = bestRun
      ? (await repo.artifactsOf([bestRun.id])).filter((a) => a.name !== 'checkpoint.json')
      : [];
    // Before the commit, and keyed by name: a finish that runs twice overwrites the same files.
    const copies = await Promise.all(
      artifacts.map(async (a) => {
        const key = runArtifactKey(sweep, a.name);
        const { size } = await this.storage.write(key, await this.storage.read(a.storageKey));
        return {
          runId: sweep.id,
          name: a.name,
          storageKey: key,
          contentType: a.contentType,
          sizeBytes: size,
        };
      }),
    );
    const ended = await this.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const runs = new RunsRepository(tx);
      const locked = await runs.findRun(sweep.id, { lock: true });
      if (!locked || isFinal(locked)) return false;
      for (const copy of copies) await runs.upsertArtifact(copy);
      const durationMs = trials.reduce((sum, t) => sum + (t.durationMs ?? 0), 0);
      const error = bestRun ? null : noWinner(trials, state.spec.metric);
      await runs.updateRun(sweep.id, {
        status: bestRun ? 'succeeded' : 'failed',
        error,
        bestRunId: bestRun?.id ?? null,
        metrics: bestRun?.metrics ?? {},
        params: bestRun
          ? {
              ...(state.spec.algorithm === 'auto' ? { algorithm: bestRun.algorithm } : {}),
              ...bestRun.params,
            }
          : {},
        features: bestRun?.features ?? sweep.features,
        task: bestRun?.task ?? sweep.task,
        finishedAt: new Date(),
        durationMs,
      });
      await this.events.append(
        sweep.id,
        [
          ...(bestRun ? [{ type: 'metrics' as const, metrics: bestRun.metrics }] : []),
          { type: 'state', status: bestRun ? 'succeeded' : 'failed', error },
        ],
        tx,
      );
      return true;
    });
    if (ended) await this.events.announce(sweep.id);
  }
}

function state_(status: RunRow['status']): RunEvent {
  return { type: 'state', status, error: null };
}

function expire(runs: RunsRepository, trial: RunRow): Promise<RunRow> {
  return runs.updateRun(trial.id, {
    status: 'cancelled',
    stopRequest: null,
    finishedAt: new Date(),
  });
}

function outcomeOf(trial: RunRow, metric: string): TrialOutcome {
  // A trial that finished before its prune took effect counts as finished.
  if (trial.prunedAtStep !== null && trial.status !== 'succeeded') return { state: 'pruned' };
  const value = trial.metrics[metric];
  if (trial.status === 'succeeded' && typeof value === 'number' && Number.isFinite(value)) {
    return { state: 'complete', value };
  }
  const error =
    trial.status === 'succeeded'
      ? `the trial reported no ${metric}`
      : (trial.error ?? trial.status);
  return { state: 'failed', error };
}

function describe(trial: RunRow, outcome: TrialOutcome, metric: string): string {
  const name = `trial ${trial.trialNumber} (${trial.algorithm})`;
  if (outcome.state === 'complete') return `${name}: ${metric} ${outcome.value.toPrecision(4)}`;
  if (outcome.state === 'pruned') return `${name}: pruned at step ${trial.prunedAtStep}`;
  return `${name}: ${outcome.error ?? 'failed'}`;
}

function noWinner(trials: RunRow[], metric: string): string {
  const reason = trials.find((t) => t.error)?.error;
  return `no trial succeeded with a ${metric}${reason ? `; one failed with: ${reason}` : ''}`;
}

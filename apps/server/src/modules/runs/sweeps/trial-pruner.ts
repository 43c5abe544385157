import { RUN_FINAL_STATUSES, type RunEvent } from '@aistudio/contracts';
import { shouldPrune, type IntermediateValue, type TrialRecord } from '@aistudio/engine';
import type { Db } from '@aistudio/db';
import type { JobQueue } from '../../../infra/queue/job-queue.js';
import type { RunEventLog } from '../run-events.js';
import { RunsRepository, type RunRow } from '../runs.repository.js';
import type { SweepState } from './sweep-spec.js';
import { SweepsRepository } from './sweeps.repository.js';

export type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;

// Optuna's median pruner, waiting for three finished trials as the engine's AutoML does.
const PRUNER = { type: 'median', nStartupTrials: 3 } as const;
// Steps compared per progress batch: a fast trial writes hundreds per batch.
const MAX_CHECKED_STEPS = 16;

/**
 * Stops a sweep's trial whose loss so far is worse than the median of its finished siblings' (same
 * algorithm) at the same step. The losses come from the stored metric points, so the sweep's
 * study carries no per-step values; the decision is the engine's pruner's.
 */
export class TrialPruner {
  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly events: RunEventLog,
  ) {}

  /** After a batch of a trial's progress is stored: stops the trial if the pruner says so. */
  async check(run: RunRow, progress: ProgressEvent[]): Promise<void> {
    if (!run.parentRunId || run.trialNumber === null) return;
    const sweep = await new RunsRepository(this.db).findRun(run.parentRunId);
    const state = sweep?.sweep as SweepState | null | undefined;
    if (!sweep || !state || state.spec.pruning === 'none') return;
    if (RUN_FINAL_STATUSES.includes(sweep.status)) return;
    // Validation loss where the trial holds rows out for it; its training loss otherwise.
    const name = progress.some((p) => p.validLoss !== null) ? 'valid_loss' : 'train_loss';
    const points = progress.flatMap((p) => {
      const value = name === 'valid_loss' ? p.validLoss : p.trainLoss;
      return value !== null && Number.isFinite(value) ? [{ step: p.iteration, value }] : [];
    });
    if (points.length === 0) return;
    const repo = new SweepsRepository(this.db);
    const finished = await repo.finishedSiblingCount(sweep.id, run.id, run.algorithm);
    if (finished < PRUNER.nStartupTrials) return;
    const checked = evenlySpaced(points, MAX_CHECKED_STEPS);
    const steps = checked.map((p) => p.step);
    const others = await repo.siblingLosses(sweep.id, run.id, run.algorithm, name, steps);
    const before = await repo.bestLossBefore(run.id, name, steps[0]!);
    const step = firstPrunedStep(points, checked, before ?? null, others, finished);
    if (step === null || !(await repo.markPruned(run.id, step))) return;
    await this.events.append(run.id, [
      {
        type: 'log',
        level: 'info',
        message: `pruned at step ${step}: its ${name} was worse than the median of ${finished} finished trials`,
      },
    ]);
    if (run.jobId) await this.queue.cancel(run.jobId);
  }
}

/** The first checked step at which the engine's median pruner stops the trial, or null. */
function firstPrunedStep(
  points: IntermediateValue[],
  checked: IntermediateValue[],
  before: IntermediateValue | null,
  others: { runId: string; step: number; value: number }[],
  finished: number,
): number | null {
  const siblings = new Map<string, IntermediateValue[]>();
  for (const o of others) {
    let values = siblings.get(o.runId);
    if (!values) siblings.set(o.runId, (values = []));
    values.push({ step: o.step, value: o.value });
  }
  const records: TrialRecord[] = [...siblings.values()].map((intermediate, number) =>
    record(number, 'complete', intermediate),
  );
  // Finished siblings without a value at these steps still count towards the pruner's startup.
  while (records.length < finished) records.push(record(records.length, 'complete', []));
  for (const at of checked) {
    // The pruner compares the trial's best value so far: carry it as one earlier point.
    let best = before;
    for (const p of points) {
      if (p.step < at.step && (!best || p.value < best.value)) best = p;
    }
    const trial = record(records.length, 'running', best ? [best, at] : [at]);
    if (shouldPrune(PRUNER, trial, [...records, trial], 'minimize')) return at.step;
  }
  return null;
}

function record(
  number: number,
  state: TrialRecord['state'],
  intermediate: IntermediateValue[],
): TrialRecord {
  return {
    number,
    params: {},
    state,
    value: state === 'complete' ? 0 : null,
    intermediate,
    rungs: [],
  };
}

/** At most `n` of the points, evenly spread, always with the last. */
function evenlySpaced<T>(points: T[], n: number): T[] {
  if (points.length <= n) return points;
  return Array.from(
    { length: n },
    (_, i) => points[Math.round(((i + 1) * points.length) / n) - 1]!,
  );
}

import { and, asc, count, eq, inArray, isNull, lt, ne } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { RunRow } from '../runs.repository.js';

const r = schema.runs;
const m = schema.runMetrics;

/** The SQL of sweeps beyond what a run needs: trials, and their losses for the pruner. */
export class SweepsRepository {
  constructor(private readonly db: Db) {}

  /** A sweep's trials in the order its study asked for them. */
  findTrials(sweepRunId: string): Promise<RunRow[]> {
    return this.db
      .select()
      .from(r)
      .where(eq(r.parentRunId, sweepRunId))
      .orderBy(asc(r.trialNumber));
  }

  /** Succeeded trials of the sweep with this algorithm, other than `runId`. */
  async finishedSiblingCount(sweepRunId: string, runId: string, algorithm: string) {
    const [row] = await this.db
      .select({ n: count() })
      .from(r)
      .where(siblings(sweepRunId, runId, algorithm));
    return row!.n;
  }

  /** The loss series `name` of those siblings at the given steps. */
  siblingLosses(
    sweepRunId: string,
    runId: string,
    algorithm: string,
    name: string,
    steps: number[],
  ): Promise<{ runId: string; step: number; value: number }[]> {
    return this.db
      .select({ runId: m.runId, step: m.step, value: m.value })
      .from(m)
      .innerJoin(r, eq(r.id, m.runId))
      .where(and(siblings(sweepRunId, runId, algorithm), eq(m.name, name), inArray(m.step, steps)));
  }

  /** The run's lowest value of a loss series before `step`, with its step. */
  async bestLossBefore(runId: string, name: string, step: number) {
    const [row] = await this.db
      .select({ step: m.step, value: m.value })
      .from(m)
      .where(and(eq(m.runId, runId), eq(m.name, name), lt(m.step, step)))
      .orderBy(asc(m.value), asc(m.step))
      .limit(1);
    return row;
  }

  /** Asks a running trial to stop as pruned; false if it already ended or was asked to stop. */
  async markPruned(runId: string, step: number): Promise<boolean> {
    const rows = await this.db
      .update(r)
      .set({ stopRequest: 'cancel', prunedAtStep: step })
      .where(and(eq(r.id, runId), eq(r.status, 'running'), isNull(r.stopRequest)))
      .returning({ id: r.id });
    return rows.length > 0;
  }
}

function siblings(sweepRunId: string, runId: string, algorithm: string) {
  return and(
    eq(r.parentRunId, sweepRunId),
    ne(r.id, runId),
    eq(r.algorithm, algorithm),
    eq(r.status, 'succeeded'),
  );
}

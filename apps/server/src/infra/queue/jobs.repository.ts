import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lte,
  not,
  sql,
  type SQL,
} from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { JobLogLevel, JobRow, NewJob } from './job-queue.js';

const j = schema.jobs;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LOG_CHARS = 4000;

/** A claim that found a job but may not run it yet (its org is at its limit, or it is backing off). */
export const BUSY = 'busy';

/** How a finished run is written back, guarded by the lease so a lost runner writes nothing. */
export type JobUpdate =
  | { status: 'succeeded' | 'failed' | 'cancelled'; error: string | null }
  | { status: 'queued'; error: string | null; delayMs: number; refundAttempt: boolean };

/** All SQL of the job system; every state change of a running job checks who holds it. */
export class JobsRepository {
  constructor(private readonly db: Db) {}

  async insert(tx: Db, job: NewJob): Promise<JobRow> {
    const [row] = await tx
      .insert(j)
      .values({
        orgId: job.orgId,
        projectId: job.projectId,
        kind: job.kind,
        payload: job.payload,
        targetType: job.targetType ?? null,
        targetId: job.targetId ?? null,
        createdBy: job.createdBy ?? null,
        priority: job.priority ?? 0,
        timeoutMs: job.timeoutMs ?? null,
        maxAttempts: job.maxAttempts ?? 3,
      })
      .returning();
    return row!;
  }

  /**
   * Claims the next runnable job of `kinds` (one lane's): highest priority, then oldest, skipping
   * orgs with `orgLimit` jobs of these kinds running.
   */
  claimNext(kinds: string[], workerId: string, orgLimit: number): Promise<JobRow | null | 'busy'> {
    if (kinds.length === 0) return Promise.resolve(null);
    return this.#claim(
      and(inArray(j.kind, kinds), sql`${runningInOrg(j.orgId, kinds)} < ${orgLimit}`)!,
      kinds,
      workerId,
      orgLimit,
      true,
    );
  }

  /** Claims one given job of `kinds` (BullMQ hands out ids); null when it is no longer queued. */
  async claimById(
    jobId: string,
    kinds: string[],
    workerId: string,
    orgLimit: number,
  ): Promise<JobRow | null | 'busy'> {
    const claimed = await this.#claim(
      and(eq(j.id, jobId), inArray(j.kind, kinds))!,
      kinds,
      workerId,
      orgLimit,
      // Wait for a short lock (the dispatcher marking the row) rather than misread it as busy.
      false,
    );
    if (claimed !== null) return claimed;
    // Not claimable now: still queued means it must wait (backoff or org limit), not be dropped.
    const [row] = await this.db
      .select({ id: j.id })
      .from(j)
      .where(and(eq(j.id, jobId), eq(j.status, 'queued')));
    return row ? BUSY : null;
  }

  #claim(
    filter: SQL,
    laneKinds: string[],
    workerId: string,
    orgLimit: number,
    skipLocked: boolean,
  ): Promise<JobRow | null | 'busy'> {
    return this.db.transaction(async (tx) => {
      const [candidate] = await tx
        .select({ id: j.id, orgId: j.orgId })
        .from(j)
        .where(and(eq(j.status, 'queued'), lte(j.runAt, sql`now()`), filter))
        .orderBy(desc(j.priority), asc(j.id))
        .limit(1)
        .for('update', skipLocked ? { skipLocked: true } : {});
      if (!candidate) return null;
      // Two processes may both have seen room in the org: the lock makes the recount exact.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${candidate.orgId}))`);
      const [running] = await tx
        .select({ n: count() })
        .from(j)
        .where(
          and(eq(j.orgId, candidate.orgId), eq(j.status, 'running'), inArray(j.kind, laneKinds)),
        );
      if (running!.n >= orgLimit) return BUSY;
      const [row] = await tx
        .update(j)
        .set({
          status: 'running',
          startedAt: sql`coalesce(${j.startedAt}, now())`,
          attempts: sql`${j.attempts} + 1`,
          lockedBy: workerId,
          heartbeatAt: sql`now()`,
        })
        .where(eq(j.id, candidate.id))
        .returning();
      return row ?? null;
    });
  }

  /** Milliseconds until the next delayed (backing-off) job of `kinds` is due; null when none waits. */
  async msUntilNextRunAt(kinds: string[]): Promise<number | null> {
    if (kinds.length === 0) return null;
    const [row] = await this.db
      .select({
        ms: sql<string | number | null>`extract(epoch from min(${j.runAt}) - now()) * 1000`,
      })
      .from(j)
      .where(and(eq(j.status, 'queued'), inArray(j.kind, kinds), sql`${j.runAt} > now()`));
    return row?.ms == null ? null : Number(row.ms);
  }

  /** Renews the leases this worker holds; returns the ones it still holds, with cancel requests. */
  async heartbeat(jobIds: string[], workerId: string) {
    if (jobIds.length === 0) return [];
    return this.db
      .update(j)
      .set({ heartbeatAt: sql`now()` })
      .where(and(inArray(j.id, jobIds), eq(j.lockedBy, workerId), eq(j.status, 'running')))
      .returning({ id: j.id, cancelRequestedAt: j.cancelRequestedAt });
  }

  /**
   * Takes back running jobs whose lease expired (their process died): cancelled if a cancel was
   * asked, failed once they used their attempts (a job that kills its process must not kill every
   * worker in turn), queued again otherwise. Returns how many were queued again.
   */
  async reclaimExpired(leaseMs: number): Promise<number> {
    const expired = and(
      eq(j.status, 'running'),
      sql`coalesce(${j.heartbeatAt}, ${j.startedAt}, ${j.createdAt}) <= now() - ${leaseMs} * interval '1 millisecond'`,
    );
    const released = { lockedBy: null, heartbeatAt: null };
    const cancelAsked = sql`${j.cancelRequestedAt} is not null`;
    const exhausted = sql`${j.attempts} >= ${j.maxAttempts}`;
    // Each statement re-reads the clock: a row that expires between them must still get exactly
    // its own rule, hence the mutually exclusive conditions.
    await this.db
      .update(j)
      .set({ ...released, status: 'cancelled', finishedAt: sql`now()` })
      .where(and(expired, cancelAsked));
    await this.db
      .update(j)
      .set({
        ...released,
        status: 'failed',
        error: sql`'interrupted ' || ${j.attempts} || ' times (the process running it stopped)'`,
        finishedAt: sql`now()`,
      })
      .where(and(expired, not(cancelAsked), exhausted));
    const requeued = await this.db
      .update(j)
      .set({ ...released, status: 'queued', runAt: sql`now()`, dispatchedAt: null })
      .where(and(expired, not(cancelAsked), not(exhausted)))
      .returning({ id: j.id });
    return requeued.length;
  }

  /** Writes a run's outcome; false when this worker no longer held the job. */
  async finish(jobId: string, workerId: string, update: JobUpdate): Promise<boolean> {
    const released = { lockedBy: null, heartbeatAt: null, error: update.error };
    const values =
      update.status === 'queued'
        ? {
            ...released,
            status: 'queued' as const,
            runAt: sql`now() + ${update.delayMs} * interval '1 millisecond'`,
            dispatchedAt: null,
            ...(update.refundAttempt ? { attempts: sql`${j.attempts} - 1` } : {}),
          }
        : { ...released, status: update.status, finishedAt: sql`now()` };
    const rows = await this.db
      .update(j)
      .set(values)
      .where(and(eq(j.id, jobId), eq(j.lockedBy, workerId), eq(j.status, 'running')))
      .returning({ id: j.id });
    return rows.length > 0;
  }

  /** Cancels a queued job, or asks the running one to stop; null when it already finished. */
  async cancel(jobId: string): Promise<'cancelled' | 'requested' | null> {
    if (!UUID.test(jobId)) return null;
    const [cancelled] = await this.db
      .update(j)
      .set({ status: 'cancelled', finishedAt: sql`now()` })
      .where(and(eq(j.id, jobId), eq(j.status, 'queued')))
      .returning({ id: j.id });
    if (cancelled) return 'cancelled';
    const [requested] = await this.db
      .update(j)
      .set({ cancelRequestedAt: sql`coalesce(${j.cancelRequestedAt}, now())` })
      .where(and(eq(j.id, jobId), eq(j.status, 'running')))
      .returning({ id: j.id });
    return requested ? 'requested' : null;
  }

  /** Appends a log line; the caller serialises one job's lines, so max(seq) + 1 is free. */
  async appendLog(job: Pick<JobRow, 'id' | 'orgId'>, level: JobLogLevel, message: string) {
    const l = schema.jobLogs;
    const next = sql`(select coalesce(max(${l.seq}), 0) + 1 from ${l} where ${l.jobId} = ${job.id})`;
    await this.db
      .insert(l)
      .values({
        jobId: job.id,
        orgId: job.orgId,
        seq: next,
        level,
        message: message.slice(0, MAX_LOG_CHARS),
      })
      // A runner that lost its lease may still log alongside the new one: drop its clashing line.
      .onConflictDoNothing();
  }

  async findJob(jobId: string): Promise<JobRow | undefined> {
    const [row] = await this.db.select().from(j).where(eq(j.id, jobId));
    return row;
  }

  /** A job's log lines after `afterSeq`, oldest first. */
  findLogPage(jobId: string, afterSeq: number, limit: number) {
    const l = schema.jobLogs;
    return this.db
      .select({ seq: l.seq, at: l.at, level: l.level, message: l.message })
      .from(l)
      .where(and(eq(l.jobId, jobId), gt(l.seq, afterSeq)))
      .orderBy(asc(l.seq))
      .limit(limit);
  }

  /** Queued jobs not handed to the dispatcher yet: the outbox. */
  findUndispatched(limit: number) {
    return this.db
      .select({ id: j.id, kind: j.kind, priority: j.priority, runAt: j.runAt })
      .from(j)
      .where(and(eq(j.status, 'queued'), isNull(j.dispatchedAt)))
      .orderBy(asc(j.id))
      .limit(limit);
  }

  async markDispatched(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await this.db
      .update(j)
      .set({ dispatchedAt: sql`now()` })
      .where(and(inArray(j.id, jobIds), eq(j.status, 'queued')));
  }

  /** Hands a queued job to the outbox again (its dispatch went to a queue that cannot run it). */
  async returnToOutbox(jobId: string): Promise<void> {
    await this.db
      .update(j)
      .set({ dispatchedAt: null })
      .where(and(eq(j.id, jobId), eq(j.status, 'queued')));
  }

  /** Whether any job of these kinds is running, or queued and due. */
  async hasPending(kinds: string[]): Promise<boolean> {
    if (kinds.length === 0) return false;
    const [row] = await this.db
      .select({ id: j.id })
      .from(j)
      .where(
        and(
          inArray(j.kind, kinds),
          sql`(${j.status} = 'running' or (${j.status} = 'queued' and ${j.runAt} <= now()))`,
        ),
      )
      .limit(1);
    return row !== undefined;
  }
}

// Running jobs of the lane's kinds in the org: another lane's jobs never fill this one.
const runningInOrg = (orgId: typeof j.orgId, kinds: string[]) =>
  sql`(select count(*) from ${j} as r where r.org_id = ${orgId} and r.status = 'running' and ${inArray(sql`r.kind`, kinds)})`;

import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { JobHandler, JobQueue, JobRow, NewJob } from './job-queue.js';

const MAX_ATTEMPTS = 3;

/**
 * The embedded adapter: jobs live in the database and run in this process, claimed one at a
 * time with FOR UPDATE SKIP LOCKED (so several runners may share a database safely). A job that
 * was running when the process died is queued again at start when `recoverRunning` is set —
 * right for the single-process embedded mode; scale mode needs leases (the training issue).
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #controller = new AbortController();
  #running: Promise<void> | null = null;
  #wanted = false;
  #stopped = true;
  #idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly options: {
      readonly recoverRunning: boolean;
      readonly onError: (error: unknown) => void;
    },
  ) {}

  async enqueue(tx: Db, job: NewJob): Promise<JobRow> {
    const [row] = await tx
      .insert(schema.jobs)
      .values({
        orgId: job.orgId,
        projectId: job.projectId,
        kind: job.kind,
        payload: job.payload,
        targetType: job.targetType ?? null,
        targetId: job.targetId ?? null,
        createdBy: job.createdBy ?? null,
      })
      .returning();
    return row!;
  }

  handle(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  start(): void {
    this.#stopped = false;
    const recovery = this.options.recoverRunning ? this.#recover() : Promise.resolve();
    void recovery.then(() => this.wake(), this.options.onError);
  }

  // Jobs running when the process died run again, unless they were already interrupted
  // MAX_ATTEMPTS times: a job that kills the process must not kill every restart too.
  async #recover(): Promise<void> {
    const j = schema.jobs;
    await this.db
      .update(j)
      .set({
        status: 'failed',
        error: `interrupted ${MAX_ATTEMPTS} times (the process stopped while it ran)`,
        finishedAt: new Date(),
      })
      .where(and(eq(j.status, 'running'), gte(j.attempts, MAX_ATTEMPTS)));
    await this.db.update(j).set({ status: 'queued' }).where(eq(j.status, 'running'));
  }

  wake(): void {
    if (this.#stopped) return;
    this.#wanted = true;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
      if (this.#wanted) this.wake();
      else for (const resolve of this.#idleWaiters.splice(0)) resolve();
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#controller.abort();
    await this.#running;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  idle(): Promise<void> {
    if (this.#stopped || (!this.#running && !this.#wanted)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  // Claims and runs jobs until none is queued.
  async #drain(): Promise<void> {
    while (this.#wanted && !this.#stopped) {
      this.#wanted = false;
      for (;;) {
        if (this.#stopped) return;
        const job = await this.#claim().catch((error: unknown) => {
          this.options.onError(error);
          return null;
        });
        if (!job) break;
        this.#wanted = true;
        await this.#run(job);
      }
    }
  }

  async #claim(): Promise<JobRow | null> {
    const kinds = [...this.#handlers.keys()];
    if (kinds.length === 0) return null;
    const j = schema.jobs;
    const next = this.db
      .select({ id: j.id })
      .from(j)
      .where(and(eq(j.status, 'queued'), inArray(j.kind, kinds)))
      .orderBy(j.id)
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await this.db
      .update(j)
      .set({ status: 'running', startedAt: new Date(), attempts: sql`${j.attempts} + 1` })
      .where(sql`${j.id} = (${next})`)
      .returning();
    return row ?? null;
  }

  async #run(job: JobRow): Promise<void> {
    const handler = this.#handlers.get(job.kind)!;
    let error: string | null = null;
    try {
      await handler(job, this.#controller.signal);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      if (!(e instanceof Error && e.name === 'JobFailure')) this.options.onError(e);
    }
    if (this.#stopped && error !== null) return; // interrupted by shutdown: recovered at next start
    await this.db
      .update(schema.jobs)
      .set({ status: error === null ? 'succeeded' : 'failed', error, finishedAt: new Date() })
      .where(eq(schema.jobs.id, job.id))
      .catch(this.options.onError);
  }
}

/** A failure the job expected (bad input): recorded on the job without logging a stack. */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
}

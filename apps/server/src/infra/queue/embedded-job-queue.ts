import type { Db } from '@aistudio/db';
import {
  JOB_LANES,
  JobStop,
  type HandlerOptions,
  type JobLane,
  type JobHandler,
  type JobQueue,
  type JobRow,
  type NewJob,
} from './job-queue.js';
import { JobRunner, type JobRunnerOptions } from './job-runner.js';
import { BUSY, JobsRepository } from './jobs.repository.js';

export interface EmbeddedJobQueueOptions extends JobRunnerOptions {
  /** Running jobs left by a dead process are taken back at start without waiting for their lease
   * (right when this is the only process on the database, as with PGlite). */
  readonly recoverRunning: boolean;
  /** False for an HTTP-only process: it enqueues and cancels but runs nothing. */
  readonly runHandlers: boolean;
  /** How often to look for jobs other processes queued, or whose backoff ended. */
  readonly pollMs: number;
}

/**
 * The embedded adapter: jobs live in the database and run in this process, claimed with
 * FOR UPDATE SKIP LOCKED, so any number of processes may share one PostgreSQL database.
 * `wake()` claims at once; a poll finds work queued elsewhere.
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly #repo: JobsRepository;
  readonly #runner: JobRunner;
  #filling: Promise<void> | null = null;
  #poll: NodeJS.Timeout | null = null;
  #wanted = false;
  #stopped = true;
  #idleWaiters: (() => void)[] = [];

  constructor(
    db: Db,
    private readonly options: EmbeddedJobQueueOptions,
  ) {
    this.#repo = new JobsRepository(db);
    this.#runner = new JobRunner(this.#repo, options, () => this.wake());
  }

  enqueue(tx: Db, job: NewJob): Promise<JobRow> {
    return this.#repo.insert(tx, job);
  }

  handle(kind: string, handler: JobHandler, options: HandlerOptions = {}): void {
    this.#runner.handlers.set(kind, { handler, options });
  }

  async cancel(jobId: string): Promise<boolean> {
    const outcome = await this.#repo.cancel(jobId);
    if (outcome === 'requested') this.#runner.abort(jobId, new JobStop('cancelled'));
    return outcome !== null;
  }

  start(): void {
    if (!this.options.runHandlers) return;
    this.#stopped = false;
    this.#runner.startHeartbeats();
    this.#poll = setInterval(() => this.wake(), this.options.pollMs);
    this.#poll.unref();
    // Pending until the first claim, so idle() called right after start() waits for it.
    this.#wanted = true;
    const recovery = this.options.recoverRunning
      ? this.#repo.reclaimExpired(0)
      : Promise.resolve(0);
    void recovery.catch(this.options.onError).finally(() => this.wake());
  }

  wake(): void {
    if (this.#stopped) return;
    this.#wanted = true;
    this.#filling ??= this.#fill()
      .catch(this.options.onError)
      .finally(() => {
        this.#filling = null;
        if (this.#wanted) this.wake();
        else this.#settleIdle();
      });
  }

  // Claims jobs until each lane is at its concurrency or has nothing claimable.
  async #fill(): Promise<void> {
    while (this.#wanted && !this.#stopped) {
      this.#wanted = false;
      for (const lane of JOB_LANES) await this.#fillLane(lane);
    }
  }

  async #fillLane(lane: JobLane): Promise<void> {
    const kinds = this.#runner.kindsIn(lane);
    const limits = this.#runner.limitsOf(lane);
    while (!this.#stopped && this.#runner.activeIn(lane) < limits.concurrency) {
      const job = await this.#repo.claimNext(kinds, this.#runner.workerId, limits.orgConcurrency);
      if (job === null) return;
      // Another process filled the org between our look and our lock: look again.
      if (job === BUSY) continue;
      void this.#runner.run(job).then(() => this.wake());
    }
  }

  #settleIdle(): void {
    if (this.#stopped || this.#runner.activeCount === 0) {
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#poll) clearInterval(this.#poll);
    await this.#filling;
    await this.#runner.stop();
    this.#settleIdle();
  }

  idle(): Promise<void> {
    if (this.#stopped || (!this.#filling && !this.#wanted && this.#runner.activeCount === 0)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}

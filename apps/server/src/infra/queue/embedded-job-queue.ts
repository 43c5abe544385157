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
import { WakeTimer } from './wake-timer.js';

export interface EmbeddedJobQueueOptions extends JobRunnerOptions {
  /** Running jobs left by a dead process are taken back at start without waiting for their lease
   * (right when this is the only process on the database, as with PGlite). */
  readonly recoverRunning: boolean;
  /** False for an HTTP-only process: it enqueues and cancels but runs nothing. */
  readonly runHandlers: boolean;
  /** How often to look for jobs other processes queued, or whose backoff ended; for an only
   * writer, the safety net behind its wake-ups (and how often it takes back lapsed leases). */
  readonly pollMs: number;
  /** This process is its database's only writer (PGlite): every enqueue, retry and finish happens
   * here, so it sleeps until the next delayed job is due instead of polling. Default false. */
  readonly soleWriter?: boolean;
}

/**
 * The embedded adapter: jobs live in the database and run in this process, claimed with
 * FOR UPDATE SKIP LOCKED, so any number of processes may share one PostgreSQL database.
 * `wake()` claims at once; a poll finds work queued elsewhere. An only writer does not poll: it
 * wakes on enqueue, on a finished job and when the next delayed job is due.
 */
export class EmbeddedJobQueue implements JobQueue {
  readonly #repo: JobsRepository;
  readonly #runner: JobRunner;
  #filling: Promise<void> | null = null;
  #poll: NodeJS.Timeout | null = null;
  #reclaiming: Promise<void> | null = null;
  #recovered: Promise<void> = Promise.resolve();
  readonly #nextDue: WakeTimer;
  #wanted = false;
  #stopped = true;
  #idleWaiters: (() => void)[] = [];

  constructor(
    db: Db,
    private readonly options: EmbeddedJobQueueOptions,
  ) {
    this.#repo = new JobsRepository(db);
    this.#runner = new JobRunner(this.#repo, options, () => this.wake());
    this.#nextDue = new WakeTimer(options.pollMs, () => this.wake());
  }

  get soleWriter(): boolean {
    return this.options.soleWriter ?? false;
  }

  async enqueue(tx: Db, job: NewJob): Promise<JobRow> {
    const row = await this.#repo.insert(tx, job);
    // PGlite holds every other statement until `tx` ends, so this claim runs after the commit (and
    // finds nothing after a rollback): a caller that forgets wake() does not wait for the poll.
    if (this.soleWriter) this.wake();
    return row;
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
    this.#runner.startHeartbeats({ reclaimExpired: !this.soleWriter });
    this.#poll = setInterval(
      () => (this.soleWriter ? this.#reclaimLapsedLeases() : this.wake()),
      this.options.pollMs,
    );
    this.#poll.unref();
    // Pending until the first claim, so idle() called right after start() waits for it.
    this.#wanted = true;
    const recovery = this.options.recoverRunning
      ? this.#repo.reclaimExpired(0)
      : Promise.resolve(0);
    this.#recovered = recovery.then(() => {}, this.options.onError);
    this.wake();
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
    // Recovery takes back every running job: one claimed before it ends would run twice.
    await this.#recovered;
    while (this.#wanted && !this.#stopped) {
      this.#wanted = false;
      for (const lane of JOB_LANES) await this.#fillLane(lane);
      if (this.soleWriter && !this.#wanted && !this.#stopped) await this.#sleepUntilNextDue();
    }
  }

  // Nothing claimable now: the next job can only come from this process (it wakes us) or be a
  // delayed one coming due. Jobs waiting for a full lane or org start when a running one ends.
  async #sleepUntilNextDue(): Promise<void> {
    const ms = await this.#repo.msUntilNextRunAt(this.#runner.kinds);
    if (!this.#stopped) this.#nextDue.armIn(ms);
  }

  // Only this process runs jobs, and it renews their leases: one lapses only when its outcome
  // could not be written (the database briefly failing), so the safety poll is soon enough.
  #reclaimLapsedLeases(): void {
    this.#reclaiming ??= this.#repo
      .reclaimExpired(this.options.leaseMs)
      .then(() => {}, this.options.onError)
      .finally(() => {
        this.#reclaiming = null;
        this.wake();
      });
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
    this.#nextDue.clear();
    await this.#reclaiming; // its queries must not outlive the database connection
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

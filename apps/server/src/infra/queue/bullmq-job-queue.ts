import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
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

// One BullMQ queue per lane, each with its own worker and concurrency.
const QUEUE_NAMES: Readonly<Record<JobLane, string>> = {
  compute: 'jobs',
  platform: 'jobs-platform',
};
const OUTBOX_BATCH = 500;
// BullMQ runs lower numbers first and its range ends at 2^21; ours runs higher first around 0.
const BULL_PRIORITY_ZERO = 1 << 20;

export interface BullMqJobQueueOptions extends JobRunnerOptions {
  readonly redisUrl: string;
  /** Redis key prefix; every process sharing the queue uses the same one. */
  readonly prefix: string;
  /** False for an HTTP-only process (`serve --no-worker`): it enqueues and dispatches only. */
  readonly runHandlers: boolean;
  /** How often the outbox is swept for queued jobs not dispatched (a crash after commit). */
  readonly pollMs: number;
  /** When a job's org is at its limit, how long BullMQ holds the job before offering it again. */
  readonly busyDelayMs: number;
}

interface Dispatch {
  readonly jobId: string;
}

/**
 * The scale adapter: BullMQ on Redis hands job ids to `aistudio worker` processes; the job row
 * stays the source of truth (state, attempts, leases, logs), so a job is claimed in the database
 * exactly as in the embedded adapter and a duplicate dispatch is harmless. Rows are written
 * `dispatched_at = null` inside the caller's transaction (an outbox) and dispatched after commit
 * by `wake()` or the periodic sweep, so a crash between commit and dispatch loses nothing.
 */
export class BullMqJobQueue implements JobQueue {
  readonly #repo: JobsRepository;
  readonly #runner: JobRunner;
  readonly #connections: Redis[] = [];
  readonly #queues: Record<JobLane, Queue<Dispatch>>;
  readonly #workers: Worker<Dispatch>[] = [];
  #sweep: NodeJS.Timeout | null = null;
  #dispatching: Promise<void> | null = null;
  #dispatchAgain = false;
  #stopped = true;

  constructor(
    db: Db,
    private readonly options: BullMqJobQueueOptions,
  ) {
    this.#repo = new JobsRepository(db);
    this.#runner = new JobRunner(this.#repo, options, () => this.wake());
    const connection = this.#connect();
    const queueOf = (lane: JobLane) => {
      const queue = new Queue<Dispatch>(QUEUE_NAMES[lane], { connection, prefix: options.prefix });
      queue.on('error', options.onError);
      return queue;
    };
    this.#queues = { compute: queueOf('compute'), platform: queueOf('platform') };
  }

  // BullMQ's blocking commands need a connection that retries forever rather than failing them.
  #connect(): Redis {
    const connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', this.options.onError);
    this.#connections.push(connection);
    return connection;
  }

  enqueue(tx: Db, job: NewJob): Promise<JobRow> {
    return this.#repo.insert(tx, job);
  }

  handle(kind: string, handler: JobHandler, options: HandlerOptions = {}): void {
    this.#runner.handlers.set(kind, { handler, options });
  }

  async cancel(jobId: string): Promise<boolean> {
    const outcome = await this.#repo.cancel(jobId);
    // Running elsewhere: that worker sees the request with its next heartbeat.
    if (outcome === 'requested') this.#runner.abort(jobId, new JobStop('cancelled'));
    return outcome !== null;
  }

  start(): void {
    this.#stopped = false;
    this.#sweep = setInterval(() => this.wake(), this.options.pollMs);
    this.#sweep.unref();
    this.wake();
    if (!this.options.runHandlers) return;
    this.#runner.startHeartbeats();
    for (const lane of JOB_LANES) {
      const worker = new Worker<Dispatch>(
        QUEUE_NAMES[lane],
        (job, token) => this.#process(lane, job, token),
        {
          connection: this.#connect(),
          prefix: this.options.prefix,
          concurrency: this.#runner.limitsOf(lane).concurrency,
          removeOnComplete: { count: 0 },
          removeOnFail: { count: 1000 },
        },
      );
      worker.on('error', this.options.onError);
      this.#workers.push(worker);
    }
  }

  /** Dispatches the outbox now (after the enqueuing transaction committed). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#dispatching) {
      this.#dispatchAgain = true;
      return;
    }
    this.#dispatching = this.#dispatch()
      .catch(this.options.onError)
      .finally(() => {
        this.#dispatching = null;
        if (this.#dispatchAgain) {
          this.#dispatchAgain = false;
          this.wake();
        }
      });
  }

  async #dispatch(): Promise<void> {
    for (;;) {
      const rows = await this.#repo.findUndispatched(OUTBOX_BATCH);
      if (rows.length === 0) return;
      const now = Date.now();
      for (const lane of JOB_LANES) {
        const inLane = rows.filter((row) => this.#runner.laneOf(row.kind) === lane);
        if (inLane.length === 0) continue;
        await this.#queues[lane].addBulk(
          inLane.map((row) => ({
            name: row.kind,
            data: { jobId: row.id },
            opts: {
              priority: Math.min(2 ** 21, Math.max(1, BULL_PRIORITY_ZERO - row.priority)),
              delay: Math.max(0, row.runAt.getTime() - now),
            },
          })),
        );
      }
      await this.#repo.markDispatched(rows.map((row) => row.id));
      if (rows.length < OUTBOX_BATCH) return;
    }
  }

  async #process(lane: JobLane, dispatch: Job<Dispatch>, token: string | undefined) {
    // A dispatch named after another lane's kind (sent before lanes existed, or by an older
    // process) would wait here for ever: back to the outbox, which sends it to its lane's queue.
    if (this.#runner.laneOf(dispatch.name) !== lane) {
      await this.#repo.returnToOutbox(dispatch.data.jobId);
      this.wake();
      return;
    }
    const claimed = await this.#repo.claimById(
      dispatch.data.jobId,
      this.#runner.kindsIn(lane),
      this.#runner.workerId,
      this.#runner.limitsOf(lane).orgConcurrency,
    );
    if (claimed === null) return; // cancelled, finished, or claimed through another dispatch
    if (claimed === BUSY) {
      await dispatch.moveToDelayed(Date.now() + this.options.busyDelayMs, token);
      throw new DelayedError();
    }
    await this.#runner.run(claimed);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#sweep) clearInterval(this.#sweep);
    await this.#dispatching;
    // Abort the handlers first: closing the worker waits for the jobs it is processing.
    await this.#runner.stop();
    await Promise.all(this.#workers.map((worker) => worker.close()));
    await Promise.all(JOB_LANES.map((lane) => this.#queues[lane].close()));
    await Promise.all(this.#connections.map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** Waits until no due job of a kind handled here is queued or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (
      !this.#stopped &&
      this.options.runHandlers &&
      (this.#runner.activeCount > 0 || (await this.#repo.hasPending(this.#runner.kinds)))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

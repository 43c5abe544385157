import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { settleJob } from './job-outcome.js';
import {
  JobStop,
  type HandlerOptions,
  type JobContext,
  type JobHandler,
  type JobLane,
  type JobLogLevel,
  type JobRow,
} from './job-queue.js';
import type { JobsRepository } from './jobs.repository.js';

/** How many jobs of one lane may run at once. */
export interface LaneLimits {
  /** Handlers of the lane running at once in this process. */
  readonly concurrency: number;
  /** Jobs of the lane of one org running at once across all processes. */
  readonly orgConcurrency: number;
}

/** Settings shared by both queue adapters (from config; tests shorten the times). */
export interface JobRunnerOptions extends LaneLimits {
  /** The platform lane's limits, counted apart from the compute lane's (the top-level ones);
   * default: the same numbers. */
  readonly platform?: LaneLimits;
  /** A running job whose process has not renewed it for this long is taken back. */
  readonly leaseMs: number;
  /** First retry delay after a TransientJobError; doubles each attempt. */
  readonly backoffBaseMs: number;
  readonly onError: (error: unknown) => void;
}

interface ActiveJob {
  readonly job: JobRow;
  readonly controller: AbortController;
}

interface SettlingJob {
  readonly done: Promise<void>;
  readonly lane: JobLane;
}

/**
 * Runs claimed jobs in this process: gives each a context (signal, log), enforces its timeout,
 * renews the leases of all of them with one heartbeat, sees cancels asked elsewhere, takes back
 * jobs of dead processes, and writes each outcome. Adapters only decide what to claim and when.
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly handlers = new Map<string, { handler: JobHandler; options: HandlerOptions }>();
  readonly #active = new Map<string, ActiveJob>();
  readonly #settled = new Set<SettlingJob>();
  #heartbeat: NodeJS.Timeout | null = null;
  #beating: Promise<void> | null = null;
  #reclaimInBeat = true;

  constructor(
    readonly repo: JobsRepository,
    readonly options: JobRunnerOptions,
    /** Called when jobs went back to the queue (reclaimed or retried), so they get dispatched. */
    private readonly onRequeued: () => void,
  ) {}

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /** The lane of a kind; kinds without a handler here count as compute. */
  laneOf(kind: string): JobLane {
    return this.handlers.get(kind)?.options.lane ?? 'compute';
  }

  /** The kinds handled here whose jobs run in `lane`. */
  kindsIn(lane: JobLane): string[] {
    return this.kinds.filter((kind) => this.laneOf(kind) === lane);
  }

  limitsOf(lane: JobLane): LaneLimits {
    return lane === 'platform' ? (this.options.platform ?? this.options) : this.options;
  }

  /** Jobs claimed here and not yet written back (handler running or outcome being saved). */
  get activeCount(): number {
    return this.#settled.size;
  }

  /** `activeCount` of one lane. */
  activeIn(lane: JobLane): number {
    let n = 0;
    for (const settling of this.#settled) if (settling.lane === lane) n++;
    return n;
  }

  /**
   * Beats at most every second (a cancel asked in another process is seen within it) and at least
   * six times per lease, so a few missed beats do not lose it. `reclaimExpired: false` leaves
   * taking back dead processes' jobs to the caller (an only writer has no other process to watch).
   */
  startHeartbeats({ reclaimExpired = true }: { reclaimExpired?: boolean } = {}): void {
    this.#reclaimInBeat = reclaimExpired;
    this.#heartbeat ??= setInterval(
      () => (this.#beating ??= this.#beat().finally(() => (this.#beating = null))),
      Math.max(50, Math.min(1000, this.options.leaseMs / 6)),
    );
    this.#heartbeat.unref();
  }

  async #beat(): Promise<void> {
    try {
      const ids = [...this.#active.keys()];
      if (ids.length === 0 && !this.#reclaimInBeat) return;
      const held = new Map((await this.repo.heartbeat(ids, this.workerId)).map((r) => [r.id, r]));
      for (const id of ids) {
        const row = held.get(id);
        if (!row) this.abort(id, new JobStop('lease-lost', 'another process took the job over'));
        else if (row.cancelRequestedAt) this.abort(id, new JobStop('cancelled'));
      }
      if (!this.#reclaimInBeat) return;
      if ((await this.repo.reclaimExpired(this.options.leaseMs)) > 0) this.onRequeued();
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** Aborts a job running here; false if it does not run in this process. */
  abort(jobId: string, reason: JobStop): boolean {
    const active = this.#active.get(jobId);
    if (!active) return false;
    if (!active.controller.signal.aborted) active.controller.abort(reason);
    return true;
  }

  /** Runs a job this worker has claimed, then writes its outcome. Never rejects. */
  run(job: JobRow): Promise<void> {
    const done = this.#run(job).catch(this.options.onError);
    const settling = { done, lane: this.laneOf(job.kind) };
    this.#settled.add(settling);
    void done.finally(() => this.#settled.delete(settling));
    return done;
  }

  async #run(job: JobRow): Promise<void> {
    const registered = this.handlers.get(job.kind)!;
    const controller = new AbortController();
    this.#active.set(job.id, { job, controller });
    const timeoutMs = job.timeoutMs ?? registered.options.timeoutMs;
    const timer =
      timeoutMs === undefined
        ? null
        : setTimeout(() => {
            const seconds = Math.round(timeoutMs / 100) / 10;
            controller.abort(new JobStop('timeout', `timed out after ${seconds} s`));
          }, timeoutMs);
    const logs = new JobLog(this.repo, job, this.options.onError);
    const ctx: JobContext = {
      signal: controller.signal,
      log: (message, level = 'info') => logs.append(level, message),
    };
    let error: unknown;
    try {
      await registered.handler(job, ctx);
    } catch (e) {
      error = e ?? new Error('job failed');
    } finally {
      if (timer) clearTimeout(timer);
      this.#active.delete(job.id);
    }
    const stop = controller.signal.aborted ? (controller.signal.reason as JobStop) : null;
    const settled = settleJob({
      error,
      stop,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      backoffBaseMs: this.options.backoffBaseMs,
    });
    if (settled?.logError) this.options.onError(error);
    if (settled?.update.status === 'failed') logs.append('error', settled.update.error ?? 'failed');
    await logs.flushed();
    if (!settled) return;
    const written = await this.repo.finish(job.id, this.workerId, settled.update);
    if (written && settled.update.status === 'queued') this.onRequeued();
  }

  /** Aborts every running job (JobStop 'shutdown') and waits for their outcomes to be written. */
  async stop(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    await this.#beating; // its queries must not outlive the database connection
    for (const id of this.#active.keys()) this.abort(id, new JobStop('shutdown'));
    await Promise.all([...this.#settled].map((settling) => settling.done));
  }
}

/** One job's captured log: lines written in order, a failing write never fails the job. */
class JobLog {
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: JobsRepository,
    private readonly job: JobRow,
    private readonly onError: (error: unknown) => void,
  ) {}

  append(level: JobLogLevel, message: string): void {
    this.#chain = this.#chain
      .then(() => this.repo.appendLog(this.job, level, message))
      .catch(this.onError);
  }

  flushed(): Promise<void> {
    return this.#chain;
  }
}

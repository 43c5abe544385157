import type { Db } from '@aistudio/db';
import type { schema } from '@aistudio/db';

export type JobRow = typeof schema.jobs.$inferSelect;
export type JobLogLevel = (typeof schema.JOB_LOG_LEVELS)[number];

/** What the work that needs a job knows about it. */
export interface NewJob {
  readonly orgId: string;
  readonly projectId: string | null;
  readonly kind: string;
  /** A versioned payload of the job's kind. */
  readonly payload: Record<string, unknown>;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly createdBy?: string | null;
  /** Higher runs first; default 0. */
  readonly priority?: number;
  /** Overrides the kind's timeout (see `handle`). */
  readonly timeoutMs?: number;
  /** Runs (crashes and transient failures included) before the job fails; default 3. */
  readonly maxAttempts?: number;
}

/** Why a running job's signal aborted; `signal.reason` is always one of these. */
export class JobStop extends Error {
  override readonly name = 'JobStop';
  constructor(
    override readonly cause: 'cancelled' | 'timeout' | 'shutdown' | 'lease-lost',
    message: string = cause,
  ) {
    super(message);
  }
}

/** A failure the job expected (bad input): recorded on the job, no retry, no stack logged. */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
}

/** A failure that may pass (a service briefly down): the job runs again after a backoff. */
export class TransientJobError extends Error {
  override readonly name = 'TransientJobError';
}

export interface JobContext {
  /** Aborts with a JobStop when the job is cancelled, times out, or must stop. */
  readonly signal: AbortSignal;
  /** Appends a line to the job's captured log (best effort: never throws). */
  log(message: string, level?: JobLogLevel): void;
}

/**
 * Runs one claimed job. Returning succeeds it; throwing fails it with the error's message
 * (TransientJobError: retried). After a cancel the job ends `cancelled` however the handler ends.
 * Handlers must be idempotent: a job may run again after a crash.
 */
export type JobHandler = (job: JobRow, ctx: JobContext) => Promise<void>;

/**
 * Which limits a kind's jobs count against: `compute` (training, ingest, scoring: long, CPU-heavy)
 * or `platform` (webhooks, alerts, drift checks: short), so a long training never delays an alert.
 */
export type JobLane = 'compute' | 'platform';

export const JOB_LANES: readonly JobLane[] = ['compute', 'platform'];

export interface HandlerOptions {
  /** Default timeout of this kind's jobs. */
  readonly timeoutMs?: number;
  /** The lane of this kind's jobs; default `compute`. */
  readonly lane?: JobLane;
}

/**
 * Background work (ingest, training, scoring, drift). The job row is written in the transaction
 * that creates the work it belongs to, so a job exists exactly when its work does; `wake()` after
 * commit tells the runner (or the dispatcher) there is something to claim. The row is the source
 * of truth of a job's state and logs in every adapter.
 */
export interface JobQueue {
  /** True when this process is its database's only writer (embedded PGlite): timers that would
   * poll for due work (jobs, schedules) may instead sleep until it is due. */
  readonly soleWriter?: boolean;
  enqueue(tx: Db, job: NewJob): Promise<JobRow>;
  wake(): void;
  /** Registers the handler of a job kind; jobs of kinds without one here wait for a process that has it. */
  handle(kind: string, handler: JobHandler, options?: HandlerOptions): void;
  /**
   * Cancels a job: a queued one at once, a running one by aborting its signal wherever it runs.
   * False if the job had already finished (or does not exist). Callers authorize first.
   */
  cancel(jobId: string): Promise<boolean>;
  start(): void;
  /** Stops claiming, aborts running jobs' signals and waits for them to settle. */
  stop(): Promise<void>;
  /** Resolves once no job this process can run is queued or running (tests, shutdown). */
  idle(): Promise<void>;
}

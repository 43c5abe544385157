import type { Db } from '@aistudio/db';
import type { schema } from '@aistudio/db';

export type JobRow = typeof schema.jobs.$inferSelect;

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
}

/** Runs one claimed job; throwing fails it with the error's message. */
export type JobHandler = (job: JobRow, signal: AbortSignal) => Promise<void>;

/**
 * Background work (ingest now; training, scoring and drift later). The job row is written in the
 * transaction that creates the work it belongs to, so a job exists exactly when its work does;
 * `wake()` after commit tells the runner there is something to claim.
 */
export interface JobQueue {
  enqueue(tx: Db, job: NewJob): Promise<JobRow>;
  wake(): void;
  /** Registers the handler of a job kind; call before `start`. */
  handle(kind: string, handler: JobHandler): void;
  start(): void;
  /** Stops claiming, aborts running jobs' signals and waits for them to settle. */
  stop(): Promise<void>;
  /** Resolves once no job is queued or running (tests and graceful shutdown). */
  idle(): Promise<void>;
}

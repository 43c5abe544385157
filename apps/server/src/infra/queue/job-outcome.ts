import { JobFailure, JobStop, TransientJobError } from './job-queue.js';
import type { JobUpdate } from './jobs.repository.js';

const MAX_BACKOFF_MS = 5 * 60_000;

/** Delay before retry number `attempt` (1-based): base, 2×base, 4×base… capped at five minutes. */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface SettledRun {
  /** The handler's error, or undefined when it returned. */
  readonly error: unknown;
  /** Why the job's signal aborted, if it did. */
  readonly stop: JobStop | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
}

/**
 * What a finished handler means for its job: `null` when the job is not ours to write any more
 * (lease lost); `logError` when the error is unexpected and worth a stack in the server log.
 */
export function settleJob(run: SettledRun): { update: JobUpdate; logError: boolean } | null {
  const { error, stop } = run;
  const threw = error !== undefined;
  if (stop?.cause === 'lease-lost') return null;
  if (stop?.cause === 'cancelled')
    return { update: { status: 'cancelled', error: null }, logError: false };
  if (stop?.cause === 'timeout')
    return { update: { status: 'failed', error: stop.message }, logError: false };
  // Shutdown is not the job's fault: it goes back to the queue without using up an attempt.
  if (stop?.cause === 'shutdown' && threw) {
    return {
      update: { status: 'queued', error: null, delayMs: 0, refundAttempt: true },
      logError: false,
    };
  }
  if (!threw) return { update: { status: 'succeeded', error: null }, logError: false };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TransientJobError) {
    if (run.attempts < run.maxAttempts) {
      const delayMs = backoffMs(run.attempts, run.backoffBaseMs);
      return {
        update: { status: 'queued', error: message, delayMs, refundAttempt: false },
        logError: false,
      };
    }
    return {
      update: { status: 'failed', error: `${message} (gave up after ${run.attempts} attempts)` },
      logError: false,
    };
  }
  return {
    update: { status: 'failed', error: message },
    logError: !(error instanceof JobFailure),
  };
}

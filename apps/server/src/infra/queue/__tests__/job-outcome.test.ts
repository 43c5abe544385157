import { describe, expect, it } from 'vitest';
import { backoffMs, settleJob, type SettledRun } from '../job-outcome.js';
import { JobFailure, JobStop, TransientJobError } from '../job-queue.js';

const run = (overrides: Partial<SettledRun>): SettledRun => ({
  error: undefined,
  stop: null,
  attempts: 1,
  maxAttempts: 3,
  backoffBaseMs: 1000,
  ...overrides,
});

describe('backoffMs', () => {
  it('doubles from the base delay with each attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 1000))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('never waits more than five minutes', () => {
    expect(backoffMs(30, 1000)).toBe(300_000);
  });
});

describe('settleJob', () => {
  it('succeeds a job whose handler returned', () => {
    expect(settleJob(run({}))).toEqual({
      update: { status: 'succeeded', error: null },
      logError: false,
    });
  });

  it('retries a TransientJobError after the backoff of its attempt', () => {
    expect(settleJob(run({ error: new TransientJobError('503'), attempts: 2 }))).toEqual({
      update: { status: 'queued', error: '503', delayMs: 2000, refundAttempt: false },
      logError: false,
    });
  });

  it('fails a TransientJobError on its last attempt, saying it gave up', () => {
    expect(settleJob(run({ error: new TransientJobError('503'), attempts: 3 }))?.update).toEqual({
      status: 'failed',
      error: '503 (gave up after 3 attempts)',
    });
  });

  it('fails a JobFailure without retry and without a stack in the log', () => {
    expect(settleJob(run({ error: new JobFailure('bad column') }))).toEqual({
      update: { status: 'failed', error: 'bad column' },
      logError: false,
    });
  });

  it('fails any other error without retry and logs it', () => {
    expect(settleJob(run({ error: new TypeError('x is undefined') }))).toEqual({
      update: { status: 'failed', error: 'x is undefined' },
      logError: true,
    });
  });

  it('cancels a cancelled job whether its handler returned or threw', () => {
    const stop = new JobStop('cancelled');
    for (const error of [undefined, new Error('aborted')]) {
      expect(settleJob(run({ stop, error }))?.update).toEqual({ status: 'cancelled', error: null });
    }
  });

  it('fails a timed-out job with the timeout, even if the handler then threw a transient error', () => {
    const stop = new JobStop('timeout', 'timed out after 5 s');
    expect(settleJob(run({ stop, error: new TransientJobError('aborted') }))?.update).toEqual({
      status: 'failed',
      error: 'timed out after 5 s',
    });
  });

  it('queues a job stopped by shutdown again without using up its attempt', () => {
    const stop = new JobStop('shutdown');
    expect(settleJob(run({ stop, error: stop }))?.update).toEqual({
      status: 'queued',
      error: null,
      delayMs: 0,
      refundAttempt: true,
    });
  });

  it('keeps the success of a handler that finished despite a shutdown', () => {
    expect(settleJob(run({ stop: new JobStop('shutdown') }))?.update.status).toBe('succeeded');
  });

  it('writes nothing for a job whose lease was lost: another process owns it', () => {
    expect(settleJob(run({ stop: new JobStop('lease-lost'), error: new Error('x') }))).toBeNull();
  });
});

import type { Db } from '@aistudio/db';
import type { Config } from '../../config/config.js';
import { BullMqJobQueue } from './bullmq-job-queue.js';
import { EmbeddedJobQueue } from './embedded-job-queue.js';
import type { JobQueue } from './job-queue.js';

export interface JobQueueSetup {
  /** Only process on its database (PGlite): running jobs at start are orphans, run them again. */
  readonly recoverRunning: boolean;
  /** False for `serve --no-worker`: enqueue and cancel, run nothing. */
  readonly runHandlers: boolean;
  readonly onError: (error: unknown) => void;
}

/** BullMQ when REDIS_URL is set, otherwise the database-polling embedded queue. */
export function createJobQueue(db: Db, config: Readonly<Config>, setup: JobQueueSetup): JobQueue {
  const common = {
    concurrency: config.jobs.concurrency,
    orgConcurrency: config.jobs.orgConcurrency,
    platform: config.jobs.platform,
    leaseMs: config.jobs.leaseMs,
    backoffBaseMs: 1000,
    runHandlers: setup.runHandlers,
    onError: setup.onError,
  };
  if (config.redisUrl) {
    return new BullMqJobQueue(db, {
      ...common,
      redisUrl: config.redisUrl,
      prefix: config.jobs.redisPrefix,
      // The sweep is only the safety net for a crash between commit and dispatch.
      pollMs: 5000,
      busyDelayMs: 1000,
    });
  }
  return new EmbeddedJobQueue(db, {
    ...common,
    recoverRunning: setup.recoverRunning,
    // The only process on its database sees every change it could wait for: no need to poll.
    soleWriter: setup.recoverRunning,
    pollMs: setup.recoverRunning ? 30_000 : 1000,
  });
}

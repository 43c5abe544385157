import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@aistudio/db';
import { EmbeddedJobQueue } from '../embedded-job-queue.js';
import { TransientJobError, type JobHandler, type JobRow } from '../job-queue.js';
import { JobsRepository } from '../jobs.repository.js';
import { createOrg, eventually, gate, jobRow, openQueueDatabase } from './support/queue-fixture.js';

// Longer than any wait below: whatever runs here was woken, not found by the safety poll.
const SAFETY_POLL_MS = 120_000;
const IDLE_WATCH_MS = 2500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The only-writer mode is PGlite's (one process owns the database).
describe.skipIf(process.env.AISTUDIO_TEST_DB === 'postgres')(
  'embedded job queue as its database only writer',
  () => {
    let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
    let db: Db;
    let orgId: string;
    const queues: EmbeddedJobQueue[] = [];
    const errors: unknown[] = [];

    beforeAll(async () => {
      fixture = await openQueueDatabase();
      db = fixture.db;
      orgId = await createOrg(db);
    });
    afterAll(() => fixture.close());
    afterEach(async () => {
      vi.restoreAllMocks();
      for (const queue of queues.splice(0)) await queue.stop();
      expect(errors).toEqual([]);
    });

    function startQueue(kind: string, handler: JobHandler, concurrency = 4) {
      const queue = new EmbeddedJobQueue(db, {
        concurrency,
        orgConcurrency: 10,
        leaseMs: 30_000,
        backoffBaseMs: 300,
        runHandlers: true,
        recoverRunning: true,
        soleWriter: true,
        pollMs: SAFETY_POLL_MS,
        onError: (error) => errors.push(error),
      });
      queue.handle(kind, handler);
      queues.push(queue);
      queue.start();
      return queue;
    }

    const kind = () => `test.sole.${randomUUID().slice(0, 8)}`;
    const newJob = (jobKind: string) => ({ orgId, projectId: null, kind: jobKind, payload: {} });

    // Every method of the repository: an idle queue must not touch the database at all.
    function countRepositoryCalls(): () => number {
      const names = Object.getOwnPropertyNames(JobsRepository.prototype).filter(
        (name) => name !== 'constructor',
      ) as (keyof JobsRepository)[];
      const spies = names.map((name) => vi.spyOn(JobsRepository.prototype, name));
      return () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
    }

    it('makes no claim (or any other) query while idle', async () => {
      const queue = startQueue(kind(), async () => {});
      await queue.idle();
      const calls = countRepositoryCalls();
      await sleep(IDLE_WATCH_MS);
      expect(calls()).toBe(0);
    });

    it('starts a job enqueued in a transaction once it commits, without a wake() call', async () => {
      const ran: string[] = [];
      const jobKind = kind();
      const queue = startQueue(jobKind, async (job) => void ran.push(job.id));
      await queue.idle();
      const job = await db.transaction((tx) => queue.enqueue(tx, newJob(jobKind)));
      await eventually(async () => (await jobRow(db, job.id)).status === 'succeeded', 'the job');
      expect(ran).toEqual([job.id]);
    });

    it('never runs a job whose transaction rolled back', async () => {
      const ran: string[] = [];
      const jobKind = kind();
      const queue = startQueue(jobKind, async (job) => void ran.push(job.id));
      await queue.idle();
      const rolledBack = db.transaction(async (tx) => {
        await queue.enqueue(tx, newJob(jobKind));
        throw new Error('roll back');
      });
      await expect(rolledBack).rejects.toThrow('roll back');
      const committed = await queue.enqueue(db, newJob(jobKind));
      await eventually(async () => (await jobRow(db, committed.id)).status === 'succeeded', 'job');
      await queue.idle();
      expect(ran).toEqual([committed.id]);
    });

    it('runs a retry when its backoff ends, without polling in between', async () => {
      let runs = 0;
      const jobKind = kind();
      const queue = startQueue(jobKind, async () => {
        runs += 1;
        if (runs === 1) throw new TransientJobError('briefly down');
      });
      const job = await queue.enqueue(db, newJob(jobKind));
      await eventually(async () => (await jobRow(db, job.id)).status === 'succeeded', 'the retry');
      expect(runs).toBe(2);
    });

    it('starts the next waiting job when a running one frees its lane', async () => {
      const first = gate();
      const started: JobRow[] = [];
      const jobKind = kind();
      const queue = startQueue(
        jobKind,
        async (job) => {
          started.push(job);
          if (started.length === 1) await first.promise;
        },
        1,
      );
      const a = await queue.enqueue(db, newJob(jobKind));
      const b = await queue.enqueue(db, newJob(jobKind));
      await eventually(async () => started.length === 1, 'the first job');
      expect((await jobRow(db, b.id)).status).toBe('queued');
      first.open();
      await eventually(async () => (await jobRow(db, b.id)).status === 'succeeded', 'the second');
      expect(started.map((job) => job.id)).toEqual([a.id, b.id]);
    });
  },
);

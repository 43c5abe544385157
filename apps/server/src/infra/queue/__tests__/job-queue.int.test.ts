import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import { BullMqJobQueue } from '../bullmq-job-queue.js';
import { EmbeddedJobQueue } from '../embedded-job-queue.js';
import {
  JobFailure,
  JobStop,
  TransientJobError,
  type JobQueue,
  type NewJob,
} from '../job-queue.js';
import { JobsRepository } from '../jobs.repository.js';
import {
  aborted,
  createOrg,
  eventually,
  gate,
  jobLogLines,
  jobRow,
  openQueueDatabase,
} from './support/queue-fixture.js';

const redisUrl = process.env.REDIS_URL;
type Adapter = 'embedded' | 'bullmq';
const adapters: Adapter[] = redisUrl ? ['embedded', 'bullmq'] : ['embedded'];

interface QueueSettings {
  concurrency?: number;
  orgConcurrency?: number;
  platform?: { concurrency: number; orgConcurrency: number };
  leaseMs?: number;
  runHandlers?: boolean;
}

describe.each(adapters)('job queue (%s adapter)', (adapter) => {
  let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
  let db: Db;
  let orgId: string;
  const prefix = `aistudio-test-${randomUUID().slice(0, 8)}`;
  const queues: JobQueue[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    fixture = await openQueueDatabase();
    db = fixture.db;
  });
  afterAll(async () => {
    await fixture.close();
    if (adapter !== 'bullmq') return;
    for (const name of ['jobs', 'jobs-platform']) {
      const keys = new Queue(name, { connection: { url: redisUrl! }, prefix });
      await keys.obliterate({ force: true });
      await keys.close();
    }
  });
  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.stop();
  });

  async function freshOrg() {
    orgId = await createOrg(db);
    return orgId;
  }

  function makeQueue(settings: QueueSettings = {}, on: Db = db): JobQueue {
    const common = {
      concurrency: settings.concurrency ?? 4,
      orgConcurrency: settings.orgConcurrency ?? 10,
      ...(settings.platform ? { platform: settings.platform } : {}),
      leaseMs: settings.leaseMs ?? 30_000,
      backoffBaseMs: 20,
      runHandlers: settings.runHandlers ?? true,
      onError: (error: unknown) => errors.push(error),
      pollMs: 50,
    };
    const queue =
      adapter === 'embedded'
        ? new EmbeddedJobQueue(on, { ...common, recoverRunning: false })
        : new BullMqJobQueue(on, { ...common, redisUrl: redisUrl!, prefix, busyDelayMs: 50 });
    queues.push(queue);
    return queue;
  }

  async function enqueue(queue: JobQueue, job: Partial<NewJob> & { kind: string }) {
    const row = await queue.enqueue(db, { orgId, projectId: null, payload: {}, ...job });
    queue.wake();
    return row;
  }

  // A kind per test: leftovers of one test never run in another (one database per file).
  const kind = () => `test.${randomUUID().slice(0, 8)}`;

  it('runs higher priorities first, then the oldest', async () => {
    await freshOrg();
    const k = kind();
    const order: string[] = [];
    const queue = makeQueue({ concurrency: 1 });
    queue.handle(k, async (job) => {
      order.push((job.payload as { name: string }).name);
    });
    for (const [name, priority] of [
      ['low-1', 0],
      ['high', 5],
      ['low-2', 0],
      ['mid', 1],
    ] as const) {
      await queue.enqueue(db, { orgId, projectId: null, kind: k, payload: { name }, priority });
    }
    queue.start();
    await queue.idle();
    expect(order).toEqual(['high', 'mid', 'low-1', 'low-2']);
  });

  it('runs at most the org limit of one org at once while other orgs go on', async () => {
    const busyOrg = await freshOrg();
    const otherOrg = await createOrg(db);
    const k = kind();
    const release = gate();
    const running = new Map<string, number>();
    let peakBusy = 0;
    let otherRan = false;
    const queue = makeQueue({ concurrency: 4, orgConcurrency: 2 });
    queue.handle(k, async (job) => {
      running.set(job.orgId, (running.get(job.orgId) ?? 0) + 1);
      peakBusy = Math.max(peakBusy, running.get(busyOrg) ?? 0);
      if (job.orgId === otherOrg) otherRan = true;
      else await release.promise;
      running.set(job.orgId, running.get(job.orgId)! - 1);
    });
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await enqueue(queue, { kind: k }));
    await enqueue(queue, { kind: k, orgId: otherOrg });
    queue.start();
    await eventually(async () => otherRan, 'the other org to run');
    const states = await Promise.all(jobs.map(async (j) => (await jobRow(db, j.id)).status));
    expect(states.filter((s) => s === 'running')).toHaveLength(2);
    release.open();
    await queue.idle();
    expect(peakBusy).toBe(2);
    for (const j of jobs) expect((await jobRow(db, j.id)).status).toBe('succeeded');
  });

  it("runs a platform-lane job (an alert notification) while the org's compute lane is full", async () => {
    await freshOrg();
    const training = kind();
    const alert = kind();
    const release = gate();
    const queue = makeQueue({
      concurrency: 1,
      orgConcurrency: 1,
      platform: { concurrency: 1, orgConcurrency: 1 },
    });
    queue.handle(training, () => release.promise);
    queue.handle(alert, async () => {}, { lane: 'platform' });
    const first = await enqueue(queue, { kind: training });
    queue.start();
    await eventually(async () => (await jobRow(db, first.id)).status === 'running', 'training');
    const second = await enqueue(queue, { kind: training });
    const notification = await enqueue(queue, { kind: alert });
    await eventually(
      async () => (await jobRow(db, notification.id)).status === 'succeeded',
      'the alert job to run beside the training',
    );
    expect((await jobRow(db, first.id)).status).toBe('running');
    // The compute lane stays at its limit: the second training still waits for the first.
    expect((await jobRow(db, second.id)).status).toBe('queued');
    release.open();
    await queue.idle();
    expect((await jobRow(db, second.id)).status).toBe('succeeded');
  });

  it('aborts a job past its timeout with JobStop("timeout") and fails it', async () => {
    await freshOrg();
    const k = kind();
    let reason: unknown;
    const queue = makeQueue();
    queue.handle(k, async (_job, ctx) => {
      await aborted(ctx.signal);
      reason = ctx.signal.reason;
      throw new Error('stopped');
    });
    const job = await enqueue(queue, { kind: k, timeoutMs: 200 });
    queue.start();
    await queue.idle();
    expect(reason).toBeInstanceOf(JobStop);
    expect((reason as JobStop).cause).toBe('timeout');
    const row = await jobRow(db, job.id);
    expect(row).toMatchObject({ status: 'failed', error: 'timed out after 0.2 s', attempts: 1 });
  });

  it('takes the kind timeout from handle() when the job has none', async () => {
    await freshOrg();
    const k = kind();
    const queue = makeQueue();
    queue.handle(k, (_job, ctx) => aborted(ctx.signal), { timeoutMs: 100 });
    const job = await enqueue(queue, { kind: k });
    queue.start();
    await queue.idle();
    expect(await jobRow(db, job.id)).toMatchObject({
      status: 'failed',
      error: 'timed out after 0.1 s',
    });
  });

  it('cancels a queued job at once, and answers false once it has finished', async () => {
    await freshOrg();
    const k = kind();
    const queue = makeQueue();
    const job = await enqueue(queue, { kind: k }); // no handler for k: it stays queued
    expect(await queue.cancel(job.id)).toBe(true);
    expect(await jobRow(db, job.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
    expect(await queue.cancel(job.id)).toBe(false);
    expect(await queue.cancel(randomUUID())).toBe(false);
    expect(await queue.cancel('not-a-uuid')).toBe(false);
  });

  it('cancels a running job through its signal; it ends cancelled even though the handler threw', async () => {
    await freshOrg();
    const k = kind();
    let reason: unknown;
    const queue = makeQueue();
    queue.handle(k, async (_job, ctx) => {
      ctx.log('waiting');
      await aborted(ctx.signal);
      reason = ctx.signal.reason;
      throw new Error('interrupted');
    });
    const job = await enqueue(queue, { kind: k });
    queue.start();
    await eventually(async () => (await jobRow(db, job.id)).status === 'running', 'running');
    expect(await queue.cancel(job.id)).toBe(true);
    await queue.idle();
    expect((reason as JobStop).cause).toBe('cancelled');
    expect(await jobRow(db, job.id)).toMatchObject({ status: 'cancelled', error: null });
  });

  it('cancels a job running in another process (seen with the heartbeat)', async () => {
    await freshOrg();
    const k = kind();
    const runner = makeQueue({ leaseMs: 1200 });
    runner.handle(k, (_job, ctx) => aborted(ctx.signal));
    const api = makeQueue({ runHandlers: false }, await fixture.secondConnection());
    api.start();
    const job = await enqueue(api, { kind: k });
    runner.start();
    runner.wake();
    await eventually(async () => (await jobRow(db, job.id)).status === 'running', 'running');
    expect(await api.cancel(job.id)).toBe(true);
    await eventually(async () => (await jobRow(db, job.id)).status === 'cancelled', 'cancelled');
  });

  it('retries a TransientJobError with backoff until it succeeds', async () => {
    await freshOrg();
    const k = kind();
    const queue = makeQueue();
    queue.handle(k, async (job) => {
      if (job.attempts < 3) throw new TransientJobError(`flaky ${job.attempts}`);
    });
    const job = await enqueue(queue, { kind: k });
    queue.start();
    const row = await eventually(async () => {
      const r = await jobRow(db, job.id);
      return r.status === 'succeeded' && r;
    }, 'success after retries');
    expect(row.attempts).toBe(3);
    // The second retry waited at least twice the base delay after the first.
    expect(row.finishedAt!.getTime() - row.startedAt!.getTime()).toBeGreaterThanOrEqual(20 + 40);
  });

  it('gives up on a TransientJobError after maxAttempts', async () => {
    await freshOrg();
    const k = kind();
    const queue = makeQueue();
    queue.handle(k, async () => {
      throw new TransientJobError('still down');
    });
    const job = await enqueue(queue, { kind: k, maxAttempts: 2 });
    queue.start();
    const row = await eventually(async () => {
      const r = await jobRow(db, job.id);
      return r.status === 'failed' && r;
    }, 'failure');
    expect(row).toMatchObject({ attempts: 2, error: 'still down (gave up after 2 attempts)' });
  });

  it('fails other errors at once, without retry; JobFailure is not logged as an error', async () => {
    await freshOrg();
    const [plain, expected] = [kind(), kind()];
    const queue = makeQueue();
    queue.handle(plain, async () => {
      throw new Error('boom');
    });
    queue.handle(expected, async () => {
      throw new JobFailure('bad input');
    });
    const before = errors.length;
    const a = await enqueue(queue, { kind: plain });
    const b = await enqueue(queue, { kind: expected });
    queue.start();
    await queue.idle();
    expect(await jobRow(db, a.id)).toMatchObject({ status: 'failed', attempts: 1, error: 'boom' });
    expect(await jobRow(db, b.id)).toMatchObject({ status: 'failed', error: 'bad input' });
    expect(errors.slice(before).map((e) => (e as Error).message)).toEqual(['boom']);
  });

  it('keeps the lines a job logs, in order, with its failure last', async () => {
    await freshOrg();
    const k = kind();
    const queue = makeQueue();
    queue.handle(k, async (_job, ctx) => {
      for (let i = 1; i <= 5; i++) ctx.log(`step ${i}`);
      ctx.log('almost', 'warn');
      throw new JobFailure('no luck');
    });
    const job = await enqueue(queue, { kind: k });
    queue.start();
    await queue.idle();
    const lines = await jobLogLines(db, job.id);
    expect(lines.map((l) => [l.seq, l.level, l.message])).toEqual([
      [1, 'info', 'step 1'],
      [2, 'info', 'step 2'],
      [3, 'info', 'step 3'],
      [4, 'info', 'step 4'],
      [5, 'info', 'step 5'],
      [6, 'warn', 'almost'],
      [7, 'error', 'no luck'],
    ]);
    expect(lines.every((l) => l.orgId === orgId)).toBe(true);
  });

  it('takes back the job of a process that died, counting the attempt', async () => {
    await freshOrg();
    const k = kind();
    // A process claims the job and dies: its row stays running and its heartbeat ages.
    const job = await new JobsRepository(db).insert(db, {
      orgId,
      projectId: null,
      kind: k,
      payload: {},
    });
    expect(await new JobsRepository(db).claimNext([k], 'dead-process', 10)).toMatchObject({
      id: job.id,
    });
    const ran: number[] = [];
    const survivor = makeQueue({ leaseMs: 300 }, await fixture.secondConnection());
    survivor.handle(k, async (row) => {
      ran.push(row.attempts);
    });
    survivor.start();
    const row = await eventually(async () => {
      const r = await jobRow(db, job.id);
      return r.status === 'succeeded' && r;
    }, 'the job to be taken back and run');
    expect(ran).toEqual([2]);
    expect(row.lockedBy).toBeNull();
  });

  it('fails a job that took its process down maxAttempts times', async () => {
    await freshOrg();
    const k = kind();
    const repo = new JobsRepository(db);
    const job = await repo.insert(db, {
      orgId,
      projectId: null,
      kind: k,
      payload: {},
      maxAttempts: 1,
    });
    expect(await repo.claimNext([k], 'dead-process', 10)).toMatchObject({ id: job.id });
    const survivor = makeQueue({ leaseMs: 300 });
    survivor.handle(k, async () => {
      throw new Error('must not run');
    });
    survivor.start();
    const row = await eventually(async () => {
      const r = await jobRow(db, job.id);
      return r.status === 'failed' && r;
    }, 'the job to fail');
    expect(row.error).toBe('interrupted 1 times (the process running it stopped)');
  });

  it('stops a job that lost its lease without writing over the new owner', async () => {
    await freshOrg();
    const k = kind();
    let reason: unknown;
    const queue = makeQueue({ leaseMs: 1500 });
    queue.handle(k, async (_job, ctx) => {
      await aborted(ctx.signal);
      reason = ctx.signal.reason;
    });
    const job = await enqueue(queue, { kind: k });
    queue.start();
    await eventually(async () => (await jobRow(db, job.id)).status === 'running', 'running');
    // Another process took the job over (as after a network partition longer than the lease).
    await db
      .update(schema.jobs)
      .set({ lockedBy: 'other-process' })
      .where(eq(schema.jobs.id, job.id));
    await eventually(async () => reason !== undefined, 'lease-lost abort');
    expect((reason as JobStop).cause).toBe('lease-lost');
    await queue.stop();
    expect(await jobRow(db, job.id)).toMatchObject({
      status: 'running',
      lockedBy: 'other-process',
    });
  });

  it.runIf(adapter === 'bullmq')(
    'dispatches a job whose enqueuing process died between commit and dispatch (the outbox)',
    async () => {
      await freshOrg();
      const k = kind();
      const worker = makeQueue();
      worker.handle(k, async () => {});
      worker.start();
      // Committed by a process that never got to dispatch it: only the sweep can find it.
      const job = await new JobsRepository(db).insert(db, {
        orgId,
        projectId: null,
        kind: k,
        payload: {},
      });
      // Only the outbox sweep could have sent it. (Its dispatchedAt may stay empty: a job that
      // finished before the dispatcher marked its batch is no longer queued to be marked.)
      await eventually(async () => (await jobRow(db, job.id)).status === 'succeeded', 'the job');
    },
  );

  it.runIf(adapter === 'bullmq')(
    'sends a platform job dispatched to the compute queue (before lanes existed) to its lane',
    async () => {
      await freshOrg();
      const alert = kind();
      const worker = makeQueue();
      worker.handle(kind(), async () => {});
      worker.handle(alert, async () => {}, { lane: 'platform' });
      const job = await new JobsRepository(db).insert(db, {
        orgId,
        projectId: null,
        kind: alert,
        payload: {},
      });
      await new JobsRepository(db).markDispatched([job.id]);
      const compute = new Queue('jobs', { connection: { url: redisUrl! }, prefix });
      await compute.add(alert, { jobId: job.id });
      await compute.close();
      worker.start();
      await eventually(async () => (await jobRow(db, job.id)).status === 'succeeded', 'the job');
    },
  );

  it('puts jobs stopped by a shutdown back in the queue without using up an attempt', async () => {
    await freshOrg();
    const k = kind();
    const queue = makeQueue();
    queue.handle(k, async (_job, ctx) => {
      await aborted(ctx.signal);
      throw ctx.signal.reason;
    });
    const job = await enqueue(queue, { kind: k });
    queue.start();
    await eventually(async () => (await jobRow(db, job.id)).status === 'running', 'running');
    await queue.stop();
    expect(await jobRow(db, job.id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      lockedBy: null,
    });
    await new JobsRepository(db).cancel(job.id); // leave nothing runnable behind
  });
});

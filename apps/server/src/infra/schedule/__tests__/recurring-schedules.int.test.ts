import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Db } from '@aistudio/db';
import { EmbeddedJobQueue } from '../../queue/embedded-job-queue.js';
import type { JobQueue } from '../../queue/job-queue.js';
import {
  createOrg,
  eventually,
  openQueueDatabase,
} from '../../queue/__tests__/support/queue-fixture.js';
import { RecurringSchedules } from '../recurring-schedules.js';

describe('recurring schedules', () => {
  let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
  let db: Db;
  let orgId: string;
  const running: { stop(): Promise<void> }[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    fixture = await openQueueDatabase();
    db = fixture.db;
    orgId = await createOrg(db, 'Schedules test org');
  });
  afterAll(() => fixture.close());
  afterEach(async () => {
    for (const thing of running.splice(0).reverse()) await thing.stop();
    expect(errors).toEqual([]);
  });

  // One "replica": its own connection pool (on PostgreSQL), job queue and ticker.
  async function replica(tickMs = 50): Promise<{ queue: JobQueue; schedules: RecurringSchedules }> {
    const on = await fixture.secondConnection();
    const onError = (error: unknown) => errors.push(error);
    const queue = new EmbeddedJobQueue(on, {
      concurrency: 2,
      orgConcurrency: 10,
      leaseMs: 30_000,
      backoffBaseMs: 20,
      runHandlers: true,
      recoverRunning: false,
      pollMs: 50,
      onError,
    });
    const schedules = new RecurringSchedules(on, queue, { tickMs, onError });
    running.push(queue, schedules);
    return { queue, schedules };
  }

  const kind = () => `test.schedule.${randomUUID().slice(0, 8)}`;

  async function jobsOf(scheduleId: string) {
    const j = schema.jobs;
    return db
      .select()
      .from(j)
      .where(and(eq(j.targetType, 'schedule'), eq(j.targetId, scheduleId)))
      .orderBy(asc(j.createdAt));
  }

  it('enqueues a due schedule once however many replicas tick at the same moment', async () => {
    const a = await replica();
    const b = await replica();
    const row = await a.schedules.upsert(`once-${randomUUID()}`, {
      orgId,
      projectId: null,
      kind: kind(),
      payload: { n: 1 },
      everyMs: 60_000,
    });
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).schedules.tick()));
    const jobs = await jobsOf(row.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toEqual({ n: 1 });
    // Not due again before its interval has passed.
    expect(await a.schedules.tick()).toBe(0);
    expect(await b.schedules.tick()).toBe(0);
  });

  it('fires once per interval with two replicas running their tickers and handlers', async () => {
    const k = kind();
    const everyMs = 300;
    const handled: string[] = [];
    const replicas = [await replica(), await replica()];
    for (const { queue } of replicas) {
      queue.handle(k, async (job) => {
        handled.push(job.id);
      });
      queue.start();
    }
    const row = await replicas[0]!.schedules.upsert(`cadence-${randomUUID()}`, {
      orgId,
      projectId: null,
      kind: k,
      payload: {},
      everyMs,
    });
    for (const { schedules } of replicas) schedules.start();
    await eventually(async () => handled.length >= 4, 'four firings', 20_000);
    await replicas[0]!.schedules.remove(row.key);
    for (const { schedules } of replicas) await schedules.stop();
    for (const { queue } of replicas) await queue.idle();

    const jobs = await jobsOf(row.id);
    expect(new Set(handled).size).toBe(handled.length);
    expect(handled.length).toBe(jobs.length);
    // The claim moves the due time to the claiming transaction's now() + interval, and the job is
    // created in that same transaction: consecutive jobs are at least an interval apart.
    for (let i = 1; i < jobs.length; i++) {
      const gap = jobs[i]!.createdAt.getTime() - jobs[i - 1]!.createdAt.getTime();
      expect(gap).toBeGreaterThanOrEqual(everyMs);
    }
  });

  it('does not pile up jobs while the previous firing still waits for a worker', async () => {
    const { schedules } = await replica();
    const row = await schedules.upsert(`pile-${randomUUID()}`, {
      orgId,
      projectId: null,
      kind: kind(), // no process handles this kind
      payload: {},
      everyMs: 1000,
    });
    expect(await schedules.tick()).toBe(1);
    await db
      .update(schema.schedules)
      .set({ nextRunAt: sql`now() - interval '1 second'` })
      .where(eq(schema.schedules.id, row.id));
    expect(await schedules.tick()).toBe(0);
    expect(await jobsOf(row.id)).toHaveLength(1);
  });

  it('replaces a schedule by key and stops firing once removed', async () => {
    const { schedules } = await replica();
    const key = `replace-${randomUUID()}`;
    const first = await schedules.upsert(key, {
      orgId,
      projectId: null,
      kind: kind(),
      payload: { v: 1 },
      everyMs: 3_600_000,
    });
    const second = await schedules.upsert(key, {
      orgId,
      projectId: null,
      kind: first.kind,
      payload: { v: 2 },
      everyMs: 60_000,
    });
    expect(second.id).toBe(first.id);
    expect(second.payload).toEqual({ v: 2 });
    expect(second.intervalMs).toBe(60_000);
    expect(await schedules.remove(key)).toBe(true);
    expect(await schedules.tick()).toBe(0);
    expect(await jobsOf(first.id)).toHaveLength(0);
    expect(await schedules.remove(key)).toBe(false);
  });

  it('refuses an interval that is not a positive whole number of milliseconds', async () => {
    const { schedules } = await replica();
    expect(() =>
      schedules.upsert('bad', { orgId, projectId: null, kind: 'x', payload: {}, everyMs: 0 }),
    ).toThrow(/everyMs/);
  });
});

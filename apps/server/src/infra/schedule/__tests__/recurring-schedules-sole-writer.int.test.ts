import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema, type Db } from '@aistudio/db';
import { EmbeddedJobQueue } from '../../queue/embedded-job-queue.js';
import {
  createOrg,
  eventually,
  openQueueDatabase,
} from '../../queue/__tests__/support/queue-fixture.js';
import { RecurringSchedules } from '../recurring-schedules.js';
import { SchedulesRepository } from '../schedules.repository.js';

// Longer than any wait below: whatever fires here was due, not found by the safety tick.
const MAX_SLEEP_MS = 120_000;
const IDLE_WATCH_MS = 2500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The only-writer mode is PGlite's (one process owns the database).
describe.skipIf(process.env.AISTUDIO_TEST_DB === 'postgres')(
  'recurring schedules of the database only writer',
  () => {
    let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
    let db: Db;
    let orgId: string;
    const running: { stop(): Promise<void> }[] = [];
    const errors: unknown[] = [];

    beforeAll(async () => {
      fixture = await openQueueDatabase();
      db = fixture.db;
      orgId = await createOrg(db, 'Sole writer schedules org');
    });
    afterAll(() => fixture.close());
    afterEach(async () => {
      for (const thing of running.splice(0).reverse()) await thing.stop();
      vi.restoreAllMocks();
      expect(errors).toEqual([]);
    });

    function start(kind: string, onRun: () => void) {
      const onError = (error: unknown) => errors.push(error);
      const queue = new EmbeddedJobQueue(db, {
        concurrency: 2,
        orgConcurrency: 10,
        leaseMs: 30_000,
        backoffBaseMs: 20,
        runHandlers: true,
        recoverRunning: true,
        soleWriter: true,
        pollMs: MAX_SLEEP_MS,
        onError,
      });
      queue.handle(kind, async () => onRun());
      // tickMs would poll: an only writer must not use it.
      const schedules = new RecurringSchedules(db, queue, {
        tickMs: 50,
        soleWriterMaxSleepMs: MAX_SLEEP_MS,
        onError,
      });
      running.push(queue, schedules);
      queue.start();
      schedules.start();
      return schedules;
    }

    const kind = () => `test.sole.${randomUUID().slice(0, 8)}`;

    async function jobCount(scheduleId: string) {
      const j = schema.jobs;
      const rows = await db
        .select({ id: j.id })
        .from(j)
        .where(and(eq(j.targetType, 'schedule'), eq(j.targetId, scheduleId)));
      return rows.length;
    }

    it('makes no query while no schedule is due', async () => {
      const claims = vi.spyOn(SchedulesRepository.prototype, 'claimDue');
      const looks = vi.spyOn(SchedulesRepository.prototype, 'msUntilNextDue');
      start(kind(), () => {});
      await eventually(async () => looks.mock.calls.length > 0, 'the first look');
      claims.mockClear();
      looks.mockClear();
      await sleep(IDLE_WATCH_MS);
      expect(claims.mock.calls.length + looks.mock.calls.length).toBe(0);
    });

    it('fires a schedule created in a transaction, again when next due, and not once removed', async () => {
      let runs = 0;
      const jobKind = kind();
      const schedules = start(jobKind, () => (runs += 1));
      const key = `sole-${randomUUID()}`;
      const spec = { orgId, projectId: null, kind: jobKind, payload: {}, everyMs: 300 };
      const schedule = await db.transaction((tx) => schedules.upsert(key, spec, tx));
      await eventually(async () => runs >= 2, 'two firings');
      expect(await schedules.remove(key)).toBe(true);
      // A tick racing the removal committed before it: the count is final from here.
      const fired = await jobCount(schedule.id);
      await sleep(IDLE_WATCH_MS);
      expect(await jobCount(schedule.id)).toBe(fired);
    });

    it('does not fire a schedule whose creating transaction rolled back', async () => {
      let runs = 0;
      const jobKind = kind();
      const schedules = start(jobKind, () => (runs += 1));
      const key = `rolled-back-${randomUUID()}`;
      const spec = { orgId, projectId: null, kind: jobKind, payload: {}, everyMs: 300 };
      const rolledBack = db.transaction(async (tx) => {
        await schedules.upsert(key, spec, tx);
        throw new Error('roll back');
      });
      await expect(rolledBack).rejects.toThrow('roll back');
      expect(await schedules.find(key)).toBeUndefined();
      await sleep(IDLE_WATCH_MS);
      expect(runs).toBe(0);
    });
  },
);

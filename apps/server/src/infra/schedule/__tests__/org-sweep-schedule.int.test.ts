import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Db } from '@aistudio/db';
import { EmbeddedJobQueue } from '../../queue/embedded-job-queue.js';
import {
  createOrg,
  eventually,
  gate,
  openQueueDatabase,
} from '../../queue/__tests__/support/queue-fixture.js';
import { OrgSweepSchedule } from '../org-sweep-schedule.js';
import { RecurringSchedules } from '../recurring-schedules.js';

// Two transactions interleave only on PostgreSQL; PGlite is one connection.
const onPostgres = process.env.AISTUDIO_TEST_DB === 'postgres';
const WORK = 'test.sweep-work';

describe('org sweep schedules', () => {
  let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
  let db: Db;
  let queue: EmbeddedJobQueue;
  let sweep: OrgSweepSchedule;

  beforeAll(async () => {
    fixture = await openQueueDatabase();
    db = fixture.db;
    const onError = (error: unknown) => {
      throw error;
    };
    // Never started: the work it enqueues stays queued, which is what the sweep counts.
    queue = new EmbeddedJobQueue(db, {
      concurrency: 1,
      orgConcurrency: 1,
      leaseMs: 30_000,
      backoffBaseMs: 20,
      runHandlers: false,
      recoverRunning: false,
      pollMs: 50,
      onError,
    });
    const schedules = new RecurringSchedules(db, queue, { tickMs: 60_000, onError });
    sweep = new OrgSweepSchedule(schedules, 'test.sweep', 'test:sweep', 60_000);
  });
  afterAll(() => fixture.close());

  /** Adds work for the org's sweep and ensures its schedule, in one transaction, as a feature does. */
  const addWork = (tx: Db, orgId: string) =>
    queue.enqueue(tx, { orgId, projectId: null, kind: WORK, payload: {} });
  const workOf = async (tx: Db, orgId: string) => {
    const j = schema.jobs;
    const [row] = await tx
      .select({ n: count() })
      .from(j)
      .where(and(eq(j.orgId, orgId), eq(j.kind, WORK)));
    return row?.n ?? 0;
  };
  const scheduleOf = async (orgId: string) => {
    const [row] = await db
      .select()
      .from(schema.schedules)
      .where(eq(schema.schedules.key, sweep.key(orgId)));
    return row;
  };
  /** Resolves once some session of this database waits for a row lock. */
  const someoneWaitsForALock = () =>
    eventually(async () => {
      const result = await db.execute(
        sql`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return (result as unknown as { rows: { n: number }[] }).rows[0]!.n > 0;
    }, 'a transaction to wait for the schedule row lock');

  it('ends the schedule when no work is left, and keeps it while some is', async () => {
    const orgId = await createOrg(db, 'Sweep idle org');
    await db.transaction(async (tx) => {
      await addWork(tx, orgId);
      await sweep.ensure(tx, orgId);
    });
    expect(await sweep.endIfIdle(orgId, (tx) => workOf(tx, orgId))).toBe(false);
    expect(await scheduleOf(orgId)).toBeDefined();
    expect(await sweep.endIfIdle(orgId, async () => 0)).toBe(true);
    expect(await scheduleOf(orgId)).toBeUndefined();
    expect(await sweep.endIfIdle(orgId, async () => 0)).toBe(false);
  });

  it.skipIf(!onPostgres)(
    'work committed while the sweep waits for the schedule lock keeps the schedule',
    async () => {
      const orgId = await createOrg(db, 'Sweep race org A');
      await sweep.ensure(db, orgId);
      const other = await fixture.secondConnection();
      const ensured = gate();
      const commit = gate();
      const adding = other.transaction(async (tx) => {
        await addWork(tx, orgId);
        await sweep.ensure(tx, orgId);
        ensured.open();
        await commit.promise;
      });
      await ensured.promise;
      const ending = sweep.endIfIdle(orgId, (tx) => workOf(tx, orgId));
      await someoneWaitsForALock();
      commit.open();
      await adding;
      expect(await ending).toBe(false);
      expect(await scheduleOf(orgId)).toBeDefined();
    },
  );

  it.skipIf(!onPostgres)(
    'an ensure arriving while the sweep holds the lock waits, then creates the schedule again',
    async () => {
      const orgId = await createOrg(db, 'Sweep race org B');
      await sweep.ensure(db, orgId);
      const other = await fixture.secondConnection();
      const counted = gate();
      const decide = gate();
      const ending = sweep.endIfIdle(orgId, async (tx) => {
        const n = await workOf(tx, orgId);
        counted.open();
        await decide.promise;
        return n;
      });
      await counted.promise;
      const adding = other.transaction(async (tx) => {
        await addWork(tx, orgId);
        await sweep.ensure(tx, orgId);
      });
      await someoneWaitsForALock();
      decide.open();
      expect(await ending).toBe(true);
      await adding;
      expect(await scheduleOf(orgId)).toBeDefined();
      expect(await workOf(db, orgId)).toBe(1);
    },
  );
});

import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type ScheduleRow = typeof schema.schedules.$inferSelect;
export type NewSchedule = Pick<
  typeof schema.schedules.$inferInsert,
  'key' | 'orgId' | 'projectId' | 'kind' | 'payload' | 'intervalMs'
>;

const s = schema.schedules;
const j = schema.jobs;
const every = (ms: unknown) => sql`${ms} * interval '1 millisecond'`;

/** All SQL of recurring schedules. */
export class SchedulesRepository {
  constructor(private readonly db: Db) {}

  /** Creates or replaces by key; a shorter interval pulls the next run in, a longer one waits it out. */
  async upsert(values: NewSchedule): Promise<ScheduleRow> {
    const [row] = await this.db
      .insert(s)
      .values(values)
      .onConflictDoUpdate({
        target: s.key,
        set: {
          orgId: sql`excluded.org_id`,
          projectId: sql`excluded.project_id`,
          kind: sql`excluded.kind`,
          payload: sql`excluded.payload`,
          intervalMs: sql`excluded.interval_ms`,
          enabled: true,
          nextRunAt: sql`least(${s.nextRunAt}, now() + ${every(sql`excluded.interval_ms`)})`,
          updatedAt: sql`now()`,
        },
      })
      .returning();
    return row!;
  }

  async remove(key: string): Promise<boolean> {
    const rows = await this.db.delete(s).where(eq(s.key, key)).returning({ id: s.id });
    return rows.length > 0;
  }

  /** Locks the schedule's row until the transaction ends; false when there is none. */
  async lockByKey(key: string): Promise<boolean> {
    const rows = await this.db.select({ id: s.id }).from(s).where(eq(s.key, key)).for('update');
    return rows.length > 0;
  }

  async findByKey(key: string): Promise<ScheduleRow | undefined> {
    const [row] = await this.db.select().from(s).where(eq(s.key, key));
    return row;
  }

  /**
   * Locks due schedules no other process holds and moves each to its next due time; the caller
   * enqueues in the same transaction, so a due time yields one job however many processes tick.
   */
  async claimDue(limit: number): Promise<ScheduleRow[]> {
    const due = await this.db
      .select({ id: s.id })
      .from(s)
      .where(and(eq(s.enabled, true), lte(s.nextRunAt, sql`now()`)))
      .orderBy(asc(s.nextRunAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    // From now, not from the due time: two firings are never less than an interval apart.
    return this.db
      .update(s)
      .set({ nextRunAt: sql`now() + ${every(s.intervalMs)}` })
      .where(
        inArray(
          s.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
  }

  /** Milliseconds until the next enabled schedule is due (negative when overdue); null when none. */
  async msUntilNextDue(): Promise<number | null> {
    const [row] = await this.db
      .select({
        ms: sql<string | number | null>`extract(epoch from min(${s.nextRunAt}) - now()) * 1000`,
      })
      .from(s)
      .where(eq(s.enabled, true));
    return row?.ms == null ? null : Number(row.ms);
  }

  /** True while an earlier firing of the schedule still waits to run (no pile-up without workers). */
  async hasQueuedJob(scheduleId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: j.id })
      .from(j)
      .where(and(eq(j.targetType, 'schedule'), eq(j.targetId, scheduleId), eq(j.status, 'queued')))
      .limit(1);
    return row !== undefined;
  }
}

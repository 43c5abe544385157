import type { Db } from '@aistudio/db';
import type { JobQueue } from '../queue/job-queue.js';
import { WakeTimer } from '../queue/wake-timer.js';
import { SchedulesRepository, type ScheduleRow } from './schedules.repository.js';

/** What a schedule enqueues, for whom, and how often. */
export interface ScheduleSpec {
  readonly orgId: string;
  readonly projectId: string | null;
  /** The job kind; a process with its handler runs it. */
  readonly kind: string;
  readonly payload: Record<string, unknown>;
  readonly everyMs: number;
}

export interface RecurringSchedulesOptions {
  /** How often this process looks for due schedules (unless it is the only writer). */
  readonly tickMs: number;
  /** The only writer ticks when the next schedule is due, and at least this often; default 5 s. */
  readonly soleWriterMaxSleepMs?: number;
  /** Due schedules claimed per look. */
  readonly batchSize?: number;
  readonly onError: (error: unknown) => void;
}

/**
 * Recurring jobs: `upsert(key, …)` once, and the job of that kind is enqueued every `everyMs`.
 * Every process running jobs ticks; due rows are claimed with SKIP LOCKED and moved on in the
 * transaction that enqueues, so with many replicas a schedule still fires once per interval.
 * The database's only writer (the queue's `soleWriter`) does not poll: it ticks when the next
 * schedule is due, and looks again whenever a schedule is created or removed.
 */
export class RecurringSchedules {
  #timer: NodeJS.Timeout | null = null;
  #ticking: Promise<number> | null = null;
  readonly #nextDue: WakeTimer;
  #sleeping = false;
  #rearming: Promise<void> | null = null;
  #rearmWanted = false;

  constructor(
    private readonly db: Db,
    private readonly queue: JobQueue,
    private readonly options: RecurringSchedulesOptions,
  ) {
    // Short enough that a due time changed by hand in the database (psql, a test) is seen soon.
    this.#nextDue = new WakeTimer(options.soleWriterMaxSleepMs ?? 5000, () => this.#rearm());
  }

  /** Creates or replaces the schedule `key`; pass `tx` to commit it with the work it belongs to. */
  upsert(key: string, spec: ScheduleSpec, tx: Db = this.db): Promise<ScheduleRow> {
    if (!Number.isInteger(spec.everyMs) || spec.everyMs <= 0) {
      throw new RangeError(`everyMs must be a positive integer, got ${spec.everyMs}`);
    }
    const upserted = new SchedulesRepository(tx).upsert({
      key,
      orgId: spec.orgId,
      projectId: spec.projectId,
      kind: spec.kind,
      payload: spec.payload,
      intervalMs: spec.everyMs,
    });
    return this.#rearmAfter(upserted);
  }

  /** Stops the schedule; false when there was none. Jobs already enqueued still run. */
  remove(key: string, tx: Db = this.db): Promise<boolean> {
    return this.#rearmAfter(new SchedulesRepository(tx).remove(key));
  }

  /**
   * Removes the schedule `key` unless `busy(tx)` finds work left, deciding under the schedule's row
   * lock: an `upsert` racing it either waits, then creates the row again, or commits first, and
   * then `busy` (a fresh statement after the lock) sees the work it committed with. False when kept.
   * In the caller's transaction `tx` when given (the row lock then lasts until it commits).
   */
  removeUnless(key: string, busy: (tx: Db) => Promise<boolean>, tx?: Db): Promise<boolean> {
    const decide = async (tx: Db) => {
      const repo = new SchedulesRepository(tx);
      if (!(await repo.lockByKey(key))) return false;
      if (await busy(tx)) return false;
      return repo.remove(key);
    };
    return this.#rearmAfter(tx ? decide(tx) : this.db.transaction(decide));
  }

  find(key: string): Promise<ScheduleRow | undefined> {
    return new SchedulesRepository(this.db).findByKey(key);
  }

  start(): void {
    if (this.#timer || this.#sleeping) return;
    if (this.queue.soleWriter) {
      this.#sleeping = true;
      this.#rearm();
      return;
    }
    this.#timer = setInterval(
      () => void this.tick().catch(this.options.onError),
      this.options.tickMs,
    );
    this.#timer.unref();
    void this.tick().catch(this.options.onError);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#sleeping = false;
    this.#nextDue.clear();
    await this.#rearming;
    await this.#ticking?.catch(() => {});
  }

  // Rearms once the statement settles: in the caller's transaction the rearm's own statements
  // wait until it ends (PGlite is one connection), so they see it committed or rolled back.
  async #rearmAfter<T>(change: Promise<T>): Promise<T> {
    try {
      return await change;
    } finally {
      this.#rearm();
    }
  }

  // Ticks, then sleeps until the next due schedule; a call while one runs makes it go round again,
  // so the timer always reflects the latest change.
  #rearm(): void {
    if (!this.#sleeping) return;
    this.#rearmWanted = true;
    this.#rearming ??= this.#tickAndSleep().finally(() => (this.#rearming = null));
  }

  async #tickAndSleep(): Promise<void> {
    while (this.#rearmWanted && this.#sleeping) {
      this.#rearmWanted = false;
      let ms: number | null = null;
      try {
        await this.tick();
        ms = await new SchedulesRepository(this.db).msUntilNextDue();
      } catch (error) {
        this.options.onError(error); // and try again after the longest sleep
      }
      if (this.#sleeping) this.#nextDue.armIn(ms);
    }
  }

  /** Enqueues the jobs of every due schedule; returns how many it enqueued. One tick at a time. */
  tick(): Promise<number> {
    this.#ticking ??= this.#enqueueDue().finally(() => (this.#ticking = null));
    return this.#ticking;
  }

  async #enqueueDue(): Promise<number> {
    const enqueued = await this.db.transaction(async (tx) => {
      const repo = new SchedulesRepository(tx);
      let count = 0;
      for (const schedule of await repo.claimDue(this.options.batchSize ?? 100)) {
        if (await repo.hasQueuedJob(schedule.id)) continue;
        await this.queue.enqueue(tx, {
          orgId: schedule.orgId,
          projectId: schedule.projectId,
          kind: schedule.kind,
          payload: schedule.payload,
          targetType: 'schedule',
          targetId: schedule.id,
        });
        count += 1;
      }
      return count;
    });
    if (enqueued > 0) this.queue.wake();
    return enqueued;
  }
}

import { z } from 'zod';
import type { Db } from '@aistudio/db';
import type { RecurringSchedules } from './recurring-schedules.js';

/** What an org sweep's job receives. */
export const OrgSweepPayload = z.object({ v: z.literal(1), orgId: z.uuid() });

/**
 * A recurring job per org that exists only while the org has work for it: whatever adds work
 * `ensure`s the schedule in the transaction adding it, and the sweep that leaves none `endIfIdle`s.
 */
export class OrgSweepSchedule {
  constructor(
    private readonly schedules: RecurringSchedules,
    private readonly kind: string,
    private readonly keyPrefix: string,
    private readonly everyMs: number,
  ) {}

  /** An upsert: it waits for a concurrent `endIfIdle` holding the row and then creates it again. */
  ensure(tx: Db, orgId: string) {
    const payload: z.infer<typeof OrgSweepPayload> = { v: 1, orgId };
    return this.schedules.upsert(
      this.key(orgId),
      { orgId, projectId: null, kind: this.kind, payload, everyMs: this.everyMs },
      tx,
    );
  }

  /** Ends the org's schedule unless `remaining` counts work; true when it ended. */
  endIfIdle(orgId: string, remaining: (tx: Db) => Promise<number>): Promise<boolean> {
    return this.schedules.removeUnless(this.key(orgId), async (tx) => (await remaining(tx)) > 0);
  }

  key(orgId: string): string {
    return `${this.keyPrefix}:${orgId}`;
  }
}

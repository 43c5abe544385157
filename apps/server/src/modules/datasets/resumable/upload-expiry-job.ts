import { z } from 'zod';
import type { Db } from '@aistudio/db';
import type { JobHandler } from '../../../infra/queue/job-queue.js';
import type { RecurringSchedules } from '../../../infra/schedule/recurring-schedules.js';

export const UPLOAD_EXPIRY_JOB = 'upload.expire';
/** How often an org with resumable uploads has its expired ones swept. */
export const UPLOAD_EXPIRY_SWEEP_MS = 15 * 60 * 1000;

const UploadExpiryPayload = z.object({ v: z.literal(1), orgId: z.uuid() });

/** One recurring sweep per org with resumable uploads, ended by the sweep that finds none left. */
export class UploadExpirySchedule {
  constructor(
    private readonly schedules: RecurringSchedules,
    private readonly everyMs: number,
  ) {}

  ensure(tx: Db, orgId: string) {
    const payload: z.infer<typeof UploadExpiryPayload> = { v: 1, orgId };
    return this.schedules.upsert(
      scheduleKey(orgId),
      { orgId, projectId: null, kind: UPLOAD_EXPIRY_JOB, payload, everyMs: this.everyMs },
      tx,
    );
  }

  drop(orgId: string) {
    return this.schedules.remove(scheduleKey(orgId));
  }
}

export const scheduleKey = (orgId: string) => `uploads:expire:${orgId}`;

/** The uploads service as the job sees it (structural, so the service may import this file). */
interface UploadExpirer {
  expire(orgId: string): Promise<{ expired: number; remaining: number }>;
}

export function uploadExpiryHandler(
  uploads: UploadExpirer,
  schedule: UploadExpirySchedule,
): JobHandler {
  return async (job, ctx) => {
    const { orgId } = UploadExpiryPayload.parse(job.payload);
    const { expired, remaining } = await uploads.expire(orgId);
    if (expired > 0) ctx.log(`freed the storage of ${expired} expired upload(s)`);
    // A new upload re-creates the schedule in its own transaction.
    if (remaining === 0) await schedule.drop(orgId);
  };
}

import type { JobHandler } from '../../../infra/queue/job-queue.js';
import { OrgSweepPayload, OrgSweepSchedule } from '../../../infra/schedule/org-sweep-schedule.js';
import type { RecurringSchedules } from '../../../infra/schedule/recurring-schedules.js';
import { UploadSessionsRepository } from './upload-sessions.repository.js';

export const UPLOAD_EXPIRY_JOB = 'upload.expire';
/** How often an org with resumable uploads has its expired ones swept. */
export const UPLOAD_EXPIRY_SWEEP_MS = 15 * 60 * 1000;

/** One recurring sweep per org with resumable uploads, ended by the sweep that finds none left. */
export class UploadExpirySchedule extends OrgSweepSchedule {
  constructor(schedules: RecurringSchedules, everyMs: number) {
    super(schedules, UPLOAD_EXPIRY_JOB, 'uploads:expire', everyMs);
  }
}

/** The uploads service as the job sees it (structural, so the service may import this file). */
interface UploadExpirer {
  expire(orgId: string): Promise<{ expired: number; remaining: number }>;
}

export function uploadExpiryHandler(
  uploads: UploadExpirer,
  schedule: UploadExpirySchedule,
): JobHandler {
  return async (job, ctx) => {
    const { orgId } = OrgSweepPayload.parse(job.payload);
    const { expired, remaining } = await uploads.expire(orgId);
    if (expired > 0) ctx.log(`freed the storage of ${expired} expired upload(s)`);
    // Counted again under the schedule's lock: an upload started since keeps it.
    if (remaining === 0) {
      await schedule.endIfIdle(orgId, (tx) => new UploadSessionsRepository(tx).countForOrg(orgId));
    }
  };
}

import { AlertEvaluationPayload, AlertNotificationPayload } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { JobHandler, JobQueue } from '../../infra/queue/job-queue.js';
import type { RecurringSchedules } from '../../infra/schedule/recurring-schedules.js';
import type { AlertNotifier } from './alert-notifier.js';

export const ALERT_EVALUATION_JOB = 'alert.evaluate';
export const ALERT_NOTIFICATION_JOB = 'alert.notify';

/** One recurring evaluation per project with rules, kept in step with its rules' lifetime. */
export class AlertEvaluationSchedule {
  constructor(
    private readonly schedules: RecurringSchedules,
    private readonly everyMs: number,
  ) {}

  ensure(tx: Db, orgId: string, projectId: string) {
    const payload: AlertEvaluationPayload = { v: 1, projectId };
    return this.schedules.upsert(
      scheduleKey(projectId),
      { orgId, projectId, kind: ALERT_EVALUATION_JOB, payload, everyMs: this.everyMs },
      tx,
    );
  }

  /** Ends the project's evaluation unless `hasRules` (asked under the schedule's row lock). */
  dropUnless(tx: Db, projectId: string, hasRules: (tx: Db) => Promise<boolean>) {
    return this.schedules.removeUnless(scheduleKey(projectId), hasRules, tx);
  }
}

export const scheduleKey = (projectId: string) => `alerts:evaluate:${projectId}`;

/** The evaluator as the job sees it (structural, so the evaluator may import this file). */
interface ProjectEvaluator {
  evaluateProject(
    projectId: string,
    warn: (line: string) => void,
  ): Promise<{ transitions: number }>;
}

export function alertEvaluationHandler(evaluator: ProjectEvaluator): JobHandler {
  return async (job, ctx) => {
    const { projectId } = AlertEvaluationPayload.parse(job.payload);
    const outcome = await evaluator.evaluateProject(projectId, (line) => ctx.log(line, 'warn'));
    if (outcome.transitions > 0) ctx.log(`${outcome.transitions} rule(s) changed state`);
  };
}

export function alertNotificationHandler(notifier: AlertNotifier): JobHandler {
  return async (job, ctx) => {
    const { eventId, channelId } = AlertNotificationPayload.parse(job.payload);
    await notifier.deliver(eventId, channelId, (line) => ctx.log(line));
  };
}

/** Enqueues one notification job per channel of a state change, in the change's transaction. */
export async function enqueueNotifications(
  queue: JobQueue,
  tx: Db,
  event: { id: string; orgId: string; projectId: string },
  channelIds: readonly string[],
  maxAttempts: number,
): Promise<void> {
  for (const channelId of channelIds) {
    const payload: AlertNotificationPayload = { v: 1, eventId: event.id, channelId };
    await queue.enqueue(tx, {
      orgId: event.orgId,
      projectId: event.projectId,
      kind: ALERT_NOTIFICATION_JOB,
      payload,
      targetType: 'alert_event',
      targetId: event.id,
      maxAttempts,
      // Ahead of the org's queued trainings: a notification takes a moment and is time-critical.
      priority: 10,
    });
  }
}

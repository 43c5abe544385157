import type { AlertCondition } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import { enqueueNotifications, scheduleKey } from './alert-evaluation-job.js';
import type { AlertMetricSource } from './alert-metric-source.js';
import { alertNotification } from './alert-notification.js';
import { conditionHolds, nextAlertState, notifiedAs } from './alert-state.js';
import { describeRule } from './alert-rule-text.js';
import { AlertsRepository, type AlertRuleWithChannels } from './alerts.repository.js';

/** Platform events (`alert.firing`, `alert.resolved`) for webhook subscribers; never throws. */
export interface AlertEventPublisher {
  publish(
    tx: Db,
    event: {
      orgId: string;
      projectId: string;
      type: 'alert.firing' | 'alert.resolved';
      data: Record<string, unknown>;
    },
  ): Promise<void>;
}

/**
 * Evaluates a project's enabled rules against their metric source and records state changes.
 * A change is written only if the state is still the one read (so a job run twice, or two
 * evaluations at once, notify once); notifications are jobs enqueued with the change.
 */
export class AlertEvaluator {
  constructor(
    private readonly db: Db,
    private readonly source: AlertMetricSource,
    private readonly queue: JobQueue,
    private readonly events: AlertEventPublisher | null,
    private readonly notificationAttempts: number,
  ) {}

  async evaluateProject(
    projectId: string,
    warn: (line: string) => void = () => {},
  ): Promise<{ evaluated: number; transitions: number }> {
    const rules = await new AlertsRepository(this.db).findEnabledRules(projectId);
    // Rules deleted with their deployment leave the project's schedule behind: end it here.
    if (rules.length === 0) {
      await new AlertsRepository(this.db).dropScheduleWithoutRules(
        scheduleKey(projectId),
        projectId,
      );
    }
    let transitions = 0;
    for (const rule of rules) {
      // One rule's broken source must not keep the project's other rules from being evaluated.
      const value = await this.source
        .value({
          deploymentId: rule.deploymentId,
          metric: rule.metric as Parameters<AlertMetricSource['value']>[0]['metric'],
          feature: rule.feature,
          windowMinutes: rule.windowMinutes,
        })
        .catch((error: unknown) => {
          warn(`rule "${rule.name}": ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
      if (value === undefined) continue;
      if (await this.#record(rule, value)) transitions += 1;
    }
    if (transitions > 0) this.queue.wake();
    return { evaluated: rules.length, transitions };
  }

  async #record(rule: AlertRuleWithChannels, value: number | null): Promise<boolean> {
    const holds = value === null ? null : conditionHolds(value, rule.condition, rule.threshold);
    const to = nextAlertState(rule.state, holds);
    return this.db.transaction(async (tx) => {
      const repo = new AlertsRepository(tx);
      const moved = await repo.recordEvaluation(rule.id, rule.state, to, value);
      if (!moved || to === rule.state) return false;
      const event = await repo.insertEvent({
        orgId: rule.orgId,
        projectId: rule.projectId,
        ruleId: rule.id,
        fromState: rule.state,
        toState: to,
        value,
        threshold: rule.threshold,
        message: stateMessage(rule, to, value),
        triggeredBy: null,
      });
      const type = notifiedAs(rule.state, to);
      if (type) {
        await enqueueNotifications(
          this.queue,
          tx,
          event,
          rule.channelIds,
          this.notificationAttempts,
        );
        await this.events?.publish(tx, {
          orgId: rule.orgId,
          projectId: rule.projectId,
          type,
          data: alertNotification(type, rule, event),
        });
      }
      return true;
    });
  }
}

function stateMessage(
  rule: AlertRuleWithChannels & { condition: AlertCondition },
  to: string,
  value: number | null,
): string {
  const seen = value === null ? 'no data' : `value ${formatValue(value)}`;
  return `${rule.name} is ${to}: ${describeRule(rule)} (${seen})`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

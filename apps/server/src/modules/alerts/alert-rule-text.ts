import { alertWindowOf, describeAlertCondition } from '@aistudio/contracts';

/** "error_rate > 0.05 over 15m", as rules read in summaries and notifications. */
export function describeRule(rule: {
  metric: string;
  feature: string | null;
  condition: string;
  threshold: number;
  windowMinutes: number;
}): string {
  return describeAlertCondition({ ...rule, window: alertWindowOf(rule.windowMinutes) });
}

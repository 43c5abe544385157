import { alertWindowOf } from '@aistudio/contracts';

/** "error_rate > 0.05 over 15m", as rules read in summaries and notifications. */
export function describeRule(rule: {
  metric: string;
  feature: string | null;
  condition: string;
  threshold: number;
  windowMinutes: number;
}): string {
  const metric = rule.feature ? `${rule.metric}(${rule.feature})` : rule.metric;
  return `${metric} ${rule.condition} ${rule.threshold} over ${alertWindowOf(rule.windowMinutes)}`;
}

import {
  ALERT_WINDOW_MINUTES,
  AlertWindow,
  alertWindowMinutes,
  type AlertCondition,
  type AlertEvent,
  type AlertMetric,
  type AlertRule,
  type AlertSeverity,
  type CreateAlertRuleBody,
  type UpdateAlertRuleBody,
} from '@aistudio/contracts';
import type { BadgeVariant } from '../../components/ui/Badge';

/** What the rule form edits: inputs hold text until submitted. */
export interface RuleDraft {
  name: string;
  deploymentId: string;
  metric: AlertMetric;
  feature: string;
  condition: AlertCondition;
  threshold: string;
  window: string;
  severity: AlertSeverity;
  channelIds: string[];
  enabled: boolean;
}

/** The metrics, with how people name them and the unit of their threshold. */
export const METRICS: { value: AlertMetric; label: string; unit: string }[] = [
  { value: 'error_rate', label: 'Error rate', unit: 'ratio 0–1' },
  { value: 'latency_p95', label: 'p95 latency', unit: 'ms' },
  { value: 'drift_share', label: 'Share of drifted features', unit: 'ratio 0–1' },
  { value: 'feature_drift', label: "A feature's drift", unit: '1 drifted, 0 not' },
  { value: 'accuracy', label: 'Accuracy (labelled predictions)', unit: 'ratio 0–1' },
];

export const metricLabel = (metric: AlertMetric) =>
  METRICS.find((m) => m.value === metric)?.label ?? metric;

// Mirrors the server's rule checks so most mistakes show before a round trip; the server still
// decides (and its problems map onto the same fields).
const isRatio = (metric: AlertMetric) => metric !== 'latency_p95';

export function emptyRuleDraft(deploymentId: string): RuleDraft {
  return {
    name: '',
    deploymentId,
    metric: 'error_rate',
    feature: '',
    condition: '>',
    threshold: '0.05',
    window: '15m',
    severity: 'warning',
    channelIds: [],
    enabled: true,
  };
}

export function draftOfRule(rule: AlertRule): RuleDraft {
  return {
    name: rule.name,
    deploymentId: rule.deploymentId,
    metric: rule.metric,
    feature: rule.feature ?? '',
    condition: rule.condition,
    threshold: String(rule.threshold),
    window: rule.window,
    severity: rule.severity,
    channelIds: [...rule.channelIds],
    enabled: rule.enabled,
  };
}

/** Field → message for what the server would refuse; empty when the draft may be sent. */
export function ruleDraftErrors(draft: RuleDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.name.trim()) errors.name = 'Name the rule.';
  if (!draft.deploymentId) errors.deploymentId = 'Choose the deployment to watch.';
  const threshold = Number(draft.threshold);
  if (draft.threshold.trim() === '' || !Number.isFinite(threshold)) {
    errors.threshold = 'Enter a number.';
  } else if (isRatio(draft.metric) && (threshold < 0 || threshold > 1)) {
    errors.threshold = 'This metric is a ratio between 0 and 1: write 5% as 0.05.';
  } else if (threshold < 0) {
    errors.threshold = 'Latency is in milliseconds and cannot be negative.';
  }
  if (!AlertWindow.safeParse(draft.window).success) {
    errors.window = 'Write minutes or hours, such as 15m or 1h.';
  } else {
    const minutes = alertWindowMinutes(draft.window);
    if (minutes < ALERT_WINDOW_MINUTES.min || minutes > ALERT_WINDOW_MINUTES.max) {
      errors.window = 'Choose a window between 5m and 24h.';
    }
  }
  if (draft.metric === 'feature_drift' && !draft.feature.trim()) {
    errors.feature = 'Name the input feature to watch.';
  }
  return errors;
}

/** The body for create (and, all fields being optional there, for update). */
export function ruleBody(draft: RuleDraft): CreateAlertRuleBody {
  return {
    name: draft.name.trim(),
    deploymentId: draft.deploymentId,
    metric: draft.metric,
    feature: draft.metric === 'feature_drift' ? draft.feature.trim() : null,
    condition: draft.condition,
    threshold: Number(draft.threshold),
    window: draft.window.trim(),
    severity: draft.severity,
    channelIds: draft.channelIds,
    enabled: draft.enabled,
  };
}

/**
 * Only what the edit changed: the server starts a rule's state over when the condition's fields are
 * sent at all, so a rename must not send them.
 */
export function ruleChanges(rule: AlertRule, draft: RuleDraft): UpdateAlertRuleBody {
  const next = ruleBody(draft);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof CreateAlertRuleBody)[]) {
    const before = key === 'channelIds' ? [...rule.channelIds].sort() : rule[key];
    const after = key === 'channelIds' ? [...next.channelIds].sort() : next[key];
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) changes[key] = next[key];
  }
  return changes as UpdateAlertRuleBody;
}

/** Server field names such as `channelIds[1]` read on the field that holds them. */
export function ruleFieldOf(field: string): string {
  return field.replace(/\[\d+\]$/, '');
}

/** How a rule's state reads in the list; a disabled rule says so whatever its last state. */
export function ruleStateBadge(rule: Pick<AlertRule, 'state' | 'enabled'>): {
  label: string;
  variant: BadgeVariant;
} {
  if (!rule.enabled) return { label: 'disabled', variant: 'default' };
  switch (rule.state) {
    case 'firing':
      return { label: 'firing', variant: 'red' };
    case 'resolved':
      return { label: 'resolved', variant: 'green' };
    case 'ok':
      return { label: 'ok', variant: 'green' };
    case 'no_data':
      return { label: 'no data', variant: 'default' };
  }
}

export const SEVERITY_VARIANT: Record<AlertSeverity, BadgeVariant> = {
  info: 'blue',
  warning: 'amber',
  critical: 'red',
};

/** "ok → firing at 0.42 (threshold 0.3)" for the history list. */
export function describeTransition(event: AlertEvent): string {
  const from = event.fromState.replace('_', ' ');
  const to = event.toState.replace('_', ' ');
  const value = event.value === null ? 'no data' : String(Number(event.value.toPrecision(4)));
  return `${from} → ${to} at ${value} (threshold ${event.threshold})`;
}

/** Who caused a change: the evaluator, or the member who edited the rule. */
export function changedBy(event: AlertEvent, names: ReadonlyMap<string, string>): string {
  if (event.triggeredBy === null) return 'evaluator';
  return names.get(event.triggeredBy) ?? 'a member';
}

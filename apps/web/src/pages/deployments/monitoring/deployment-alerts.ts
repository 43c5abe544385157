import type { AlertRule, AlertSeverity } from '@aistudio/contracts';

const SEVERITY_ORDER: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** The rules watching one deployment: those firing (most severe, then longest firing, first). */
export function firingAlertsOf(rules: readonly AlertRule[], deploymentId: string): AlertRule[] {
  return rules
    .filter((rule) => rule.deploymentId === deploymentId && rule.enabled && rule.state === 'firing')
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        Date.parse(a.stateChangedAt ?? a.createdAt) - Date.parse(b.stateChangedAt ?? b.createdAt),
    );
}

/** How many rules watch the deployment at all, for "n rules, none firing". */
export function watchingRuleCount(rules: readonly AlertRule[], deploymentId: string): number {
  return rules.filter((rule) => rule.deploymentId === deploymentId && rule.enabled).length;
}

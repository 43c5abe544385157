import type { AlertRule } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { firingAlertsOf, watchingRuleCount } from './deployment-alerts';

function rule(overrides: Partial<AlertRule>): AlertRule {
  return {
    id: 'r',
    projectId: 'p',
    deploymentId: 'd1',
    name: 'drift',
    metric: 'drift_share',
    feature: null,
    condition: '>=',
    threshold: 0.5,
    window: '1h',
    severity: 'warning',
    channelIds: [],
    enabled: true,
    state: 'firing',
    lastValue: 0.75,
    lastEvaluatedAt: '2026-12-03T10:00:00Z',
    stateChangedAt: '2026-12-03T10:00:00Z',
    createdBy: null,
    createdAt: '2026-12-03T09:00:00Z',
    updatedAt: '2026-12-03T09:00:00Z',
    ...overrides,
  };
}

describe('firingAlertsOf', () => {
  const rules = [
    rule({ id: 'other-deployment', deploymentId: 'd2' }),
    rule({ id: 'ok', state: 'ok' }),
    rule({ id: 'disabled', enabled: false }),
    rule({ id: 'warning-old', stateChangedAt: '2026-12-03T08:00:00Z' }),
    rule({ id: 'warning-new' }),
    rule({ id: 'critical', severity: 'critical' }),
  ];

  it("keeps this deployment's enabled firing rules, most severe then longest firing first", () => {
    expect(firingAlertsOf(rules, 'd1').map((r) => r.id)).toEqual([
      'critical',
      'warning-old',
      'warning-new',
    ]);
  });

  it('counts the enabled rules watching the deployment', () => {
    expect(watchingRuleCount(rules, 'd1')).toBe(4);
  });
});

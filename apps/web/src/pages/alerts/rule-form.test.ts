import type { AlertEvent, AlertRule } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import {
  changedBy,
  describeTransition,
  draftOfRule,
  emptyRuleDraft,
  ruleBody,
  ruleChanges,
  ruleDraftErrors,
  ruleFieldOf,
  ruleStateBadge,
} from './rule-form';

const draft = (change: Partial<ReturnType<typeof emptyRuleDraft>> = {}) => ({
  ...emptyRuleDraft('dep-1'),
  name: 'errors high',
  ...change,
});

describe('alert rule form', () => {
  it('accepts a complete draft and sends numbers, trimmed text and no feature for other metrics', () => {
    expect(ruleDraftErrors(draft())).toEqual({});
    expect(
      ruleBody(draft({ name: ' errors ', threshold: '0.1', feature: 'Island' })),
    ).toMatchObject({
      name: 'errors',
      threshold: 0.1,
      feature: null,
      window: '15m',
    });
  });

  it('names the field the server would refuse: window range, ratio thresholds, the feature', () => {
    expect(ruleDraftErrors(draft({ window: '2m' }))).toHaveProperty('window');
    expect(ruleDraftErrors(draft({ window: '25h' }))).toHaveProperty('window');
    expect(ruleDraftErrors(draft({ window: 'soon' }))).toHaveProperty('window');
    expect(ruleDraftErrors(draft({ window: '24h' }))).toEqual({});
    expect(ruleDraftErrors(draft({ threshold: '5' })).threshold).toMatch(/0\.05/);
    expect(ruleDraftErrors(draft({ metric: 'latency_p95', threshold: '500' }))).toEqual({});
    expect(ruleDraftErrors(draft({ metric: 'latency_p95', threshold: '-1' }))).toHaveProperty(
      'threshold',
    );
    expect(ruleDraftErrors(draft({ threshold: '' }))).toHaveProperty('threshold');
    expect(ruleDraftErrors(draft({ metric: 'feature_drift', threshold: '1' }))).toHaveProperty(
      'feature',
    );
    expect(ruleDraftErrors(draft({ name: ' ', deploymentId: '' }))).toMatchObject({
      name: expect.any(String),
      deploymentId: expect.any(String),
    });
  });

  it('sends only what an edit changed, so a rename does not start a firing rule over', () => {
    const rule: AlertRule = {
      id: 'r',
      projectId: 'p',
      deploymentId: 'dep-1',
      name: 'errors high',
      metric: 'error_rate',
      feature: null,
      condition: '>',
      threshold: 0.3,
      window: '15m',
      severity: 'critical',
      channelIds: ['a', 'b'],
      enabled: true,
      state: 'firing',
      lastValue: 0.5,
      lastEvaluatedAt: null,
      stateChangedAt: null,
      createdBy: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const unchanged = draftOfRule(rule);
    expect(ruleChanges(rule, unchanged)).toEqual({});
    expect(ruleChanges(rule, { ...unchanged, channelIds: ['b', 'a'] })).toEqual({});
    expect(ruleChanges(rule, { ...unchanged, name: 'errors' })).toEqual({ name: 'errors' });
    expect(ruleChanges(rule, { ...unchanged, threshold: '0.4', window: '1h' })).toEqual({
      threshold: 0.4,
      window: '1h',
    });
  });

  it('reads indexed server fields on the field that holds them', () => {
    expect(ruleFieldOf('channelIds[1]')).toBe('channelIds');
    expect(ruleFieldOf('threshold')).toBe('threshold');
  });

  it('shows a disabled rule as disabled whatever its last state', () => {
    expect(ruleStateBadge({ state: 'firing', enabled: true })).toEqual({
      label: 'firing',
      variant: 'red',
    });
    expect(ruleStateBadge({ state: 'no_data', enabled: true }).label).toBe('no data');
    expect(ruleStateBadge({ state: 'firing', enabled: false }).label).toBe('disabled');
  });

  it('describes a transition with its value and who caused it', () => {
    const event: AlertEvent = {
      id: 'e',
      ruleId: 'r',
      fromState: 'no_data',
      toState: 'firing',
      value: 0.123456,
      threshold: 0.1,
      message: '',
      triggeredBy: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    expect(describeTransition(event)).toBe('no data → firing at 0.1235 (threshold 0.1)');
    expect(describeTransition({ ...event, value: null })).toMatch(/at no data/);
    expect(changedBy(event, new Map())).toBe('evaluator');
    expect(changedBy({ ...event, triggeredBy: 'u1' }, new Map([['u1', 'Ada']]))).toBe('Ada');
  });
});

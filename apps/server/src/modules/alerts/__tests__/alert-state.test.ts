import { describe, expect, it } from 'vitest';
import { conditionHolds, nextAlertState, notifiedAs } from '../alert-state.js';

describe('alert state', () => {
  it('compares with each condition, the threshold itself included only by >= and <=', () => {
    expect([conditionHolds(5, '>', 5), conditionHolds(5, '>=', 5)]).toEqual([false, true]);
    expect([conditionHolds(5, '<', 5), conditionHolds(5, '<=', 5)]).toEqual([false, true]);
    expect([conditionHolds(6, '>', 5), conditionHolds(4, '<', 5)]).toEqual([true, true]);
  });

  it('fires when the condition holds and resolves only what fired', () => {
    expect(nextAlertState('no_data', true)).toBe('firing');
    expect(nextAlertState('ok', true)).toBe('firing');
    expect(nextAlertState('firing', false)).toBe('resolved');
    expect(nextAlertState('resolved', false)).toBe('resolved');
    expect(nextAlertState('no_data', false)).toBe('ok');
    expect(nextAlertState('resolved', true)).toBe('firing');
  });

  it('keeps a firing alert firing when the data stops, and says no_data otherwise', () => {
    expect(nextAlertState('firing', null)).toBe('firing');
    expect(nextAlertState('ok', null)).toBe('no_data');
    expect(nextAlertState('resolved', null)).toBe('no_data');
  });

  it('notifies the start and the end of an alert, nothing else', () => {
    expect(notifiedAs('ok', 'firing')).toBe('alert.firing');
    expect(notifiedAs('no_data', 'firing')).toBe('alert.firing');
    expect(notifiedAs('firing', 'firing')).toBeNull();
    expect(notifiedAs('firing', 'resolved')).toBe('alert.resolved');
    expect(notifiedAs('no_data', 'ok')).toBeNull();
    expect(notifiedAs('resolved', 'no_data')).toBeNull();
  });
});

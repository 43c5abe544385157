import type { AlertCondition } from '@aistudio/contracts';
import type { AlertState } from './alerts.repository.js';

/** Whether `value condition threshold` holds. */
export function conditionHolds(value: number, condition: AlertCondition, threshold: number) {
  switch (condition) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/**
 * The state after an evaluation. Missing data never resolves a firing alert (a deployment that
 * stopped answering has not recovered); a resolved rule stays resolved until it fires again.
 */
export function nextAlertState(current: AlertState, holds: boolean | null): AlertState {
  if (holds === null) return current === 'firing' ? 'firing' : 'no_data';
  if (holds) return 'firing';
  if (current === 'firing' || current === 'resolved') return 'resolved';
  return 'ok';
}

/** Only these transitions reach people: an alert starting, and the same alert ending. */
export function notifiedAs(
  from: AlertState,
  to: AlertState,
): 'alert.firing' | 'alert.resolved' | null {
  if (to === 'firing' && from !== 'firing') return 'alert.firing';
  if (to === 'resolved' && from === 'firing') return 'alert.resolved';
  return null;
}

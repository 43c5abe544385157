import type { DriftWindow } from '@aistudio/contracts';

const HOUR_MS = 3_600_000;
const WINDOW_MS: Record<DriftWindow, number> = {
  '1h': HOUR_MS,
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};

/** Length of a drift window in milliseconds. */
export function windowMs(window: DriftWindow): number {
  return WINDOW_MS[window];
}

import type { MetricsWindow } from '@aistudio/contracts';

const MINUTE_S = 60;

/** Each window's length and the bucket width of its chart (≈ 15–100 points). */
export const WINDOWS: Record<MetricsWindow, { seconds: number; bucketSeconds: number }> = {
  '15m': { seconds: 15 * MINUTE_S, bucketSeconds: MINUTE_S },
  '1h': { seconds: 60 * MINUTE_S, bucketSeconds: MINUTE_S },
  '24h': { seconds: 24 * 60 * MINUTE_S, bucketSeconds: 15 * MINUTE_S },
  '7d': { seconds: 7 * 24 * 60 * MINUTE_S, bucketSeconds: 2 * 60 * MINUTE_S },
};

/**
 * The window ending now. Its start moves up to a bucket boundary so every charted bucket is whole,
 * unless the bucket is longer than the window.
 */
export function windowRange(
  window: MetricsWindow,
  bucketSeconds = WINDOWS[window].bucketSeconds,
  now = Date.now(),
) {
  const bucketMs = bucketSeconds * 1000;
  const start = now - WINDOWS[window].seconds * 1000;
  const from = bucketMs > now - start ? start : Math.floor(start / bucketMs + 1) * bucketMs;
  return { from: new Date(from), to: new Date(now), bucketSeconds };
}

/** Bucket starts (ms) from `from` up to `to`. */
export function bucketStarts(from: Date, to: Date, bucketSeconds: number): number[] {
  const starts: number[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += bucketSeconds * 1000) starts.push(t);
  return starts;
}

/** A linear map from a data interval onto a pixel interval, with round tick values. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
}

/**
 * Round tick values (1, 2 or 5 times a power of ten) covering [min, max], about `count` of them.
 * An empty or one-point interval is widened so the axis still has a span.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals: 0.1 + 0.2 must print as 0.3, not 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let i = 0; ; i++) {
    const v = Number((first + i * step).toFixed(decimals));
    ticks.push(v);
    if (v >= max - step * 1e-9) return ticks;
  }
}

/** A scale whose domain is widened to the nice ticks around [min, max]. */
export function linearScale(
  [min, max]: readonly [number, number],
  [from, to]: readonly [number, number],
  count = 5,
): LinearScale {
  const ticks = niceTicks(min, max, count);
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const scale = ((value: number) => from + ((value - lo) / (hi - lo || 1)) * (to - from)) as {
    (value: number): number;
    domain: readonly [number, number];
    ticks: readonly number[];
  };
  scale.domain = [lo, hi];
  scale.ticks = ticks;
  return scale;
}

/** Smallest and largest finite value, or null when there is none. */
export function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

const tickFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/** A tick label: three significant digits, so an axis stays narrow. */
export function formatTick(value: number): string {
  return tickFormat.format(value);
}

import { describe, expect, it } from 'vitest';
import { extent, linearScale, niceTicks } from './scale';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and covers the interval', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.87, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('rounds away floating-point noise from the step', () => {
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('widens a one-point interval so the axis keeps a span', () => {
    const ticks = niceTicks(5, 5);
    expect(ticks[0]).toBeLessThan(5);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(5);
  });
});

describe('linearScale', () => {
  it('maps the nice domain onto the pixel range, flipped for a y axis', () => {
    const y = linearScale([0.05, 0.95], [200, 0]);
    expect(y.domain).toEqual([0, 1]);
    expect(y(0)).toBe(200);
    expect(y(1)).toBe(0);
    expect(y(0.5)).toBe(100);
  });
});

describe('extent', () => {
  it('skips NaN and infinities, and is null without a finite value', () => {
    expect(extent([3, NaN, -1, Infinity, 2])).toEqual([-1, 3]);
    expect(extent([NaN])).toBeNull();
  });
});

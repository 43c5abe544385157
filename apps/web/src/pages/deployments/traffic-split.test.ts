import { describe, expect, it } from 'vitest';
import {
  addRouteWeights,
  largestRemainder,
  rebalanceWeights,
  removeRouteWeights,
} from './traffic-split';

const sum = (weights: number[]) => weights.reduce((s, w) => s + w, 0);

describe('traffic split', () => {
  it('moves a 100/0 split to a 90/10 canary when the second slider goes to 10', () => {
    expect(rebalanceWeights([100, 0], 1, 10)).toEqual([90, 10]);
    expect(rebalanceWeights([90, 10], 0, 50)).toEqual([50, 50]);
  });

  it('keeps the other routes in proportion and always sums to 100', () => {
    expect(rebalanceWeights([50, 30, 20], 0, 60)).toEqual([60, 24, 16]);
    for (const value of [0, 1, 33, 67, 99, 100]) {
      expect(sum(rebalanceWeights([34, 33, 33], 1, value))).toBe(100);
    }
    expect(rebalanceWeights([34, 33, 33], 0, 1)).toEqual([1, 50, 49]);
  });

  it('shares the rest equally when the other routes all stood at 0', () => {
    expect(rebalanceWeights([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
    expect(rebalanceWeights([100, 0, 0], 0, 99)).toEqual([99, 1, 0]);
  });

  it('clamps to whole percent between 0 and 100', () => {
    expect(rebalanceWeights([50, 50], 0, 140)).toEqual([100, 0]);
    expect(rebalanceWeights([50, 50], 0, -3)).toEqual([0, 100]);
    expect(rebalanceWeights([50, 50], 0, 12.6)).toEqual([13, 87]);
    expect(rebalanceWeights([50, 50], 0, Number.NaN)).toEqual([0, 100]);
  });

  it('pins a single route at 100', () => {
    expect(rebalanceWeights([100], 0, 20)).toEqual([100]);
  });

  it('adds a route with a 10 % share and removes one without losing percent', () => {
    expect(addRouteWeights([100])).toEqual([90, 10]);
    expect(addRouteWeights([])).toEqual([100]);
    expect(removeRouteWeights([70, 20, 10], 0)).toEqual([67, 33]);
    expect(removeRouteWeights([100, 0, 0], 0)).toEqual([50, 50]);
  });

  it('rounds by largest remainder to the exact total', () => {
    expect(largestRemainder([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(largestRemainder([0, 0], 10)).toEqual([0, 0]);
  });
});

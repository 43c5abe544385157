import { describe, expect, it } from 'vitest';
import {
  addBuckets,
  bucketOf,
  emptyBuckets,
  LATENCY_BOUNDS_MS,
  quantileOf,
} from '../latency-histogram.js';

const histogramOf = (latencies: number[]) => {
  const buckets = emptyBuckets();
  for (const ms of latencies) buckets[bucketOf(ms)]! += 1;
  return buckets;
};

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose upper bound holds it, the rest in the last', () => {
    expect(bucketOf(0.1)).toBe(0);
    expect(bucketOf(1)).toBe(LATENCY_BOUNDS_MS.indexOf(1));
    expect(bucketOf(1.01)).toBe(LATENCY_BOUNDS_MS.indexOf(2));
    expect(bucketOf(60_000)).toBe(LATENCY_BOUNDS_MS.length);
  });

  it('interpolates quantiles inside a bucket like histogram_quantile', () => {
    // 100 requests spread over (10, 15] ms: the median is half-way through that bucket.
    const buckets = histogramOf(Array.from({ length: 100 }, (_, i) => 10 + (i + 1) * 0.05));
    expect(quantileOf(buckets, 0.5)).toBeCloseTo(12.5, 12);
    expect(quantileOf(buckets, 0.99)).toBeCloseTo(14.95, 12);
  });

  it('ranks across buckets: 90 fast and 10 slow requests put p50 among the fast and p95 among the slow', () => {
    const buckets = histogramOf([
      ...new Array<number>(90).fill(0.8),
      ...new Array<number>(10).fill(120),
    ]);
    expect(quantileOf(buckets, 0.5)).toBeGreaterThan(0.5);
    expect(quantileOf(buckets, 0.5)).toBeLessThanOrEqual(1);
    expect(quantileOf(buckets, 0.95)).toBeGreaterThan(100);
    expect(quantileOf(buckets, 0.95)).toBeLessThanOrEqual(150);
  });

  it('answers 0 without requests and the last bound for latencies past it', () => {
    expect(quantileOf(emptyBuckets(), 0.99)).toBe(0);
    expect(quantileOf(histogramOf([99_999]), 0.5)).toBe(LATENCY_BOUNDS_MS.at(-1));
  });

  it('adds histograms of two replicas element by element', () => {
    const a = histogramOf([1, 2, 300]);
    const b = histogramOf([2, 5000]);
    expect(addBuckets(a, b)).toEqual(histogramOf([1, 2, 300, 2, 5000]));
  });
});

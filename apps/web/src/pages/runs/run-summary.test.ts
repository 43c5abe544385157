import { describe, expect, it } from 'vitest';
import { bestIndex, differs, unionOfKeys } from './run-summary';

describe('bestIndex', () => {
  it('picks the highest score and the lowest loss or error', () => {
    expect(bestIndex('accuracy', [0.9, 0.97, 0.95])).toBe(1);
    expect(bestIndex('log_loss', [0.3, 0.1, 0.2])).toBe(1);
    expect(bestIndex('rmse', [3, 2, undefined])).toBe(1);
  });

  it('is null when no run has the metric or the best is shared', () => {
    expect(bestIndex('r2', [undefined, undefined])).toBeNull();
    expect(bestIndex('accuracy', [1, 1, 0.9])).toBeNull();
  });
});

describe('differs', () => {
  it('treats a value missing in one run as a difference', () => {
    expect(differs(['0.1', '0.1'])).toBe(false);
    expect(differs(['0.1', undefined])).toBe(true);
    expect(differs([31, '31'])).toBe(false);
  });
});

describe('unionOfKeys', () => {
  it('keeps the order keys are first seen in', () => {
    expect(
      unionOfKeys([
        { b: 1, a: 2 },
        { c: 3, a: 4 },
      ]),
    ).toEqual(['b', 'a', 'c']);
  });
});

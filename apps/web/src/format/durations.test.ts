import { describe, expect, it } from 'vitest';
import { formatSeconds } from './durations';

describe('formatSeconds', () => {
  it('picks seconds, minutes or hours', () => {
    expect(formatSeconds(0.25)).toBe('0.3 s');
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(210)).toBe('3.5 min');
    expect(formatSeconds(7560)).toBe('2.1 h');
  });
});

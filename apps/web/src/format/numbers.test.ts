import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent } from './numbers';

describe('number formats', () => {
  it('writes sizes in binary units with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(13_517)).toBe('13.2 KB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB');
    expect(formatBytes(null)).toBe('—');
  });

  it('shows small non-zero shares with two decimals so they do not read as zero', () => {
    expect(formatPercent(0)).toBe('0.0 %');
    expect(formatPercent(0.029)).toBe('2.9 %');
    expect(formatPercent(0.0004)).toBe('0.04 %');
    expect(formatPercent(1)).toBe('100.0 %');
  });
});

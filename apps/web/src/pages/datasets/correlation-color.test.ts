import { describe, expect, it } from 'vitest';
import { correlationColor, correlationTextColor } from './correlation-color';

describe('correlation colours', () => {
  it('runs from deep red at −1 through white at 0 to deep blue at +1', () => {
    expect(correlationColor(-1)).toBe('rgb(255 55 55)');
    expect(correlationColor(0)).toBe('rgb(255 255 255)');
    expect(correlationColor(0.5)).toBe('rgb(155 155 255)');
    expect(correlationColor(1)).toBe('rgb(55 55 255)');
  });

  it('greys out undefined coefficients and clamps rounding past ±1', () => {
    expect(correlationColor(null)).toBe('rgb(228 228 231)');
    expect(correlationColor(1.0000000002)).toBe('rgb(55 55 255)');
  });

  it('writes white only on strong correlations', () => {
    expect(correlationTextColor(0.87)).toBe('white');
    expect(correlationTextColor(-0.61)).toBe('white');
    expect(correlationTextColor(0.6)).toBeUndefined();
    expect(correlationTextColor(null)).toBeUndefined();
  });
});

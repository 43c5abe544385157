import { describe, expect, it } from 'vitest';
import { cellText } from './cell-value';

describe('preview cells', () => {
  it('shows missing values as null and nested values as JSON', () => {
    expect(cellText(null)).toBe('null');
    expect(cellText(undefined)).toBe('null');
    expect(cellText(['a', 1])).toBe('["a",1]');
    expect(cellText({ x: { y: true } })).toBe('{"x":{"y":true}}');
  });

  it('shows scalars as they are', () => {
    expect(cellText('Adelie')).toBe('Adelie');
    expect(cellText(39.1)).toBe('39.1');
    expect(cellText(false)).toBe('false');
    expect(cellText('')).toBe('');
  });
});

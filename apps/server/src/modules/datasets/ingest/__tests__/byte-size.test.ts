import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../convert-to-parquet.js';

describe('parseByteSize', () => {
  it('reads DuckDB size settings with decimal and binary units', () => {
    expect(parseByteSize('512MB')).toBe(512e6);
    expect(parseByteSize('1 GiB')).toBe(2 ** 30);
    expect(parseByteSize('1.5gb')).toBe(1.5e9);
    expect(parseByteSize('4096')).toBe(4096);
  });

  it('refuses what is not a size, instead of guessing', () => {
    expect(() => parseByteSize('lots')).toThrow(/not a byte size/);
    expect(() => parseByteSize('12 parsecs')).toThrow(/not a byte size/);
  });
});

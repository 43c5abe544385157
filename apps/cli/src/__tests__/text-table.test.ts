import { describe, expect, it } from 'vitest';
import { formatNumber, formatTable } from '../text-table.js';

describe('formatTable', () => {
  it('pads columns to their widest cell and right-aligns number columns', () => {
    expect(
      formatTable(
        ['metric', 'value'],
        [
          ['accuracy', '0.9855'],
          ['log_loss', '12.0000'],
        ],
        [false, true],
      ),
    ).toBe(['metric      value', 'accuracy   0.9855', 'log_loss  12.0000'].join('\n'));
  });

  it('leaves no trailing spaces after a left-aligned last column', () => {
    expect(formatTable(['a', 'name'], [['1', 'x']])).toBe('a  name\n1  x');
  });
});

describe('formatNumber', () => {
  it.each([
    [0.98551, '0.9855'],
    [0, '0.0000'],
    [0.00001249, '1.249e-5'],
    [12_345_678, '1.235e+7'],
    [null, '-'],
    [Number.NaN, '-'],
  ])('writes %s as %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

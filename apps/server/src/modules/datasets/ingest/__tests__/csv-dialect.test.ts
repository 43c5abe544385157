import { describe, expect, it } from 'vitest';
import { sniffCsvDialect } from '../csv-dialect.js';

describe('sniffCsvDialect', () => {
  it('picks the delimiter that splits rows most consistently', () => {
    expect(sniffCsvDialect('a|b|c\n1|2,5|3\n4|5|6\n', true).delimiter).toBe('|');
    expect(sniffCsvDialect('a\tb\n"x, y"\t2\nz\t3\n', true).delimiter).toBe('\t');
    expect(sniffCsvDialect('a;b\n1,5;2\n3,5;4\n', true).delimiter).toBe(';');
  });

  it('sees a header above numbers, and none when the first row is numbers too', () => {
    expect(sniffCsvDialect('x,y\n1,2\n3,NA\n', true)).toMatchObject({
      header: true,
      names: ['x', 'y'],
    });
    expect(sniffCsvDialect('1,2\n3,4\n', true)).toMatchObject({
      header: false,
      names: ['column_1', 'column_2'],
    });
  });

  it('sees a header above fixed-length codes', () => {
    expect(sniffCsvDialect('code,country\nAB12,FR\nCD34,DE\n', true).header).toBe(true);
  });

  it('takes distinct non-numeric first cells as a header when columns give no signal', () => {
    expect(sniffCsvDialect('name,comment\nann,fine day\nbob,a longer remark\n', true).header).toBe(
      true,
    );
    expect(sniffCsvDialect('ann,fine\nann,fine\nbob,ok\n', true).header).toBe(false);
  });

  it('ignores a record cut off at the end of a partial sample', () => {
    const dialect = sniffCsvDialect('a,b\n1,2\n3,4\n5', false);
    expect(dialect).toMatchObject({ delimiter: ',', header: true, names: ['a', 'b'] });
  });
});

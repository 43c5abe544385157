import { describe, expect, it } from 'vitest';
import { parseTableText } from './parse-table-file';

const rows = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('parseTableText', () => {
  it('reads CSV numbers as numbers, empty fields as missing and quoted fields whole', () => {
    const csv = `a,b,"c, quoted"\n${rows(10, (i) => `${i},"x ""${i}""",`)}\n`;
    const table = parseTableText(csv, 'data.csv');
    expect(table.columns).toEqual(['a', 'b', 'c, quoted']);
    expect(table.rows).toHaveLength(10);
    expect(table.rows[3]).toEqual({ a: 3, b: 'x "3"', 'c, quoted': null });
  });

  it('keeps newlines inside quoted fields and accepts CRLF line ends', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `${i},"two\nlines"`);
    const table = parseTableText(['a,b', ...lines].join('\r\n'), 'data.csv');
    expect(table.rows).toHaveLength(10);
    expect(table.rows[0]).toEqual({ a: 0, b: 'two\nlines' });
  });

  it('reads TSV by its extension', () => {
    const table = parseTableText(`a\tb\n${rows(10, (i) => `${i}\tq`)}`, 'data.tsv');
    expect(table.rows[9]).toEqual({ a: 9, b: 'q' });
  });

  it('reads a JSON array and JSON Lines, with the union of the keys as columns', () => {
    const records = Array.from({ length: 10 }, (_, i) =>
      i === 0 ? { a: i, z: true } : { a: i, b: 'k' },
    );
    const json = parseTableText(JSON.stringify(records), 'data.json');
    expect(json.columns).toEqual(['a', 'z', 'b']);
    expect(json.rows[0]).toEqual({ a: 0, z: 'true' });
    const jsonl = parseTableText(records.map((r) => JSON.stringify(r)).join('\n'), 'data.jsonl');
    expect(jsonl.rows).toEqual(json.rows);
  });

  it('names the row whose field count differs from the header', () => {
    expect(() => parseTableText(`a,b\n1,2\n3\n`, 'bad.csv')).toThrow(
      'row 3 has 1 fields; the header has 2',
    );
  });

  it('refuses a JSON file that is not an array, and tables too small to train on', () => {
    expect(() => parseTableText('{"a": 1}', 'one.json')).toThrow('array of row objects');
    expect(() => parseTableText('a,b\n1,2\n', 'tiny.csv')).toThrow('training needs at least 10');
  });
});

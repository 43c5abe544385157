import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertToCanonicalParquet } from '../convert-to-parquet.js';
import { quoteLiteral } from '../duckdb-session.js';
import { readParquet, workspace, writeParquet } from './ingest-test-support.js';

const PEOPLE = [
  { name: 'Zoë', age: 31, city: 'Köln' },
  { name: 'Ana', age: 28, city: 'São Paulo' },
];

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return endian === 'le' ? le : le.swap16();
}

describe('convertToCanonicalParquet', () => {
  const csv = 'name,age,city\nZoë,31,Köln\nAna,28,São Paulo\n';
  const cases: [string, string | Buffer, string][] = [
    ['UTF-8 CSV', csv, 'utf-8'],
    ['UTF-8 CSV with a byte-order mark', `\ufeff${csv}`, 'utf-8-bom'],
    ['UTF-16 LE CSV', utf16(csv, 'le'), 'utf-16le'],
    ['UTF-16 BE CSV', utf16(csv, 'be'), 'utf-16be'],
    ['Latin-1 CSV', Buffer.from(csv, 'latin1'), 'latin1'],
    ['TSV', csv.replaceAll(',', '\t'), 'utf-8'],
    ['CRLF line ends', csv.replaceAll('\n', '\r\n'), 'utf-8'],
  ];
  it.each(cases)('reads %s', async (_label, content, encoding) => {
    const { dir, session } = await workspace();
    const source = path.join(dir, 'upload.bin');
    await writeFile(source, content);
    const out = path.join(dir, 'v1.parquet');
    const table = await convertToCanonicalParquet(session, source, out);
    expect(table).toMatchObject({ format: 'csv', encoding, rows: 2 });
    expect(table.columns.map((column) => [column.name, column.duckdbType])).toEqual([
      ['name', 'VARCHAR'],
      ['age', 'BIGINT'],
      ['city', 'VARCHAR'],
    ]);
    expect(await readParquet(session, out)).toEqual(PEOPLE);
  });

  it('reads semicolon-delimited CSV with quoted delimiters and doubled quotes', async () => {
    const { dir, session } = await workspace();
    const source = path.join(dir, 'upload');
    await writeFile(source, 'label;note\n"a;b";"say ""hi"""\nc;plain\n');
    const table = await convertToCanonicalParquet(session, source, path.join(dir, 'out.parquet'));
    expect(table.dialect).toMatchObject({ delimiter: ';', header: true });
    expect(await readParquet(session, path.join(dir, 'out.parquet'))).toEqual([
      { label: 'a;b', note: 'say "hi"' },
      { label: 'c', note: 'plain' },
    ]);
  });

  it('names columns column_N when the first row is data, and dedupes header names', async () => {
    const { dir, session } = await workspace();
    await writeFile(path.join(dir, 'a'), '1,2.5\n3,4.5\n');
    await writeFile(path.join(dir, 'b'), 'x,x,\n1,2,3\n');
    const a = await convertToCanonicalParquet(
      session,
      path.join(dir, 'a'),
      path.join(dir, 'a.parquet'),
    );
    const b = await convertToCanonicalParquet(
      session,
      path.join(dir, 'b'),
      path.join(dir, 'b.parquet'),
    );
    expect(a.columns.map((column) => column.name)).toEqual(['column_1', 'column_2']);
    expect(a.rows).toBe(2);
    expect(b.columns.map((column) => column.name)).toEqual(['x', 'x_2', 'column_3']);
  });

  it('reads NA-style markers as missing, quoted newlines inside fields, and a header-only file', async () => {
    const { dir, session } = await workspace();
    await writeFile(
      path.join(dir, 'na'),
      'species,bill\nAdelie,39.1\nAdelie,NA\n"Gentoo\npapua",N/A\n',
    );
    await writeFile(path.join(dir, 'header'), 'a,b\n');
    const na = await convertToCanonicalParquet(
      session,
      path.join(dir, 'na'),
      path.join(dir, 'na.parquet'),
    );
    expect(na.columns.map((column) => column.duckdbType)).toEqual(['VARCHAR', 'DOUBLE']);
    expect(await readParquet(session, path.join(dir, 'na.parquet'))).toEqual([
      { species: 'Adelie', bill: 39.1 },
      { species: 'Adelie', bill: null },
      { species: 'Gentoo\npapua', bill: null },
    ]);
    const header = await convertToCanonicalParquet(
      session,
      path.join(dir, 'header'),
      path.join(dir, 'h.parquet'),
    );
    expect(header).toMatchObject({ rows: 0, columns: [{ name: 'a' }, { name: 'b' }] });
  });

  it('re-reads with types from the whole file when a value past the sample does not fit', async () => {
    const { dir, session } = await workspace();
    const lines = ['code,n', ...Array.from({ length: 300 }, (_, i) => `${i},${i}`), 'A-17,300'];
    await writeFile(path.join(dir, 'up'), `${lines.join('\n')}\n`);
    const table = await convertToCanonicalParquet(
      session,
      path.join(dir, 'up'),
      path.join(dir, 'o.parquet'),
      {
        csvSampleRows: 100,
      },
    );
    expect(table.columns.map((column) => column.duckdbType)).toEqual(['VARCHAR', 'BIGINT']);
    expect(table.rows).toBe(301);
  });

  it('reads a JSON array of records and keeps nested values as JSON text', async () => {
    const { dir, session } = await workspace();
    await writeFile(
      path.join(dir, 'up'),
      JSON.stringify([
        { id: 1, tags: ['a', 'b'], address: { city: 'Oslo' } },
        { id: 2, tags: [], address: null },
      ]),
    );
    const table = await convertToCanonicalParquet(
      session,
      path.join(dir, 'up'),
      path.join(dir, 'o.parquet'),
    );
    expect(table.format).toBe('json');
    expect(table.columns).toEqual([
      { name: 'id', duckdbType: 'BIGINT', nestedAsJson: false },
      { name: 'tags', duckdbType: 'VARCHAR', nestedAsJson: true },
      { name: 'address', duckdbType: 'VARCHAR', nestedAsJson: true },
    ]);
    expect(await readParquet(session, path.join(dir, 'o.parquet'))).toEqual([
      { id: 1, tags: '["a","b"]', address: '{"city":"Oslo"}' },
      { id: 2, tags: '[]', address: null },
    ]);
  });

  it('reads JSON lines', async () => {
    const { dir, session } = await workspace();
    await writeFile(path.join(dir, 'up'), '{"a":1,"b":"x"}\n{"a":2,"b":null}\n');
    const table = await convertToCanonicalParquet(
      session,
      path.join(dir, 'up'),
      path.join(dir, 'o.parquet'),
    );
    expect(table).toMatchObject({ format: 'jsonl', rows: 2 });
    expect(await readParquet(session, path.join(dir, 'o.parquet'))).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ]);
  });

  it('reads Parquet whatever the file is called, and writes zstd', async () => {
    const { dir, session } = await workspace();
    const source = path.join(dir, 'data.csv');
    await writeParquet(session, source, "SELECT i AS n, 'v' || i AS s FROM range(3) t(i)");
    const out = path.join(dir, 'o.parquet');
    const table = await convertToCanonicalParquet(session, source, out);
    expect(table).toMatchObject({ format: 'parquet', encoding: null, rows: 3 });
    const codecs = await session.rows<{ compression: string }>(
      `SELECT DISTINCT compression FROM parquet_metadata(${quoteLiteral(out)})`,
    );
    expect(codecs).toEqual([{ compression: 'ZSTD' }]);
    expect(await readParquet(session, out)).toEqual([
      { n: 0, s: 'v0' },
      { n: 1, s: 'v1' },
      { n: 2, s: 'v2' },
    ]);
  });
});

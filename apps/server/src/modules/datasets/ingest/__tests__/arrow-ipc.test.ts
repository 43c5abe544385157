import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { convertToCanonicalParquet } from '../convert-to-parquet.js';
import { quoteLiteral } from '../duckdb-session.js';
import { IngestError } from '../ingest-error.js';
import { arrowIpc, type TestColumn } from './arrow-ipc-writer.js';
import { workspace } from './ingest-test-support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// vega-datasets (BSD-3-Clause) is a root dev dependency; its flights file was written by Arrow's tools.
const vegaData = path.resolve(here, '../../../../../../../node_modules/vega-datasets/data');

const COLUMNS: TestColumn[] = [
  { name: 'name', type: 'utf8', values: ['Zoë', null, 'Ana'] },
  { name: 'n', type: 'int32', values: [1, -2, null] },
  { name: 'x', type: 'float64', values: [0.5, null, 2.25] },
  { name: 'ok', type: 'bool', values: [true, false, null] },
  { name: 'day', type: 'date32', values: [19723, null, 0] },
  { name: 'at', type: 'timestamp-ms', values: [1_704_067_200_123, null, 0] },
];
const EXPECTED = [
  { name: 'Zoë', n: 1, x: 0.5, ok: true, day: '2024-01-01', at: '2024-01-01 00:00:00.123' },
  { name: null, n: -2, x: null, ok: false, day: null, at: null },
  { name: 'Ana', n: null, x: 2.25, ok: null, day: '1970-01-01', at: '1970-01-01 00:00:00' },
];

describe('Arrow IPC', () => {
  it.each([
    ['stream', false],
    ['file', true],
  ])(
    'reads an Arrow IPC %s with strings, numbers, booleans, dates, timestamps and nulls',
    async (_kind, asFile) => {
      const { dir, session } = await workspace();
      await writeFile(path.join(dir, 'up.csv'), arrowIpc(COLUMNS, asFile));
      const out = path.join(dir, 'o.parquet');
      const table = await convertToCanonicalParquet(session, path.join(dir, 'up.csv'), out);
      expect(table).toMatchObject({ format: 'arrow', encoding: null, rows: 3 });
      expect(table.columns.map((column) => column.duckdbType)).toEqual([
        'VARCHAR',
        'INTEGER',
        'DOUBLE',
        'BOOLEAN',
        'DATE',
        'TIMESTAMP',
      ]);
      const rows = await session.rows(
        `SELECT name, n, x, ok, CAST(day AS VARCHAR) AS day, CAST("at" AS VARCHAR) AS "at" FROM read_parquet(${quoteLiteral(out)})`,
      );
      expect(rows).toEqual(EXPECTED);
    },
  );

  it('reads the Arrow project’s flights-200k.arrow to the same rows as its JSON twin', async () => {
    const { dir, session } = await workspace();
    const arrow = await convertToCanonicalParquet(
      session,
      path.join(vegaData, 'flights-200k.arrow'),
      path.join(dir, 'a.parquet'),
    );
    const json = await convertToCanonicalParquet(
      session,
      path.join(vegaData, 'flights-200k.json'),
      path.join(dir, 'j.parquet'),
    );
    expect(arrow.rows).toBe(200_000);
    expect(arrow.columns.map((column) => [column.name, column.duckdbType])).toEqual([
      ['delay', 'SMALLINT'],
      ['distance', 'SMALLINT'],
      ['time', 'FLOAT'],
    ]);
    const differing = await session.rows(
      `SELECT count(*) AS n FROM (
         SELECT delay::BIGINT, distance::BIGINT, round(time::DOUBLE, 3) FROM read_parquet(${quoteLiteral(path.join(dir, 'a.parquet'))})
         EXCEPT ALL
         SELECT delay::BIGINT, distance::BIGINT, round(time, 3) FROM read_parquet(${quoteLiteral(path.join(dir, 'j.parquet'))}))`,
    );
    expect(json.rows).toBe(200_000);
    // DuckDB's JSON reader says HUGEINT for delay; Parquet would store that as DOUBLE.
    expect(json.columns.map((column) => column.duckdbType)).toEqual(['BIGINT', 'BIGINT', 'DOUBLE']);
    expect(differing).toEqual([{ n: 0 }]);
  });

  it('reads a file whose schema is only in its footer, as Arrow’s JavaScript writer makes it', async () => {
    const { dir, session } = await workspace();
    // Written by apache-arrow 21.2.0: see make-arrow-fixture.mjs beside it in the engine.
    const fixture = path.resolve(
      here,
      '../../../../../../../packages/engine/src/__tests__/fixtures',
    );
    const out = path.join(dir, 'o.parquet');
    const table = await convertToCanonicalParquet(
      session,
      path.join(fixture, 'arrow-types.arrow'),
      out,
    );
    expect(table.rows).toBe(5);
    expect(table.columns.map((column) => [column.name, column.duckdbType])).toEqual([
      ['name', 'VARCHAR'],
      ['n', 'INTEGER'],
      ['big', 'BIGINT'],
      ['small', 'UTINYINT'],
      ['x', 'DOUBLE'],
      ['f', 'FLOAT'],
      ['ok', 'BOOLEAN'],
      ['day', 'DATE'],
      ['at', 'TIMESTAMP'],
    ]);
    const rows = await session.rows(
      `SELECT name, n, CAST(day AS VARCHAR) AS day, CAST("at" AS VARCHAR) AS "at" FROM read_parquet(${quoteLiteral(out)})`,
    );
    expect(rows).toEqual([
      { name: 'Zoë', n: 1, day: '2024-01-01', at: '2024-01-01 00:00:00.123' },
      { name: null, n: -2, day: null, at: null },
      { name: 'Ana', n: null, day: '1970-01-01', at: '1970-01-01 00:00:00' },
      { name: 'Ana', n: 7, day: '1969-12-31', at: null },
      { name: 'Bo', n: null, day: '2000-02-29', at: '1999-12-31 23:59:59.999' },
    ]);
  });

  it('names an Arrow column type it cannot read yet', async () => {
    const { dir, session } = await workspace();
    await writeFile(
      path.join(dir, 'up'),
      arrowIpc([{ name: 'tags', type: 'list', values: [null] }]),
    );
    const error = await convertToCanonicalParquet(
      session,
      path.join(dir, 'up'),
      path.join(dir, 'o.parquet'),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe(
      'Arrow column "tags" has type List, which the Arrow reader does not support yet: upload Parquet',
    );
  });

  it('refuses a file that is Arrow only by its magic bytes', async () => {
    const { dir, session } = await workspace();
    await copyFile(path.join(here, 'corpus/arrow-ipc.arrow'), path.join(dir, 'up'));
    const error = await convertToCanonicalParquet(
      session,
      path.join(dir, 'up'),
      path.join(dir, 'o.parquet'),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toMatch(/^corrupt Arrow IPC file: /);
  });
});

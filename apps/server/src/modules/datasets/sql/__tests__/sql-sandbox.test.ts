import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../../../../http/errors.js';
import { openDuckDB, quoteLiteral } from '../../ingest/duckdb-session.js';
import { QueryTimeoutError } from '../sql-errors.js';
import {
  openSandbox,
  runSandboxedQuery,
  type MountedTable,
  type SqlLimits,
} from '../sql-sandbox.js';

let dir: string;
let limits: SqlLimits;
let penguins: MountedTable;
let islands: MountedTable;
/** A Parquet file in the same directory that no query was given. */
let unmountedPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aistudio-sql-'));
  limits = {
    memoryLimit: '128MB',
    threads: 1,
    tempDirectory: path.join(dir, 'spill'),
    timeoutMs: 10_000,
    maxSpill: '256MB',
  };
  penguins = { name: 'penguins', parquetPath: path.join(dir, 'penguins.parquet') };
  islands = { name: 'islands@2', parquetPath: path.join(dir, 'islands.parquet') };
  unmountedPath = path.join(dir, 'secret.parquet');
  const writer = await openDuckDB({ ...limits, tempDirectory: path.join(dir, 'writer') });
  const write = (file: string, select: string) =>
    writer.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet)`);
  await write(
    penguins.parquetPath,
    `SELECT * FROM (VALUES ('Adelie', 'Torgersen', 3750), ('Gentoo', 'Biscoe', 5700),
       ('Chinstrap', 'Dream', 3500), ('Adelie', 'Dream', 3450)) t(species, island, body_mass_g)`,
  );
  await write(
    islands.parquetPath,
    `SELECT * FROM (VALUES ('Torgersen', 1.0), ('Biscoe', 2.5), ('Dream', 4.0)) t(island, area_km2)`,
  );
  await write(unmountedPath, `SELECT 'classified' AS secret`);
  writer.close();
  await writeFile(path.join(dir, 'notes.csv'), 'a,b\n1,2\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (query: string, page: { limit?: number; offset?: number } = {}, tables = [penguins]) =>
  runSandboxedQuery({ query, tables, limit: page.limit ?? 100, offset: page.offset ?? 0 }, limits);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('runSandboxedQuery', () => {
  it('joins mounted tables by their names, versioned ones included', async () => {
    const page = await run(
      'SELECT p.species, p.island, i.area_km2 FROM penguins p JOIN "islands@2" i USING (island) ORDER BY p.body_mass_g',
      {},
      [penguins, islands],
    );
    expect(page.columns).toEqual([
      { name: 'species', type: 'VARCHAR' },
      { name: 'island', type: 'VARCHAR' },
      { name: 'area_km2', type: 'DECIMAL(2,1)' },
    ]);
    expect(page.rows).toEqual([
      ['Adelie', 'Dream', 4],
      ['Chinstrap', 'Dream', 4],
      ['Adelie', 'Torgersen', 1],
      ['Gentoo', 'Biscoe', 2.5],
    ]);
    expect(page.nextOffset).toBeNull();
  });

  it('describes and summarizes a table', async () => {
    const described = await run('DESCRIBE penguins');
    expect(described.rows.map((r) => [r[0], r[1]])).toEqual([
      ['species', 'VARCHAR'],
      ['island', 'VARCHAR'],
      ['body_mass_g', 'INTEGER'],
    ]);
    const summary = await run('SUMMARIZE penguins');
    expect(summary.rows.map((r) => r[0])).toEqual(['species', 'island', 'body_mass_g']);
  });

  it('mounts a file given by a relative path', async () => {
    const relative = {
      name: 'penguins',
      parquetPath: path.relative(process.cwd(), penguins.parquetPath),
    };
    const page = await run('SELECT count(*) AS n FROM penguins', {}, [relative]);
    expect(page.rows).toEqual([[4]]);
  });

  it('pages through a result with limit and offset, one row past the page deciding nextOffset', async () => {
    const query = 'SELECT range AS n FROM range(25)';
    const first = await run(query, { limit: 10 });
    expect(first.rows.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.nextOffset).toBe(10);
    const second = await run(query, { limit: 10, offset: 10 });
    expect(second.rows.map((r) => r[0])).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(second.nextOffset).toBe(20);
    const last = await run(query, { limit: 5, offset: 20 });
    expect(last.rows.map((r) => r[0])).toEqual([20, 21, 22, 23, 24]);
    expect(last.nextOffset).toBeNull();
    const beyond = await run(query, { limit: 10, offset: 30 });
    expect(beyond.rows).toEqual([]);
    expect(beyond.nextOffset).toBeNull();
  });

  it('pages across DuckDB chunk boundaries (2,048 rows) without losing or repeating rows', async () => {
    const page = await run('SELECT range AS n FROM range(10000)', { limit: 3, offset: 2047 });
    expect(page.rows).toEqual([[2047], [2048], [2049]]);
    expect(page.nextOffset).toBe(2050);
  });

  it('returns values JSON carries exactly', async () => {
    const page = await run(
      `SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big,
        170141183460469231731687303715884105727::HUGEINT AS huge,
        1.25::DECIMAL(10, 2) AS dec, 12345678901234567.5::DECIMAL(38, 1) AS wide,
        'nan'::DOUBLE AS nan, '-inf'::FLOAT AS inf, DATE '2024-02-29' AS day,
        DATE 'infinity' AS forever, TIMESTAMP '-infinity' AS dawn, TIMESTAMP '2024-02-29 12:34:56.789' AS ts,
        TIMESTAMPTZ '2024-02-29 12:34:56+00' AS tstz, TIME '12:00:01' AS t,
        '\\xAA\\x00\\xFF'::BLOB AS bytes, [1, 2]::BIGINT[] AS list,
        {'a': 9007199254740993::BIGINT, 'b': DATE '2020-01-01'} AS struct, true AS yes, NULL AS nothing`,
    );
    expect(page.rows[0]).toEqual([
      42,
      '9007199254740993',
      '170141183460469231731687303715884105727',
      1.25,
      '12345678901234567.5',
      null,
      null,
      '2024-02-29',
      'infinity',
      '-infinity',
      '2024-02-29T12:34:56.789Z',
      '2024-02-29T12:34:56.000Z',
      '12:00:01',
      Buffer.from([0xaa, 0x00, 0xff]).toString('base64'),
      [1, 2],
      { a: '9007199254740993', b: '2020-01-01' },
      true,
      null,
    ]);
    expect(JSON.parse(JSON.stringify(page.rows))).toEqual(page.rows);
  });

  it.each([
    ["SELECT * FROM read_csv('/etc/passwd')", '/etc/passwd'],
    ["SELECT * FROM read_text('/etc/hostname')", '/etc/hostname'],
    ["SELECT * FROM read_blob('/proc/self/environ')", '/proc/self/environ'],
    ["SELECT * FROM glob('/tmp/*')", '/tmp/*'],
    ["SELECT * FROM read_json('https://example.com/data.json')", 'https://example.com/data.json'],
  ])('denies file and URL access at run time too: %s', async (query, target) => {
    const error = await failure(run(query));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors).toEqual([{ field: 'query', message: expect.any(String) }]);
    expect(error.message).toContain(`Permission Error: Cannot access file "${target}"`);
  });

  it('reaches no file beside the mounted ones, not even in the same directory', async () => {
    for (const file of [unmountedPath, path.join(dir, 'notes.csv')]) {
      const error = await failure(run(`SELECT * FROM read_parquet(${quoteLiteral(file)})`));
      expect(error.message).toContain('Permission Error');
      const scan = await failure(run(`SELECT * FROM ${quoteLiteral(file)}`));
      expect(scan.status).toBe(400);
    }
  });

  it('does not leak the local path of a mounted file in error messages', async () => {
    const error = await failure(run('SELECT no_such_column FROM penguins'));
    expect(error.message).toMatch(/^query: Binder Error: .*no_such_column/);
    expect(error.message).not.toContain(dir);
  });

  it.each([
    ['SET threads = 8', 'only a read-only SELECT can run here'],
    ['DROP VIEW penguins', 'only a read-only SELECT can run here'],
    ['CREATE TABLE copied AS SELECT * FROM penguins', 'only a read-only SELECT can run here'],
    ["COPY penguins TO '/tmp/aistudio-sql-out.csv'", 'Permission Error'],
  ])('refuses %s even when it reaches the sandbox', async (query, reason) => {
    const error = await failure(run(query));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(reason);
  });

  it('reports a query error as a 400 naming query', async () => {
    const error = await failure(run("SELECT 'x'::INTEGER"));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/^query: Conversion Error: Could not convert string 'x'/);
  });

  it('interrupts a query that runs past the timeout and says so', async () => {
    const error = await failure(
      runSandboxedQuery(
        {
          query: 'SELECT count(*) FROM range(1000000000) a, range(1000000000) b',
          tables: [],
          limit: 10,
          offset: 0,
        },
        { ...limits, timeoutMs: 300 },
      ),
    );
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('query_timeout');
    expect(error.message).toBe(
      'query: ran longer than the 0.3 s limit and was stopped; filter or aggregate earlier, or select fewer rows',
    );
  });

  it('interrupts a query that streams rows slowly, between chunks', async () => {
    const error = await failure(
      runSandboxedQuery(
        {
          query:
            'SELECT a.range FROM range(100000000) a, range(100) b WHERE a.range * b.range = -1',
          tables: [],
          limit: 10,
          offset: 0,
        },
        { ...limits, timeoutMs: 300 },
      ),
    );
    expect(error).toBeInstanceOf(QueryTimeoutError);
  });

  it('leaves no spill directory behind, whether the query succeeds or fails', async () => {
    await run('SELECT count(*) FROM penguins');
    await failure(run('SELECT nope FROM penguins'));
    expect(await readdir(limits.tempDirectory)).toEqual([]);
  });
});

describe('openSandbox', () => {
  it.each([
    'SET enable_external_access = true',
    "SET allowed_paths = ['/']",
    "SET allowed_directories = ['/']",
    'SET lock_configuration = false',
    'RESET lock_configuration',
    "SET memory_limit = '64GB'",
    'SET threads = 64',
    'SET autoload_known_extensions = true',
  ])('keeps its settings locked: %s fails', async (statement) => {
    const sandbox = await openSandbox([penguins], limits);
    try {
      await expect(sandbox.connection.run(statement)).rejects.toThrow(
        /the configuration has been locked/,
      );
    } finally {
      await sandbox.close();
    }
  });

  it.each([
    ["ATTACH '/tmp/aistudio-sql-attach.duckdb' AS other", 'Permission Error'],
    ["COPY (SELECT 1) TO '/tmp/aistudio-sql-copy.csv'", 'Permission Error'],
    ["EXPORT DATABASE '/tmp/aistudio-sql-export'", 'Permission Error'],
    ['INSTALL httpfs', 'Permission Error'],
    ['LOAD httpfs', 'Permission Error'],
  ])('cannot reach the file system or load code: %s fails', async (statement, kind) => {
    const sandbox = await openSandbox([penguins], limits);
    try {
      await expect(sandbox.connection.run(statement)).rejects.toThrow(kind);
    } finally {
      await sandbox.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../http/errors.js';
import { inspectQuery } from '../inspect-query.js';

/** The refusal inspectQuery throws for `query`: a 400 naming the field. */
async function refusal(query: string): Promise<ValidationError> {
  const error = await inspectQuery(query).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected "${query}" to be refused`).toBeInstanceOf(ValidationError);
  const refused = error as ValidationError;
  expect(refused.status).toBe(400);
  expect(refused.errors).toEqual([{ field: 'query', message: expect.any(String) }]);
  expect(refused.message).toMatch(/^query: /);
  return refused;
}

describe('inspectQuery', () => {
  it('lists the tables a SELECT reads, without CTE names, unquoted and once each', async () => {
    const inspected = await inspectQuery(
      'WITH big AS (SELECT * FROM penguins WHERE body_mass_g > 4000) ' +
        'SELECT * FROM big JOIN "islands@2" USING (island) JOIN PENGUINS p ON true ' +
        'WHERE island IN (SELECT island FROM "we""ird.name")',
    );
    expect(inspected.tables.sort()).toEqual(['PENGUINS', 'islands@2', 'penguins', 'we"ird.name']);
  });

  it('tells a name a WITH clause defines from a table of the same name out of its scope', async () => {
    const inspected = await inspectQuery(
      'WITH RECURSIVE walk(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM walk WHERE n < 3), ' +
        'later AS (SELECT * FROM walk JOIN sightings USING (n)) ' +
        'SELECT * FROM later, (SELECT * FROM later) l2 ' +
        'WHERE n IN (WITH inner_cte AS (SELECT * FROM counts) SELECT n FROM inner_cte) ' +
        'AND n NOT IN (SELECT n FROM inner_cte)',
    );
    expect(inspected.tables.sort()).toEqual(['counts', 'inner_cte', 'sightings']);
  });

  it.each([
    'SELECT 1',
    'select 1;',
    'FROM penguins',
    'VALUES (1, 2)',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'DESCRIBE penguins',
    'SUMMARIZE penguins',
    'SELECT * FROM range(10) r, unnest([1, 2]) u, generate_series(1, 3) g',
  ])('accepts the read-only query %s', async (query) => {
    await expect(inspectQuery(query)).resolves.toBeDefined();
  });

  it.each([
    ["COPY penguins TO '/tmp/out.csv'", 'COPY'],
    ["COPY (SELECT 1) TO '/tmp/out.parquet' (FORMAT parquet)", 'COPY'],
    ["ATTACH '/tmp/other.duckdb' AS other", 'ATTACH'],
    ['DETACH other', 'DETACH'],
    ['INSTALL httpfs', 'INSTALL'],
    ['LOAD httpfs', 'LOAD'],
    ['PRAGMA version', 'PRAGMA'],
    ['SET enable_external_access = true', 'SET'],
    ['RESET lock_configuration', 'RESET'],
    ['CREATE TABLE t AS SELECT 1', 'CREATE'],
    ["CREATE MACRO leak() AS TABLE SELECT * FROM read_text('/etc/passwd')", 'CREATE'],
    ['INSERT INTO penguins VALUES (1)', 'INSERT'],
    ['UPDATE penguins SET sex = NULL', 'UPDATE'],
    ['DELETE FROM penguins', 'DELETE'],
    ['DROP VIEW penguins', 'DROP'],
    ["EXPORT DATABASE '/tmp/dump'", 'EXPORT'],
    ['CALL pragma_version()', 'CALL'],
    ['EXPLAIN SELECT 1', 'EXPLAIN'],
    ['/* hidden */ -- still hidden\n  COPY penguins TO STDOUT', 'COPY'],
  ])('refuses %s as not a SELECT', async (query, keyword) => {
    const error = await refusal(query);
    expect(error.message).toContain(`only a read-only SELECT (or WITH … SELECT) can run here`);
    expect(error.message).toContain(`not ${keyword}`);
  });

  it('refuses more than one statement, even when each is a SELECT', async () => {
    const error = await refusal('SELECT 1; SELECT 2');
    expect(error.message).toBe('query: holds 2 statements; send exactly one SELECT');
    expect((await refusal("SELECT 1; COPY penguins TO '/tmp/x'")).message).toContain(
      '2 statements',
    );
  });

  it('refuses a query with no statement in it', async () => {
    expect((await refusal('-- just a comment')).message).toBe(
      'query: holds no statement; send one SELECT',
    );
  });

  it("reports DuckDB's syntax error with its position", async () => {
    const error = await refusal('SELECT FROM WHERE');
    expect(error.message).toMatch(/^query: Parser Error: syntax error at or near "WHERE"/);
    expect(error.message).toContain('LINE 1');
  });

  it.each([
    ["SELECT * FROM read_csv('/etc/passwd')", 'read_csv'],
    ["SELECT * FROM read_csv_auto('/etc/passwd')", 'read_csv_auto'],
    ["SELECT * FROM read_parquet('/var/lib/other-project.parquet')", 'read_parquet'],
    ["SELECT * FROM parquet_scan('/x.parquet')", 'parquet_scan'],
    ["SELECT * FROM read_json('https://example.com/x.json')", 'read_json'],
    ["SELECT * FROM read_text('/etc/passwd')", 'read_text'],
    ["SELECT * FROM read_blob('/etc/shadow')", 'read_blob'],
    ["SELECT * FROM glob('/**')", 'glob'],
    ["SELECT * FROM parquet_metadata('/x.parquet')", 'parquet_metadata'],
    ["SELECT * FROM query('SELECT 1')", 'query'],
    ["SELECT * FROM query_table('penguins')", 'query_table'],
    ['SELECT * FROM duckdb_settings()', 'duckdb_settings'],
    ['SELECT * FROM duckdb_views()', 'duckdb_views'],
    ["SELECT * FROM penguins WHERE island IN (SELECT * FROM read_text('/etc/hosts'))", 'read_text'],
    ["WITH x AS (SELECT * FROM glob('/home/*')) SELECT * FROM x", 'glob'],
    ['SELECT * FROM main.range(3)', 'main.range'],
  ])('refuses the table function in %s', async (query, name) => {
    const error = await refusal(query);
    expect(error.message).toContain(`table function ${name}() is not available`);
  });

  it.each([
    'SELECT * FROM information_schema.tables',
    'SELECT * FROM main.penguins',
    'SELECT * FROM other_db.main.penguins',
    'SELECT * FROM system.main.duckdb_settings',
  ])('refuses the schema-qualified table in %s', async (query) => {
    const error = await refusal(query);
    expect(error.message).toContain('named without a schema or catalog');
  });

  it('refuses reading server settings, which name local paths', async () => {
    const error = await refusal("SELECT upper(current_setting('temp_directory'))");
    expect(error.message).toBe(
      "query: current_setting() is not available: the server's settings are not a dataset",
    );
  });

  it.each(['SHOW TABLES', 'SHOW ALL TABLES', 'SHOW databases'])(
    'refuses %s, which lists the catalog rather than datasets',
    async (query) => {
      expect((await refusal(query)).message).toContain("SHOW lists DuckDB's own catalog");
    },
  );

  it('passes a file path given as a table name through as a name, for the service to refuse', async () => {
    expect((await inspectQuery("SELECT * FROM '/etc/passwd'")).tables).toEqual(['/etc/passwd']);
  });
});

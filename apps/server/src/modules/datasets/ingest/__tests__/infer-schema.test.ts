import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnprocessableError, ValidationError } from '../../../../http/errors.js';
import { inferSchema } from '../infer-schema.js';
import { applyFittingOverrides, applySchemaOverrides } from '../schema-overrides.js';
import { workspace, writeParquet } from './ingest-test-support.js';

// 2,000 rows: enough for the distinct-share rule to tell categories from free text.
const TABLE = `SELECT
  i + 1 AS id,
  'u-' || (i * 7919 % 2000) AS user_key,
  'note number ' || i || ' about things' AS comment,
  ['red', 'green', 'blue'][i % 3 + 1] AS color,
  'Z' || (i % 90) AS zip,
  i % 100 AS qty,
  i / 8.0 AS price,
  i % 2 = 0 AS flag,
  DATE '2024-01-01' + (i % 365)::INTEGER AS day,
  TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (i) MINUTE AS seen_at,
  ['yes', 'no'][i % 2 + 1] AS label,
  CAST(NULL AS VARCHAR) AS empty,
  'same' AS fixed,
  CAST(i AS VARCHAR) AS serial
FROM range(2000) t(i)`;

async function fixture() {
  const { dir, session } = await workspace();
  const file = path.join(dir, 'v.parquet');
  await writeParquet(session, file, TABLE);
  return { session, file };
}

describe('inferSchema', () => {
  it('assigns each column a type and a role by the documented rules', async () => {
    const { session, file } = await fixture();
    const schema = await inferSchema(session, file);
    expect(schema.columns.map((column) => [column.name, column.type, column.role])).toEqual([
      ['id', 'identifier', 'identifier'],
      ['user_key', 'identifier', 'identifier'],
      ['comment', 'text', 'feature'],
      ['color', 'categorical', 'feature'],
      ['zip', 'categorical', 'feature'],
      ['qty', 'integer', 'feature'],
      ['price', 'float', 'feature'],
      ['flag', 'boolean', 'feature'],
      ['day', 'date', 'time'],
      ['seen_at', 'datetime', 'time'],
      ['label', 'categorical', 'target'],
      ['empty', 'text', 'ignore'],
      ['fixed', 'categorical', 'ignore'],
      ['serial', 'identifier', 'identifier'],
    ]);
    expect(schema.columns.find((column) => column.name === 'zip')!.reason).toBe(
      '90 distinct values repeat',
    );
  });

  it('takes the named target instead of guessing one by name', async () => {
    const { session, file } = await fixture();
    const schema = await inferSchema(session, file, { target: 'qty' });
    expect(
      schema.columns.filter((column) => column.role === 'target').map((column) => column.name),
    ).toEqual(['qty']);
  });
});

describe('applySchemaOverrides', () => {
  it('applies a type and role the data supports', async () => {
    const { session, file } = await fixture();
    const schema = await applySchemaOverrides(session, file, await inferSchema(session, file), [
      { column: 'serial', type: 'integer', role: 'feature' },
      { column: 'qty', type: 'categorical' },
    ]);
    expect(schema.columns.find((column) => column.name === 'serial')).toMatchObject({
      type: 'integer',
      role: 'feature',
      reason: 'user override',
    });
    expect(schema.columns.find((column) => column.name === 'qty')!.type).toBe('categorical');
  });

  it('refuses a cast with the first bad value and its row', async () => {
    const { session, file } = await fixture();
    const schema = await inferSchema(session, file);
    const error = await applySchemaOverrides(session, file, schema, [
      { column: 'zip', type: 'integer' },
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableError);
    const message =
      'column "zip" cannot be integer: 2000 of 2000 values do not convert; row 1 has "Z0"';
    expect((error as UnprocessableError).message).toBe(message);
    expect((error as UnprocessableError).errors).toEqual([{ field: 'overrides.0.type', message }]);
  });

  it('refuses a fractional value as an integer although DuckDB would round it', async () => {
    const { session, file } = await fixture();
    const error = await applySchemaOverrides(session, file, await inferSchema(session, file), [
      { column: 'price', type: 'integer' },
    ]).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^column "price" cannot be integer: \d+ of \d+ values do not convert; row 2 has "0.125"$/,
    );
  });

  it('makes a target chosen by the user replace the inferred one', async () => {
    const { session, file } = await fixture();
    const schema = await applySchemaOverrides(session, file, await inferSchema(session, file), [
      { column: 'qty', role: 'target' },
    ]);
    expect(
      schema.columns
        .filter((column) => ['qty', 'label'].includes(column.name))
        .map((column) => [column.name, column.role]),
    ).toEqual(
      expect.arrayContaining([
        ['qty', 'target'],
        ['label', 'feature'],
      ]),
    );
  });

  it('names the field of an unknown column, a second target and a time role on text', async () => {
    const { session, file } = await fixture();
    const schema = await inferSchema(session, file);
    const cases = [
      [[{ column: 'nope', type: 'text' as const }], 'overrides.0.column: no column named "nope"'],
      [
        [
          { column: 'qty', role: 'target' as const },
          { column: 'price', role: 'target' as const },
        ],
        'overrides: only one target column is allowed; found "qty", "price"',
      ],
      [
        [{ column: 'comment', role: 'time' as const }],
        'overrides.0.role: column "comment" is text; the time role needs a date, datetime or integer column',
      ],
    ] as const;
    for (const [overrides, message] of cases) {
      const error = await applySchemaOverrides(session, file, schema, [...overrides]).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toBe(message);
    }
  });
});

describe('applyFittingOverrides', () => {
  it('applies the overrides the data still fits and leaves the others out', async () => {
    const { session, file } = await fixture();
    const { schema, applied } = await applyFittingOverrides(
      session,
      file,
      await inferSchema(session, file),
      [
        { column: 'gone', role: 'ignore' },
        { column: 'qty', role: 'target' },
        { column: 'zip', type: 'integer' },
        { column: 'price', type: 'categorical' },
      ],
    );
    expect(applied).toEqual([
      { column: 'qty', role: 'target' },
      { column: 'price', type: 'categorical' },
    ]);
    const column = (name: string) => schema.columns.find((c) => c.name === name)!;
    expect(column('qty').role).toBe('target');
    expect(column('label').role).toBe('feature');
    expect(column('zip').type).not.toBe('integer');
    expect(column('price').type).toBe('categorical');
  });
});

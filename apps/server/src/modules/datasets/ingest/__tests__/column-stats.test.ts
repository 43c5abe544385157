import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXACT_MAX_ROWS, provisionalColumn, scanTableStats } from '../column-stats.js';
import { quoteLiteral } from '../duckdb-session.js';
import { inferSchema } from '../infer-schema.js';
import { profileDataset } from '../profile.js';
import { applySchemaOverrides } from '../schema-overrides.js';
import { workspace, writeParquet } from './ingest-test-support.js';

async function scan(selectSql: string) {
  const { dir, session } = await workspace();
  const file = path.join(dir, 'v.parquet');
  await writeParquet(session, file, selectSql);
  const storage = await session.rows<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`,
  );
  const columns = storage.map((column) =>
    provisionalColumn(column.column_name, column.column_type),
  );
  const stats = await scanTableStats(session, `read_parquet(${quoteLiteral(file)})`, columns);
  return { session, file, stats };
}

describe('scanTableStats', () => {
  it('past EXACT_MAX_ROWS, still counts few-valued and all-unique columns and duplicates exactly', async () => {
    const rows = EXACT_MAX_ROWS + 200_000;
    const { stats } = await scan(
      `SELECT i AS id, 'c' || (i % 90) AS city, i % 300_000 AS bucket, i // 2 AS pair FROM range(${rows}) t(i)
       UNION ALL SELECT 0, 'c0', 0, 0`,
    );
    expect(stats.rows).toBe(rows + 1);
    expect(stats.duplicateRows).toBe(1);
    const get = (name: string) => stats.columns.get(name)!.stats;
    expect([get('id').distinct, get('id').distinctExact]).toEqual([rows, true]);
    expect([get('city').distinct, get('city').distinctExact]).toEqual([90, true]);
    // 300,000 distinct values in 1.2 M rows decide nothing: the estimate stands.
    expect(get('bucket').distinctExact).toBe(false);
    expect(Math.abs(get('bucket').distinct - 300_000) / 300_000).toBeLessThan(0.25);
  });

  it('rescans a column whose overridden type reads it differently, and reuses the rest', async () => {
    const { session, file, stats } = await scan(
      "SELECT * FROM (VALUES ('10', 'a'), ('20', 'b'), ('30', 'a'), (NULL, 'b')) t(amount, tag)",
    );
    const inferred = await inferSchema(session, file, { stats });
    expect(inferred.columns.map((column) => column.type)).toEqual(['identifier', 'categorical']);
    const schema = await applySchemaOverrides(session, file, inferred, [
      { column: 'amount', type: 'integer' },
    ]);
    const profile = await profileDataset(session, file, schema, { stats });
    const amount = profile.columns[0]!;
    expect(amount).toMatchObject({ type: 'integer', count: 3, missing: 1, distinct: 3 });
    expect(amount.numeric).toMatchObject({ min: 10, max: 30, mean: 20 });
    expect(profile.columns[1]!.topValues).toEqual([
      { value: 'a', count: 2 },
      { value: 'b', count: 2 },
    ]);
  });
});

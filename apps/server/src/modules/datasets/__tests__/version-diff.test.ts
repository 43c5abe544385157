import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspace, writeParquet } from '../ingest/__tests__/ingest-test-support.js';
import type { SchemaColumn } from '../ingest/index.js';
import { diffVersions, type DiffInput } from '../version-diff.js';

const column = (name: string, storageType: string): SchemaColumn => ({
  name,
  storageType,
  type: storageType === 'VARCHAR' ? 'categorical' : 'integer',
  role: 'feature',
  reason: '',
});

async function sides(fromSql: string, toSql: string, schemas: [SchemaColumn[], SchemaColumn[]]) {
  const { dir, session } = await workspace();
  const side = async (sql: string, number: number, schema: SchemaColumn[]): Promise<DiffInput> => {
    const parquetPath = path.join(dir, `v${number}.parquet`);
    await writeParquet(session, parquetPath, sql);
    const [counted] = await session.rows<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`);
    const rowCount = counted!.n;
    return { versionId: `v${number}`, number, rowCount, schema, profile: null, parquetPath };
  };
  return {
    session,
    from: await side(fromSql, 1, schemas[0]),
    to: await side(toSql, 2, schemas[1]),
  };
}

describe('diffVersions', () => {
  it('counts duplicate rows as often as they occur, and compares a retyped column as text', async () => {
    const { session, from, to } = await sides(
      `SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (2, 'b')) t(n, s)`,
      `SELECT * FROM (VALUES (1::BIGINT, 'a'), (2::BIGINT, 'b'), (3::BIGINT, 'c')) t(n, s)`,
      [
        [column('n', 'INTEGER'), column('s', 'VARCHAR')],
        [column('n', 'BIGINT'), column('s', 'VARCHAR')],
      ],
    );
    const diff = await diffVersions(session, 'd', from, to);
    expect(diff.rows).toMatchObject({ compared: true, added: 1, removed: 1, unchanged: 2 });
    expect(diff.schema.changed).toMatchObject([
      { name: 'n', from: { storageType: 'INTEGER' }, to: { storageType: 'BIGINT' } },
    ]);
    expect(diff.columns[0]).toEqual({
      name: 'n',
      missingShare: { from: null, to: null, delta: null },
      mean: null,
      distinct: { from: null, to: null, delta: null },
    });
  });

  it('says why rows were not compared when no column is shared or a version is too large', async () => {
    const disjoint = await sides('SELECT 1 AS a', 'SELECT 1 AS b', [
      [column('a', 'INTEGER')],
      [column('b', 'INTEGER')],
    ]);
    const apart = await diffVersions(disjoint.session, 'd', disjoint.from, disjoint.to);
    expect(apart.rows).toMatchObject({ compared: false, reason: 'no column is in both versions' });
    expect(apart.schema).toMatchObject({ added: [{ name: 'b' }], removed: [{ name: 'a' }] });

    const same = await sides('SELECT 1 AS a', 'SELECT 1 AS a', [
      [column('a', 'INTEGER')],
      [column('a', 'INTEGER')],
    ]);
    const large = await diffVersions(same.session, 'd', same.from, {
      ...same.to,
      rowCount: 1_000_001,
    });
    expect(large.rows).toMatchObject({
      compared: false,
      added: null,
      reason: 'rows are compared only when both versions have at most 1,000,000',
    });
  });
});

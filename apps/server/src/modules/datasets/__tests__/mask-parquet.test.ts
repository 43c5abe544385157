import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { hashPiiValue, REDACTED } from '../../governance/pii-masking.js';
import { orgPiiHashKey } from '../../governance/pii-hash-key.js';
import { maskParquet } from '../mask-parquet.js';

let dir: string;
const limits = () => ({ memoryLimit: '256MB', threads: 1, tempDirectory: path.join(dir, 'tmp') });

async function rowsOf(file: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
  const rows = reader.getRowObjectsJson();
  connection.closeSync();
  instance.closeSync();
  return rows;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mask-parquet-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT * FROM (VALUES (1, 'ann@example.com', 'call +44 20 7946 0958 today', 4111111111111111),
       (2, NULL, 'nothing here', 5500005555555559),
       (3, 'bob@example.org', NULL, NULL)) t(id, email, note, card))
     TO '${path.join(dir, 'source.parquet')}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('maskParquet', () => {
  it('rewrites only the planned columns, keeping row order, nulls and the other columns', async () => {
    const { key } = orgPiiHashKey('s'.repeat(32), 'org-1');
    const outputPath = path.join(dir, 'masked.parquet');
    await maskParquet({
      sourcePath: path.join(dir, 'source.parquet'),
      outputPath,
      plans: [
        { column: 'email', scope: 'value', kind: 'email', method: 'hash' },
        { column: 'note', scope: 'spans', methods: { phone: 'redact' } },
        { column: 'card', scope: 'value', kind: 'payment_card', method: 'partial' },
      ],
      key,
      limits: limits(),
    });
    expect(await rowsOf(outputPath)).toEqual([
      {
        id: 1,
        email: hashPiiValue('ann@example.com', key),
        note: `call ${REDACTED} today`,
        card: '************1111',
      },
      { id: 2, email: null, note: 'nothing here', card: '************5559' },
      { id: 3, email: hashPiiValue('bob@example.org', key), note: null, card: null },
    ]);
  });

  it('derives a different key per org and names it without revealing it', () => {
    const a = orgPiiHashKey('s'.repeat(32), 'org-1');
    const b = orgPiiHashKey('s'.repeat(32), 'org-2');
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).toBe(false);
    expect(a.keyId).toMatch(/^hmac-sha256:[0-9a-f]{16}$/);
    expect(a.keyId).not.toContain(Buffer.from(a.key).toString('hex').slice(0, 16));
  });
});

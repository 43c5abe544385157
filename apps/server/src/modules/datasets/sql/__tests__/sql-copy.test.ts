import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB, quoteLiteral } from '../../ingest/duckdb-session.js';
import { QueryTimeoutError } from '../sql-errors.js';
import { copySandboxedQuery, type MountedTable, type SqlLimits } from '../sql-sandbox.js';

let dir: string;
let limits: SqlLimits;
let birds: MountedTable;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'aistudio-sql-copy-'));
  limits = {
    memoryLimit: '128MB',
    threads: 1,
    tempDirectory: path.join(dir, 'spill'),
    timeoutMs: 10_000,
    maxSpill: '256MB',
  };
  birds = { name: 'birds', parquetPath: path.join(dir, 'birds.parquet') };
  const writer = await openDuckDB({ ...limits, tempDirectory: path.join(dir, 'writer') });
  await writer.run(
    `COPY (SELECT * FROM (VALUES ('Adelie', 3750), ('Gentoo', 5700)) t(species, mass_g))
     TO ${quoteLiteral(birds.parquetPath)} (FORMAT parquet)`,
  );
  writer.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readBack(file: string, select = 'count(*)') {
  const reader = await openDuckDB({ ...limits, tempDirectory: path.join(dir, 'reader') });
  try {
    const rows = await reader.connection.runAndReadAll(
      `SELECT ${select} FROM read_parquet(${quoteLiteral(file)})`,
    );
    return rows.getRows();
  } finally {
    reader.close();
  }
}

describe('copySandboxedQuery', () => {
  it('writes every row, past any page cap, in the query order', async () => {
    const outputPath = path.join(dir, 'many.parquet');
    const rows = await copySandboxedQuery(
      { query: 'SELECT range AS n FROM range(25000) ORDER BY n DESC;', tables: [], outputPath },
      limits,
    );
    expect(rows).toBe(25_000);
    expect(await readBack(outputPath, 'n')).toHaveLength(25_000);
    expect((await readBack(outputPath, 'n'))[0]).toEqual([24_999n]);
  });

  it('reads the mounted tables and survives a trailing line comment', async () => {
    const outputPath = path.join(dir, 'heavy.parquet');
    await copySandboxedQuery(
      {
        query: 'SELECT species FROM birds WHERE mass_g > 5000 -- the heavy ones',
        tables: [birds],
        outputPath,
      },
      limits,
    );
    expect(await readBack(outputPath, 'species')).toEqual([['Gentoo']]);
  });

  it('stops at the timeout and leaves no spill directory', async () => {
    const outputPath = path.join(dir, 'slow.parquet');
    const error = await copySandboxedQuery(
      {
        query: 'SELECT count(*) FROM range(1000000000) a, range(1000000000) b',
        tables: [],
        outputPath,
      },
      { ...limits, timeoutMs: 300 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect(await readdir(limits.tempDirectory)).toEqual([]);
    await expect(stat(outputPath)).rejects.toThrow();
  });
});

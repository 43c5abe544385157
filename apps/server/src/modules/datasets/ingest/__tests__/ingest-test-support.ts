import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDuckDB, quoteLiteral, type DuckDBSession } from '../duckdb-session.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh temp dir and a small DuckDB spilling into it; both go away after the test. */
export async function workspace(): Promise<{ dir: string; session: DuckDBSession }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aistudio-ingest-'));
  const session = await openDuckDB({
    memoryLimit: '256MB',
    threads: 1,
    tempDirectory: path.join(dir, 'spill'),
  });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  cleanups.push(() => session.close());
  return { dir, session };
}

/** Every row of a Parquet file in file order. */
export function readParquet(session: DuckDBSession, file: string) {
  return session.rows(`SELECT * FROM read_parquet(${quoteLiteral(file)})`);
}

/** Writes rows through DuckDB as Parquet, for inputs and for profile fixtures. */
export async function writeParquet(session: DuckDBSession, file: string, selectSql: string) {
  await session.run(`COPY (${selectSql}) TO ${quoteLiteral(file)} (FORMAT parquet)`);
}

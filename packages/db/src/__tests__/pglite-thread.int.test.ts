import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isUniqueViolation,
  openDatabase,
  sqlState,
  violatedConstraint,
  type Database,
} from '../index.js';
import { PGliteThread } from '../pglite-thread.js';

describe('embedded database on its own thread', () => {
  let database: Database;
  // The shared Drizzle type leaves a raw result's shape to the driver.
  const rowsOf = async <T>(query: SQL) =>
    ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const count = async () =>
    (await rowsOf<{ n: number }>(sql`SELECT count(*)::int AS n FROM t`))[0]!.n;

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite', dataDir: null });
    await database.db.execute(sql`CREATE TABLE t (id int PRIMARY KEY, at timestamptz)`);
  });
  afterAll(() => database.close());

  it('keeps the SQLSTATE and constraint of a failed statement', async () => {
    await database.db.execute(sql`INSERT INTO t (id) VALUES (1)`);
    const error = await database.db
      .execute(sql`INSERT INTO t (id) VALUES (1)`)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(violatedConstraint(error)).toBe('t_pkey');
    const bad = await database.db.execute(sql`SELECT 1/0`).catch((e: unknown) => e);
    expect(sqlState(bad)).toBe('22012');
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const before = await count();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t (id) VALUES (100)`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO t (id) VALUES (101)`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await count()).toBe(before + 1);
  });

  it('rolls back to a savepoint when a nested transaction throws', async () => {
    const before = await count();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t (id) VALUES (200)`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`INSERT INTO t (id) VALUES (201)`);
          throw new Error('inner only');
        })
        .catch(() => {});
    });
    expect(await count()).toBe(before + 1);
  });

  it('holds other statements back until an open transaction ends', async () => {
    let outside: Promise<number> | undefined;
    let outsideDone = false;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO t (id) VALUES (300)`);
      // Sent while the transaction is open: it must run after the commit, not inside it.
      outside = count().finally(() => (outsideDone = true));
      await tx.execute(sql`INSERT INTO t (id) VALUES (301)`);
      expect(outsideDone).toBe(false);
    });
    expect(await outside).toBe(await count());
    const rows = await rowsOf<{ id: number }>(sql`SELECT id FROM t WHERE id >= 300`);
    expect(rows.map((r) => r.id).sort()).toEqual([300, 301]);
  });

  it('hands timestamps over as text, for Drizzle to parse as it does in-process', async () => {
    await database.db.execute(sql`INSERT INTO t (id, at) VALUES (400, '2026-01-02T03:04:05Z')`);
    const [row] = await rowsOf<{ at: unknown }>(sql`SELECT at FROM t WHERE id = 400`);
    expect(typeof row!.at).toBe('string');
    expect(new Date(row!.at as string).toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('fails statements after close instead of waiting forever', async () => {
    const thread = await PGliteThread.start(null);
    await thread.close();
    await expect(thread.query('SELECT 1')).rejects.toThrow('embedded database thread stopped');
  });

  it('lets a process that forgot to close the database exit', async () => {
    const script = `
      const { openDatabase } = await import(${JSON.stringify(new URL('../index.ts', import.meta.url).href)});
      const { sql } = await import('drizzle-orm');
      const database = await openDatabase({ kind: 'pglite', dataDir: null });
      const { rows } = await database.db.execute(sql\`SELECT 41 + 1 AS answer\`);
      console.log(rows[0].answer);
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--conditions=@aistudio/source', '--input-type=module', '-e', script],
      { timeout: 60_000 },
    );
    expect(stdout.trim()).toBe('42');
  });
});

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { lockDirectory } from './directory-lock.js';
import { PGliteThread } from './pglite-thread.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The Drizzle handle both drivers share: repositories are written once against it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies pending SQL migrations; safe to run on every start. */
  migrate(): Promise<void>;
  /** Round-trips a trivial query; used by readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string | null };

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Opens PostgreSQL (scale mode) or PGlite in a directory, or in memory when `dataDir` is null.
 * PGlite runs on a worker thread of its own, so its queries never hold up the caller's thread.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle connection the server ends (restart, failover, DROP DATABASE … FORCE) emits an
    // error; without a listener that kills the process. The pool has already dropped the
    // client, and the next query opens a fresh one, so there is nothing else to do.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { schema });
    return {
      db: db as unknown as Db,
      kind: 'postgres',
      migrate: () => migratePg(db, { migrationsFolder }),
      ping: async () => void (await db.execute(sql`select 1`)),
      close: () => pool.end(),
    };
  }
  let unlock = () => {};
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    unlock = lockDirectory(`${target.dataDir}.lock`, `The embedded database in ${target.dataDir}`);
  }
  let client: PGliteThread;
  try {
    client = await PGliteThread.start(target.dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  // Drizzle's PGlite driver calls only `query` and `transaction`, which the thread provides.
  const db = drizzlePglite(client as unknown as PGlite, { schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => void (await db.execute(sql`select 1`)),
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

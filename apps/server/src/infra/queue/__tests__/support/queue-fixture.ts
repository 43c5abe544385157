import { eq } from 'drizzle-orm';
import { openDatabase, schema, type Database, type Db } from '@aistudio/db';
import { openTestDatabase } from '../../../../__tests__/support/test-app.js';
import type { JobRow } from '../../job-queue.js';

/** A fresh database (PGlite, or PostgreSQL under int-postgres) and helpers to inspect jobs. */
export async function openQueueDatabase() {
  const opened = await openTestDatabase();
  const extra: Database[] = [];
  return {
    db: opened.database.db,
    url: opened.url,
    /** Another connection pool on the same database, as a second process would have. */
    async secondConnection(): Promise<Db> {
      if (!opened.url) return opened.database.db; // PGlite: one process owns the database
      const database = await openDatabase({ kind: 'postgres', url: opened.url, poolSize: 3 });
      extra.push(database);
      return database.db;
    },
    async close() {
      for (const database of extra) await database.close();
      await opened.drop();
    },
  };
}

export async function createOrg(db: Db, name = 'Jobs test org'): Promise<string> {
  const [org] = await db.insert(schema.orgs).values({ name, kind: 'team' }).returning();
  return org!.id;
}

export async function jobRow(db: Db, id: string): Promise<JobRow> {
  const [row] = await db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
  return row!;
}

export async function jobLogLines(db: Db, id: string) {
  return db
    .select()
    .from(schema.jobLogs)
    .where(eq(schema.jobLogs.jobId, id))
    .orderBy(schema.jobLogs.seq);
}

/** Polls until `check` returns a value (not undefined/false) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A promise with its resolve exposed: a handler waits on it until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Resolves when the signal aborts (a handler that only stops when told). */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

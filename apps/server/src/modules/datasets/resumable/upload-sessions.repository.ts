import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';
import type { PartialBlobState } from '../../../infra/storage/blob-storage.js';

export type UploadSessionRow = typeof schema.uploadSessions.$inferSelect;

const s = schema.uploadSessions;

/** All SQL of resumable uploads. */
export class UploadSessionsRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof s.$inferInsert): Promise<UploadSessionRow> {
    const [row] = await this.db.insert(s).values(values).returning();
    return row!;
  }

  async find(id: string): Promise<UploadSessionRow | undefined> {
    const [row] = await this.db.select().from(s).where(eq(s.id, id));
    return row;
  }

  /**
   * Takes the session for one PATCH (or the finish) until `until`; undefined when another request
   * holds it. The hold is what keeps two PATCHes from appending at the same offset.
   */
  async claim(id: string, until: Date): Promise<UploadSessionRow | undefined> {
    const [row] = await this.db
      .update(s)
      .set({ busyUntil: until })
      .where(and(eq(s.id, id), or(isNull(s.busyUntil), lt(s.busyUntil, sql`now()`))))
      .returning();
    return row;
  }

  /** Records what a PATCH stored. */
  async recordAppend(id: string, receivedBytes: number, storageState: PartialBlobState) {
    await this.db.update(s).set({ receivedBytes, storageState }).where(eq(s.id, id));
  }

  /** Keeps holding the session while a long PATCH streams. */
  async renewHold(id: string, until: Date): Promise<void> {
    await this.db.update(s).set({ busyUntil: until }).where(eq(s.id, id));
  }

  async release(id: string): Promise<void> {
    await this.db.update(s).set({ busyUntil: null }).where(eq(s.id, id));
  }

  /** Deletes the row; false when another request deleted it first. */
  async delete(id: string): Promise<boolean> {
    const rows = await this.db.delete(s).where(eq(s.id, id)).returning({ id: s.id });
    return rows.length > 0;
  }

  /** An org's expired sessions that no request holds, oldest first. */
  findExpired(orgId: string, limit: number): Promise<UploadSessionRow[]> {
    return this.db
      .select()
      .from(s)
      .where(
        and(
          eq(s.orgId, orgId),
          lt(s.expiresAt, sql`now()`),
          or(isNull(s.busyUntil), lt(s.busyUntil, sql`now()`)),
        ),
      )
      .orderBy(s.expiresAt)
      .limit(limit);
  }

  async countForOrg(orgId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(s)
      .where(eq(s.orgId, orgId));
    return row?.n ?? 0;
  }
}

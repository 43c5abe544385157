import { desc, eq, lt } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

/** All SQL of the deny list. */
export class DeniedHashesRepository {
  constructor(private readonly db: Db) {}

  findPage(limit: number, afterId: string | null) {
    const d = schema.deniedHashes;
    return this.db
      .select()
      .from(d)
      .where(afterId ? lt(d.id, afterId) : undefined)
      .orderBy(desc(d.id))
      .limit(limit + 1);
  }

  async findBySha(sha256: string) {
    const [row] = await this.db
      .select()
      .from(schema.deniedHashes)
      .where(eq(schema.deniedHashes.sha256, sha256));
    return row;
  }

  async insert(values: typeof schema.deniedHashes.$inferInsert) {
    const [row] = await this.db.insert(schema.deniedHashes).values(values).returning();
    return row!;
  }

  async delete(id: string) {
    const [row] = await this.db
      .delete(schema.deniedHashes)
      .where(eq(schema.deniedHashes.id, id))
      .returning();
    return row;
  }
}

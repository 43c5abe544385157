import { eq } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type BatchScoringRow = typeof schema.batchScorings.$inferSelect;

/** All SQL of batch scoring. */
export class BatchScoringRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof schema.batchScorings.$inferInsert): Promise<BatchScoringRow> {
    const [row] = await this.db.insert(schema.batchScorings).values(values).returning();
    return row!;
  }

  async find(id: string): Promise<BatchScoringRow | undefined> {
    const [row] = await this.db
      .select()
      .from(schema.batchScorings)
      .where(eq(schema.batchScorings.id, id));
    return row;
  }

  async recordOutput(id: string, outputVersionId: string, rowCount: number): Promise<void> {
    await this.db
      .update(schema.batchScorings)
      .set({ outputVersionId, rowCount })
      .where(eq(schema.batchScorings.id, id));
  }

  async findJob(id: string) {
    const [row] = await this.db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
    return row;
  }
}

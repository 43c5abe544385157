import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type BatchScoringRow = typeof schema.batchScorings.$inferSelect;

const b = schema.batchScorings;

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

  /** A project's finished scorings by any of the model versions (lineage: version → output). */
  async outputsOfModelVersions(
    projectId: string,
    modelVersionIds: string[],
  ): Promise<BatchScoringRow[]> {
    if (modelVersionIds.length === 0) return [];
    return this.db
      .select()
      .from(b)
      .where(
        and(
          eq(b.projectId, projectId),
          inArray(b.modelVersionId, modelVersionIds),
          isNotNull(b.outputVersionId),
        ),
      )
      .orderBy(asc(b.id));
  }

  /** A project's finished scorings that read the dataset version (lineage: input → output). */
  async outputsOfSource(projectId: string, sourceVersionId: string): Promise<BatchScoringRow[]> {
    return this.db
      .select()
      .from(b)
      .where(
        and(
          eq(b.projectId, projectId),
          eq(b.sourceVersionId, sourceVersionId),
          isNotNull(b.outputVersionId),
        ),
      )
      .orderBy(asc(b.id));
  }

  /** The scoring that wrote the dataset version, if one did (lineage: its model and input). */
  async scoringThatWrote(
    projectId: string,
    outputVersionId: string,
  ): Promise<BatchScoringRow | undefined> {
    const [row] = await this.db
      .select()
      .from(b)
      .where(and(eq(b.projectId, projectId), eq(b.outputVersionId, outputVersionId)));
    return row;
  }
}

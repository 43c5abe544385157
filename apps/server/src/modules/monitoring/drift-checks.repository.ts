import { and, asc, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type DriftCheckRow = typeof schema.driftChecks.$inferSelect;

const c = schema.driftChecks;
const logs = schema.predictionLogs;

/** A logged prediction as the drift check reads it. */
export interface LoggedPrediction {
  features: Record<string, unknown>;
  output: Record<string, unknown>;
  modelVersionId: string;
}

/** All SQL of drift checks. Callers authorize first. */
export class DriftChecksRepository {
  constructor(private readonly db: Db) {}

  async insert(values: typeof c.$inferInsert): Promise<DriftCheckRow> {
    const [row] = await this.db.insert(c).values(values).onConflictDoNothing().returning();
    return row ?? (await this.findByJob(values.jobId))!;
  }

  async find(id: string): Promise<DriftCheckRow | undefined> {
    const [row] = await this.db.select().from(c).where(eq(c.id, id));
    return row;
  }

  async findByJob(jobId: string): Promise<DriftCheckRow | undefined> {
    const [row] = await this.db.select().from(c).where(eq(c.jobId, jobId));
    return row;
  }

  /** A page of a deployment's checks, newest first. */
  findPage(deploymentId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(c)
      .where(and(eq(c.deploymentId, deploymentId), beforeId ? lt(c.id, beforeId) : undefined))
      .orderBy(desc(c.id))
      .limit(limit + 1);
  }

  /** The newest finished check of the deployment. */
  async findLatestSucceeded(deploymentId: string): Promise<DriftCheckRow | undefined> {
    const [row] = await this.db
      .select()
      .from(c)
      .where(and(eq(c.deploymentId, deploymentId), eq(c.status, 'succeeded')))
      .orderBy(desc(c.id))
      .limit(1);
    return row;
  }

  async update(
    id: string,
    values: Omit<Partial<typeof c.$inferInsert>, 'id' | 'orgId' | 'projectId' | 'deploymentId'>,
  ): Promise<void> {
    await this.db.update(c).set(values).where(eq(c.id, id));
  }

  /** Non-shadow logged predictions of the window, newest first, at most `limit`. */
  findLoggedPredictions(
    deploymentId: string,
    window: { start: Date; end: Date },
    limit: number,
  ): Promise<LoggedPrediction[]> {
    return this.db
      .select({
        features: logs.features,
        output: logs.output,
        modelVersionId: logs.modelVersionId,
      })
      .from(logs)
      .where(
        and(
          eq(logs.deploymentId, deploymentId),
          eq(logs.shadow, false),
          gte(logs.createdAt, window.start),
          lte(logs.createdAt, window.end),
        ),
      )
      .orderBy(desc(logs.createdAt))
      .limit(limit);
  }

  /** The model version and the dataset versions it was trained on (its run's first). */
  async findTrainingData(modelVersionId: string) {
    const v = schema.modelVersions;
    const [version] = await this.db.select().from(v).where(eq(v.id, modelVersionId));
    if (!version) return undefined;
    const run = version.runId
      ? (
          await this.db
            .select({ datasetVersionId: schema.runs.datasetVersionId })
            .from(schema.runs)
            .where(eq(schema.runs.id, version.runId))
        )[0]
      : undefined;
    const lineage = await this.db
      .select({ datasetVersionId: schema.modelVersionDatasets.datasetVersionId })
      .from(schema.modelVersionDatasets)
      .where(eq(schema.modelVersionDatasets.modelVersionId, modelVersionId))
      .orderBy(asc(schema.modelVersionDatasets.datasetVersionId));
    return {
      version,
      datasetVersionId: run?.datasetVersionId ?? lineage[0]?.datasetVersionId ?? null,
    };
  }
}

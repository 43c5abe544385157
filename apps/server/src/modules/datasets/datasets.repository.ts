import { and, desc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { SchemaOverride } from '@aistudio/contracts';
import { schema, type Db } from '@aistudio/db';

export type DatasetRow = typeof schema.datasets.$inferSelect;
export type DatasetVersionRow = typeof schema.datasetVersions.$inferSelect;
export type BlobRow = typeof schema.blobs.$inferSelect;
export type ReviewRow = typeof schema.reviews.$inferSelect;
export type ValidationRuleRow = typeof schema.datasetValidationRules.$inferSelect;

/** A version with what its API view needs from the blob and its latest review. */
export interface VersionView {
  version: DatasetVersionRow;
  blob: BlobRow | null;
  review: ReviewRow | null;
}

/** All SQL of the datasets feature. */
export class DatasetsRepository {
  constructor(private readonly db: Db) {}

  async findBlobBySha(orgId: string, sha256: string): Promise<BlobRow | undefined> {
    const [row] = await this.db
      .select()
      .from(schema.blobs)
      .where(and(eq(schema.blobs.orgId, orgId), eq(schema.blobs.sha256, sha256)));
    return row;
  }

  async insertBlob(values: typeof schema.blobs.$inferInsert): Promise<BlobRow> {
    const [row] = await this.db.insert(schema.blobs).values(values).returning();
    return row!;
  }

  async findBlob(id: string): Promise<BlobRow | undefined> {
    const [row] = await this.db.select().from(schema.blobs).where(eq(schema.blobs.id, id));
    return row;
  }

  async insertDataset(values: typeof schema.datasets.$inferInsert): Promise<DatasetRow> {
    const [row] = await this.db.insert(schema.datasets).values(values).returning();
    return row!;
  }

  /** The dataset unless soft-deleted; locked when adding a version so numbers never collide. */
  async findDataset(id: string, options: { lock?: boolean } = {}): Promise<DatasetRow | undefined> {
    const query = this.db
      .select()
      .from(schema.datasets)
      .where(and(eq(schema.datasets.id, id), isNull(schema.datasets.deletedAt)));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  /** The project's live dataset of that name (names are unique per project, ignoring case), locked. */
  async findDatasetByNameForUpdate(
    projectId: string,
    name: string,
  ): Promise<DatasetRow | undefined> {
    const [row] = await this.db
      .select()
      .from(schema.datasets)
      .where(
        and(
          eq(schema.datasets.projectId, projectId),
          sql`lower(${schema.datasets.name}) = lower(${name})`,
          isNull(schema.datasets.deletedAt),
        ),
      )
      .for('update');
    return row;
  }

  async nextVersionNumber(datasetId: string): Promise<number> {
    const [row] = await this.db
      .select({ max: sql<number | null>`max(${schema.datasetVersions.number})` })
      .from(schema.datasetVersions)
      .where(eq(schema.datasetVersions.datasetId, datasetId));
    return (row?.max ?? 0) + 1;
  }

  async insertVersion(
    values: typeof schema.datasetVersions.$inferInsert,
  ): Promise<DatasetVersionRow> {
    const [row] = await this.db.insert(schema.datasetVersions).values(values).returning();
    return row!;
  }

  async touchDataset(id: string): Promise<void> {
    await this.db
      .update(schema.datasets)
      .set({ updatedAt: new Date() })
      .where(eq(schema.datasets.id, id));
  }

  async softDeleteDataset(id: string): Promise<void> {
    await this.db
      .update(schema.datasets)
      .set({ deletedAt: new Date() })
      .where(eq(schema.datasets.id, id));
  }

  /** One page of a project's datasets, newest first. */
  findDatasetPage(projectId: string, limit: number, afterId: string | null) {
    const d = schema.datasets;
    return this.db
      .select()
      .from(d)
      .where(
        and(
          eq(d.projectId, projectId),
          isNull(d.deletedAt),
          afterId ? lt(d.id, afterId) : undefined,
        ),
      )
      .orderBy(desc(d.id))
      .limit(limit + 1);
  }

  /** Per dataset: how many versions, and the newest version with its blob and review. */
  async latestVersions(
    datasetIds: string[],
  ): Promise<Map<string, { count: number; latest: VersionView }>> {
    if (datasetIds.length === 0) return new Map();
    const v = schema.datasetVersions;
    const counts = await this.db
      .select({
        datasetId: v.datasetId,
        count: sql<number>`count(*)::int`,
        latest: sql<string>`max(${v.id}::text)`,
      })
      .from(v)
      .where(inArray(v.datasetId, datasetIds))
      .groupBy(v.datasetId);
    const views = await this.versionViews(counts.map((c) => c.latest));
    const byId = new Map(views.map((view) => [view.version.id, view]));
    return new Map(
      counts.map((c) => [c.datasetId, { count: c.count, latest: byId.get(c.latest)! }]),
    );
  }

  /** A dataset's versions, newest first. */
  async versionsOf(datasetId: string, limit: number, afterId: string | null) {
    const v = schema.datasetVersions;
    const rows = await this.db
      .select({ id: v.id })
      .from(v)
      .where(and(eq(v.datasetId, datasetId), afterId ? lt(v.id, afterId) : undefined))
      .orderBy(desc(v.id))
      .limit(limit + 1);
    const views = await this.versionViews(rows.map((r) => r.id));
    const byId = new Map(views.map((view) => [view.version.id, view]));
    return rows.map((r) => ({ id: r.id, view: byId.get(r.id)! }));
  }

  /** Versions with their blob and latest review, in no particular order. */
  async versionViews(ids: string[]): Promise<VersionView[]> {
    if (ids.length === 0) return [];
    const v = schema.datasetVersions;
    const rows = await this.db
      .select({ version: v, blob: schema.blobs })
      .from(v)
      .leftJoin(schema.blobs, eq(schema.blobs.id, v.blobId))
      .where(inArray(v.id, ids));
    const reviews = await this.db
      .select()
      .from(schema.reviews)
      .where(inArray(schema.reviews.datasetVersionId, ids))
      .orderBy(desc(schema.reviews.id));
    const reviewOf = new Map<string, ReviewRow>();
    for (const r of reviews)
      if (!reviewOf.has(r.datasetVersionId)) reviewOf.set(r.datasetVersionId, r);
    return rows.map((r) => ({ ...r, review: reviewOf.get(r.version.id) ?? null }));
  }

  /** The version with its (not deleted) dataset, for authorization and views. */
  async findVersion(id: string) {
    const [row] = await this.db
      .select({ version: schema.datasetVersions, dataset: schema.datasets })
      .from(schema.datasetVersions)
      .innerJoin(schema.datasets, eq(schema.datasets.id, schema.datasetVersions.datasetId))
      .where(and(eq(schema.datasetVersions.id, id), isNull(schema.datasets.deletedAt)));
    return row;
  }

  /** Version `number` of a dataset (the caller has checked the dataset is visible). */
  async findVersionByNumber(
    datasetId: string,
    number: number,
  ): Promise<DatasetVersionRow | undefined> {
    const v = schema.datasetVersions;
    const [row] = await this.db
      .select()
      .from(v)
      .where(and(eq(v.datasetId, datasetId), eq(v.number, number)));
    return row;
  }

  /** The effective schema of the dataset's newest ready version, or undefined when none is ready. */
  async latestReadySchema(datasetId: string): Promise<{ name: string }[] | undefined> {
    const v = schema.datasetVersions;
    const [row] = await this.db
      .select({ schema: v.schema })
      .from(v)
      .where(and(eq(v.datasetId, datasetId), eq(v.status, 'ready')))
      .orderBy(desc(v.number))
      .limit(1);
    return (row?.schema as { name: string }[] | null | undefined) ?? undefined;
  }

  /** The schema overrides of the newest ready version numbered below `number`; none if none. */
  async overridesBefore(datasetId: string, number: number): Promise<SchemaOverride[]> {
    const v = schema.datasetVersions;
    const [row] = await this.db
      .select({ overrides: v.schemaOverrides })
      .from(v)
      .where(and(eq(v.datasetId, datasetId), eq(v.status, 'ready'), lt(v.number, number)))
      .orderBy(desc(v.number))
      .limit(1);
    return (row?.overrides as SchemaOverride[] | null | undefined) ?? [];
  }

  /** A dataset's validation rules, oldest first (the order they are evaluated and shown in). */
  rulesOf(datasetId: string): Promise<ValidationRuleRow[]> {
    const r = schema.datasetValidationRules;
    return this.db.select().from(r).where(eq(r.datasetId, datasetId)).orderBy(r.id);
  }

  async insertRule(
    values: typeof schema.datasetValidationRules.$inferInsert,
  ): Promise<ValidationRuleRow> {
    const [row] = await this.db.insert(schema.datasetValidationRules).values(values).returning();
    return row!;
  }

  /** Deletes a rule of this dataset; undefined when the dataset has no such rule. */
  async deleteRule(datasetId: string, ruleId: string): Promise<ValidationRuleRow | undefined> {
    const r = schema.datasetValidationRules;
    const [row] = await this.db
      .delete(r)
      .where(and(eq(r.id, ruleId), eq(r.datasetId, datasetId)))
      .returning();
    return row;
  }

  async updateVersion(
    id: string,
    values: Partial<typeof schema.datasetVersions.$inferInsert>,
  ): Promise<void> {
    await this.db
      .update(schema.datasetVersions)
      .set(values)
      .where(eq(schema.datasetVersions.id, id));
  }

  /** The stored overrides of a version, row-locked until the transaction ends. */
  async lockOverrides(id: string): Promise<unknown> {
    const v = schema.datasetVersions;
    const [row] = await this.db
      .select({ overrides: v.schemaOverrides })
      .from(v)
      .where(eq(v.id, id))
      .for('update');
    return row?.overrides ?? null;
  }

  /**
   * Stores a validation report and, in the same statement, the quality score that follows from
   * it: only the score is replaced, so a profile rebuilt meanwhile (schema override) stays.
   */
  async storeValidation(id: string, report: unknown, quality: unknown | null): Promise<void> {
    const v = schema.datasetVersions;
    await this.db
      .update(v)
      .set({
        validation: report,
        ...(quality !== null && {
          profile: sql`jsonb_set(${v.profile}, '{quality}', ${JSON.stringify(quality)}::jsonb)`,
        }),
      })
      .where(eq(v.id, id));
  }

  /** Marks a version failed unless something already moved it on. */
  async failIfProcessing(id: string, error: string): Promise<void> {
    const v = schema.datasetVersions;
    await this.db
      .update(v)
      .set({ status: 'failed', error })
      .where(and(eq(v.id, id), eq(v.status, 'processing')));
  }

  /** Other versions of the project holding the same bytes, newest first. */
  async versionsWithBlob(blobId: string, exceptVersionId: string, projectId: string) {
    const v = schema.datasetVersions;
    return this.db
      .select({ versionId: v.id, datasetId: v.datasetId })
      .from(v)
      .innerJoin(schema.datasets, eq(schema.datasets.id, v.datasetId))
      .where(
        and(
          eq(v.blobId, blobId),
          ne(v.id, exceptVersionId),
          eq(v.projectId, projectId),
          isNull(schema.datasets.deletedAt),
        ),
      )
      .orderBy(desc(v.id))
      .limit(1);
  }

  async insertReview(values: typeof schema.reviews.$inferInsert): Promise<ReviewRow> {
    const [row] = await this.db.insert(schema.reviews).values(values).returning();
    return row!;
  }

  async findJob(id: string) {
    const [row] = await this.db.select().from(schema.jobs).where(eq(schema.jobs.id, id));
    return row;
  }
}

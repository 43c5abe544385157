import { and, asc, desc, eq, ilike, inArray, lt, max, or, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

export type ModelRow = typeof schema.registeredModels.$inferSelect;
export type ModelVersionRow = typeof schema.modelVersions.$inferSelect;
export type ModelArtifactRow = typeof schema.modelVersionArtifacts.$inferSelect;
export type AliasRow = typeof schema.modelAliases.$inferSelect;
export type AliasEventRow = typeof schema.modelAliasEvents.$inferSelect;

const m = schema.registeredModels;
const v = schema.modelVersions;
const a = schema.modelAliases;

/** All SQL of the model registry. Callers authorize first; every lookup returns the project to check. */
export class ModelsRepository {
  constructor(private readonly db: Db) {}

  async insertModel(values: typeof m.$inferInsert): Promise<ModelRow> {
    const [row] = await this.db.insert(m).values(values).returning();
    return row!;
  }

  async findModel(id: string, options: { lock?: boolean } = {}): Promise<ModelRow | undefined> {
    const query = this.db.select().from(m).where(eq(m.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    return row;
  }

  /** A page of a project's models, newest first; `search` matches name, description or a tag value. */
  findModelPage(projectId: string, limit: number, beforeId: string | null, search?: string) {
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return this.db
      .select()
      .from(m)
      .where(
        and(
          eq(m.projectId, projectId),
          beforeId ? lt(m.id, beforeId) : undefined,
          pattern
            ? or(
                ilike(m.name, pattern),
                ilike(m.description, pattern),
                sql`exists (select 1 from jsonb_each_text(${m.tags}) t where t.value ilike ${pattern} or t.key ilike ${pattern})`,
              )
            : undefined,
        ),
      )
      .orderBy(desc(m.id))
      .limit(limit + 1);
  }

  async findModels(ids: string[]): Promise<Map<string, ModelRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.select().from(m).where(inArray(m.id, ids));
    return new Map(rows.map((row) => [row.id, row]));
  }

  async updateModel(id: string, values: Partial<typeof m.$inferInsert>): Promise<ModelRow> {
    const [row] = await this.db
      .update(m)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(m.id, id))
      .returning();
    return row!;
  }

  async deleteModel(id: string): Promise<void> {
    await this.db.delete(m).where(eq(m.id, id));
  }

  /** Highest version number per model. */
  async latestNumbers(modelIds: string[]): Promise<Map<string, number>> {
    if (modelIds.length === 0) return new Map();
    const rows = await this.db
      .select({ modelId: v.modelId, latest: max(v.number) })
      .from(v)
      .where(inArray(v.modelId, modelIds))
      .groupBy(v.modelId);
    return new Map(rows.map((row) => [row.modelId, row.latest ?? 0]));
  }

  async nextVersionNumber(modelId: string): Promise<number> {
    const [row] = await this.db
      .select({ latest: max(v.number) })
      .from(v)
      .where(eq(v.modelId, modelId));
    return (row?.latest ?? 0) + 1;
  }

  async insertVersion(values: typeof v.$inferInsert): Promise<ModelVersionRow> {
    const [row] = await this.db.insert(v).values(values).returning();
    return row!;
  }

  async findVersion(id: string): Promise<ModelVersionRow | undefined> {
    const [row] = await this.db.select().from(v).where(eq(v.id, id));
    return row;
  }

  async findVersionByNumber(modelId: string, number: number): Promise<ModelVersionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(v)
      .where(and(eq(v.modelId, modelId), eq(v.number, number)));
    return row;
  }

  async findVersionByAlias(modelId: string, alias: string): Promise<ModelVersionRow | undefined> {
    const [row] = await this.db
      .select({ version: v })
      .from(a)
      .innerJoin(v, eq(v.id, a.modelVersionId))
      .where(and(eq(a.modelId, modelId), eq(a.alias, alias)));
    return row?.version;
  }

  findVersionPage(modelId: string, limit: number, beforeId: string | null) {
    return this.db
      .select()
      .from(v)
      .where(and(eq(v.modelId, modelId), beforeId ? lt(v.id, beforeId) : undefined))
      .orderBy(desc(v.id))
      .limit(limit + 1);
  }

  async versionsOfRuns(runIds: string[]): Promise<ModelVersionRow[]> {
    if (runIds.length === 0) return [];
    return this.db.select().from(v).where(inArray(v.runId, runIds)).orderBy(asc(v.id));
  }

  /** Training runs (sweep trials included, sweeps themselves not) that read a dataset version. */
  runsTrainedOn(datasetVersionId: string) {
    const r = schema.runs;
    return this.db
      .select()
      .from(r)
      .where(and(eq(r.datasetVersionId, datasetVersionId), eq(r.kind, 'train')))
      .orderBy(asc(r.id));
  }

  async versionsTrainedOn(datasetVersionId: string): Promise<ModelVersionRow[]> {
    return this.db
      .select({ version: v })
      .from(schema.modelVersionDatasets)
      .innerJoin(v, eq(v.id, schema.modelVersionDatasets.modelVersionId))
      .where(eq(schema.modelVersionDatasets.datasetVersionId, datasetVersionId))
      .orderBy(asc(v.id))
      .then((rows) => rows.map((row) => row.version));
  }

  async updateVersion(
    id: string,
    values: Partial<typeof v.$inferInsert>,
  ): Promise<ModelVersionRow> {
    const [row] = await this.db
      .update(v)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(v.id, id))
      .returning();
    return row!;
  }

  async insertDatasetLinks(
    orgId: string,
    modelVersionId: string,
    datasetVersionIds: string[],
  ): Promise<void> {
    if (datasetVersionIds.length === 0) return;
    await this.db
      .insert(schema.modelVersionDatasets)
      .values(
        datasetVersionIds.map((datasetVersionId) => ({ orgId, modelVersionId, datasetVersionId })),
      );
  }

  /** Dataset version ids per model version, in insertion order. */
  async datasetLinks(versionIds: string[]): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>();
    if (versionIds.length === 0) return links;
    const rows = await this.db
      .select()
      .from(schema.modelVersionDatasets)
      .where(inArray(schema.modelVersionDatasets.modelVersionId, versionIds));
    for (const row of rows) {
      links.set(row.modelVersionId, [
        ...(links.get(row.modelVersionId) ?? []),
        row.datasetVersionId,
      ]);
    }
    return links;
  }

  async insertArtifact(values: typeof schema.modelVersionArtifacts.$inferInsert): Promise<void> {
    await this.db.insert(schema.modelVersionArtifacts).values(values);
  }

  async artifactsOf(versionIds: string[]): Promise<ModelArtifactRow[]> {
    if (versionIds.length === 0) return [];
    return this.db
      .select()
      .from(schema.modelVersionArtifacts)
      .where(inArray(schema.modelVersionArtifacts.modelVersionId, versionIds))
      .orderBy(asc(schema.modelVersionArtifacts.name));
  }

  /** Every artifact of a model's versions (to delete their files with the model). */
  async artifactsOfModel(modelId: string): Promise<ModelArtifactRow[]> {
    return this.db
      .select({ artifact: schema.modelVersionArtifacts })
      .from(schema.modelVersionArtifacts)
      .innerJoin(v, eq(v.id, schema.modelVersionArtifacts.modelVersionId))
      .where(eq(v.modelId, modelId))
      .then((rows) => rows.map((row) => row.artifact));
  }

  aliasesOf(modelIds: string[]) {
    if (modelIds.length === 0) return Promise.resolve([]);
    return this.db
      .select({
        modelId: a.modelId,
        alias: a.alias,
        versionId: v.id,
        number: v.number,
        updatedAt: a.updatedAt,
      })
      .from(a)
      .innerJoin(v, eq(v.id, a.modelVersionId))
      .where(inArray(a.modelId, modelIds))
      .orderBy(asc(a.alias));
  }

  async findAlias(modelId: string, alias: string): Promise<AliasRow | undefined> {
    const [row] = await this.db
      .select()
      .from(a)
      .where(and(eq(a.modelId, modelId), eq(a.alias, alias)));
    return row;
  }

  async upsertAlias(values: typeof a.$inferInsert): Promise<void> {
    await this.db
      .insert(a)
      .values(values)
      .onConflictDoUpdate({
        target: [a.modelId, a.alias],
        set: {
          modelVersionId: values.modelVersionId,
          updatedBy: values.updatedBy,
          updatedAt: new Date(),
        },
      });
  }

  async deleteAlias(modelId: string, alias: string): Promise<void> {
    await this.db.delete(a).where(and(eq(a.modelId, modelId), eq(a.alias, alias)));
  }

  async appendAliasEvent(values: typeof schema.modelAliasEvents.$inferInsert): Promise<void> {
    await this.db.insert(schema.modelAliasEvents).values(values);
  }

  aliasHistory(modelId: string, alias: string, limit: number, beforeId: string | null) {
    const e = schema.modelAliasEvents;
    return this.db
      .select()
      .from(e)
      .where(
        and(eq(e.modelId, modelId), eq(e.alias, alias), beforeId ? lt(e.id, beforeId) : undefined),
      )
      .orderBy(desc(e.id))
      .limit(limit + 1);
  }
}

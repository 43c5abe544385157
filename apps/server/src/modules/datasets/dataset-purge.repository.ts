import {
  and,
  asc,
  count,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  notExists,
  or,
} from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

/** All SQL of the purge of deleted datasets. */
export class DatasetPurgeRepository {
  constructor(private readonly db: Db) {}

  /** An org's datasets deleted before `cutoff` whose storage is not freed yet, oldest first. */
  findDue(orgId: string, cutoff: Date, limit: number) {
    const d = schema.datasets;
    return this.db
      .select({ id: d.id, projectId: d.projectId, name: d.name })
      .from(d)
      .where(and(eq(d.orgId, orgId), lt(d.deletedAt, cutoff), isNull(d.purgedAt)))
      .orderBy(asc(d.deletedAt))
      .limit(limit);
  }

  /** How many of the org's deleted datasets still wait for the purge. */
  async countWaiting(orgId: string): Promise<number> {
    const d = schema.datasets;
    const [row] = await this.db
      .select({ n: count() })
      .from(d)
      .where(and(eq(d.orgId, orgId), isNotNull(d.deletedAt), isNull(d.purgedAt)));
    return row?.n ?? 0;
  }

  versionsOf(datasetId: string) {
    const v = schema.datasetVersions;
    return this.db
      .select({ id: v.id, parquetKey: v.parquetKey, blobId: v.blobId })
      .from(v)
      .where(eq(v.datasetId, datasetId));
  }

  /**
   * Which of a dataset's versions others cite: runs trained on them, batch scorings read or wrote
   * them, or versions of other datasets were derived from them.
   */
  async citedVersionIds(datasetId: string, versionIds: readonly string[]): Promise<Set<string>> {
    if (versionIds.length === 0) return new Set();
    const ids = [...versionIds];
    const r = schema.runs;
    const b = schema.batchScorings;
    const v = schema.datasetVersions;
    const [runs, scorings, derived] = await Promise.all([
      this.db.select({ id: r.datasetVersionId }).from(r).where(inArray(r.datasetVersionId, ids)),
      this.db
        .select({ source: b.sourceVersionId, output: b.outputVersionId })
        .from(b)
        .where(or(inArray(b.sourceVersionId, ids), inArray(b.outputVersionId, ids))),
      this.db
        .select({ id: v.parentVersionId })
        .from(v)
        .where(and(inArray(v.parentVersionId, ids), ne(v.datasetId, datasetId))),
    ]);
    const cited = [
      ...runs.map((row) => row.id),
      ...scorings.flatMap((row) => [row.source, row.output]),
      ...derived.map((row) => row.id),
    ];
    return new Set(cited.filter((id): id is string => id !== null && ids.includes(id)));
  }

  /** Keeps versions as lineage records only: their data files are about to go. */
  async detachData(versionIds: readonly string[]): Promise<void> {
    if (versionIds.length === 0) return;
    await this.db
      .update(schema.datasetVersions)
      .set({ parquetKey: null, blobId: null })
      .where(inArray(schema.datasetVersions.id, [...versionIds]));
  }

  async deleteVersions(versionIds: readonly string[]): Promise<void> {
    if (versionIds.length === 0) return;
    await this.db
      .delete(schema.datasetVersions)
      .where(inArray(schema.datasetVersions.id, [...versionIds]));
  }

  async deleteDataset(datasetId: string): Promise<void> {
    await this.db.delete(schema.datasets).where(eq(schema.datasets.id, datasetId));
  }

  async markPurged(datasetId: string): Promise<void> {
    await this.db
      .update(schema.datasets)
      .set({ purgedAt: new Date() })
      .where(eq(schema.datasets.id, datasetId));
  }

  /** Deletes the blobs among `blobIds` that no version (of any dataset) uses any more. */
  deleteUnusedBlobs(blobIds: readonly string[]) {
    if (blobIds.length === 0) return Promise.resolve([]);
    const b = schema.blobs;
    const v = schema.datasetVersions;
    return this.db
      .delete(b)
      .where(
        and(
          inArray(b.id, [...blobIds]),
          notExists(this.db.select({ one: v.id }).from(v).where(eq(v.blobId, b.id))),
        ),
      )
      .returning({ storageKey: b.storageKey, sizeBytes: b.sizeBytes });
  }
}

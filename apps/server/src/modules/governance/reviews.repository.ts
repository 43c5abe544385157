import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

/** All SQL of the review queue. */
export class ReviewsRepository {
  constructor(private readonly db: Db) {}

  /** One page of an org's reviews in a status, newest first, with the dataset they concern. */
  findPage(
    orgId: string,
    status: 'pending' | 'approved' | 'rejected',
    limit: number,
    afterId: string | null,
  ) {
    const r = schema.reviews;
    return this.db
      .select({ review: r, version: schema.datasetVersions, dataset: schema.datasets })
      .from(r)
      .innerJoin(schema.datasetVersions, eq(schema.datasetVersions.id, r.datasetVersionId))
      .innerJoin(schema.datasets, eq(schema.datasets.id, schema.datasetVersions.datasetId))
      .where(and(eq(r.orgId, orgId), eq(r.status, status), afterId ? lt(r.id, afterId) : undefined))
      .orderBy(desc(r.id))
      .limit(limit + 1);
  }

  async find(id: string) {
    const [row] = await this.db.select().from(schema.reviews).where(eq(schema.reviews.id, id));
    return row;
  }

  /** Where a version's rows are, for the reviewer's preview. */
  /** The data of a version under review; none once its dataset is deleted (purge pending). */
  async findVersionData(versionId: string) {
    const v = schema.datasetVersions;
    const [row] = await this.db
      .select({ status: v.status, parquetKey: v.parquetKey, rowCount: v.rowCount })
      .from(v)
      .innerJoin(schema.datasets, eq(schema.datasets.id, v.datasetId))
      .where(and(eq(v.id, versionId), isNull(schema.datasets.deletedAt)));
    return row;
  }

  /** The review with its version and dataset, locked for a decision. */
  async findForDecision(id: string) {
    const [row] = await this.db
      .select({ review: schema.reviews, version: schema.datasetVersions, dataset: schema.datasets })
      .from(schema.reviews)
      .innerJoin(
        schema.datasetVersions,
        eq(schema.datasetVersions.id, schema.reviews.datasetVersionId),
      )
      .innerJoin(schema.datasets, eq(schema.datasets.id, schema.datasetVersions.datasetId))
      .where(eq(schema.reviews.id, id))
      .for('update', { of: schema.reviews });
    return row;
  }

  async decide(
    id: string,
    decision: { status: 'approved' | 'rejected'; decidedBy: string; reason: string },
  ) {
    await this.db
      .update(schema.reviews)
      .set({
        status: decision.status,
        decidedBy: decision.decidedBy,
        decisionReason: decision.reason,
        decidedAt: new Date(),
      })
      .where(eq(schema.reviews.id, id));
  }

  async setVersionStatus(versionId: string, status: 'ready' | 'rejected') {
    await this.db
      .update(schema.datasetVersions)
      .set({ status, readyAt: status === 'ready' ? new Date() : null })
      .where(eq(schema.datasetVersions.id, versionId));
  }
}

import type {
  DatasetPreview,
  DecideReviewBody,
  ListReviewsQuery,
  PreviewQuery,
  Review,
} from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { decodeCursor, iso, isoOrNull, toPage } from '../../http/pagination.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import type { DuckDBLimits } from '../datasets/ingest/index.js';
import { readPreview } from '../datasets/preview.js';
import type { OrgsService } from '../orgs/orgs.service.js';
import type { WebhookEvents } from '../webhooks/webhook-events.js';
import { ReviewsRepository } from './reviews.repository.js';

type ReviewRow = Awaited<ReturnType<ReviewsRepository['findForDecision']>>;

/**
 * The review queue: dataset versions whose licence (or PII policy) needs an admin's decision.
 * Approving makes the version ready; rejecting keeps it unusable; the uploader sees the outcome
 * and its reason on the version.
 */
export class ReviewsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly orgs: OrgsService,
    /** Where the reviewer's preview reads the version's rows, and the DuckDB bounds to read them. */
    private readonly data: { storage: BlobStorage; duckdb: DuckDBLimits },
    private readonly webhookEvents?: WebhookEvents,
  ) {}

  async list(principal: Principal, orgId: string, query: ListReviewsQuery) {
    await this.orgs.authorizeOrg(principal, orgId, 'review.manage');
    const rows = await new ReviewsRepository(this.db).findPage(
      orgId,
      query.status,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(
      rows.map((row) => ({ ...row, id: row.review.id })),
      query.limit,
      (row) => toReview(row),
    );
  }

  /**
   * Rows of the version under review, for the org's reviewers only: the dataset preview serves
   * ready versions alone, so held data reaches nobody else. Schema, PII report (masked examples)
   * and licence evidence come with the version itself (`GET /dataset-versions/{id}`).
   */
  async preview(
    principal: Principal,
    reviewId: string,
    query: PreviewQuery,
  ): Promise<DatasetPreview> {
    const found = await this.#reviewFor(principal, reviewId);
    const version = await new ReviewsRepository(this.db).findVersionData(found.datasetVersionId);
    if (!version?.parquetKey) {
      throw new ConflictError(
        `The version of review ${reviewId} has no data to preview (it was ${version?.status ?? 'deleted'}).`,
      );
    }
    return this.data.storage.withLocalFile(version.parquetKey, (file) =>
      readPreview(file, { ...query, totalRows: version.rowCount ?? 0 }, this.data.duckdb),
    );
  }

  /** The review, if the principal may decide reviews of its org; another tenant's is a 404. */
  async #reviewFor(principal: Principal, reviewId: string) {
    const seen = await new ReviewsRepository(this.db).find(reviewId);
    if (!seen) throw new NotFoundError(`Review ${reviewId} not found.`);
    try {
      await this.orgs.authorizeOrg(principal, seen.orgId, 'review.manage');
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(`Review ${reviewId} not found.`);
      throw error;
    }
    return seen;
  }

  async decide(
    actor: Actor,
    reviewId: string,
    decision: 'approved' | 'rejected',
    body: DecideReviewBody,
  ): Promise<Review> {
    // Authorized before the transaction: with one embedded connection, a read outside the
    // transaction would wait for it forever.
    await this.#reviewFor(actor.principal, reviewId);
    return this.transactions.run(async (tx, audit) => {
      const repo = new ReviewsRepository(tx);
      const found = await repo.findForDecision(reviewId);
      if (!found) throw new NotFoundError(`Review ${reviewId} not found.`);
      if (found.review.status !== 'pending') {
        throw new ConflictError(`Review ${reviewId} was already ${found.review.status}.`);
      }
      const decidedBy = accountableUser(actor.principal);
      await repo.decide(reviewId, { status: decision, decidedBy, reason: body.reason });
      await repo.setVersionStatus(found.version.id, decision === 'approved' ? 'ready' : 'rejected');
      if (decision === 'approved') {
        await this.webhookEvents?.publish(tx, {
          orgId: found.review.orgId,
          projectId: found.review.projectId,
          type: 'dataset_version.created',
          data: {
            datasetId: found.dataset.id,
            datasetName: found.dataset.name,
            versionId: found.version.id,
            version: found.version.number,
            rowCount: found.version.rowCount,
          },
        });
      }
      await audit.record(actor, {
        orgId: found.review.orgId,
        projectId: found.review.projectId,
        action: decision === 'approved' ? 'review.approve' : 'review.reject',
        targetType: 'dataset_version',
        targetId: found.version.id,
        summary: `${decision === 'approved' ? 'Approved' : 'Rejected'} version ${found.version.number} of "${found.dataset.name}": ${body.reason}`,
      });
      return toReview((await repo.findForDecision(reviewId))!);
    });
  }
}

function toReview(row: NonNullable<ReviewRow>): Review {
  const { review, version, dataset } = row;
  return {
    id: review.id,
    orgId: review.orgId,
    projectId: review.projectId,
    datasetId: dataset.id,
    datasetName: dataset.name,
    datasetVersionId: version.id,
    versionNumber: version.number,
    license: version.license,
    reason: review.reason,
    status: review.status,
    uploadedBy: version.createdBy,
    decidedBy: review.decidedBy,
    decisionReason: review.decisionReason,
    decidedAt: isoOrNull(review.decidedAt),
    createdAt: iso(review.createdAt),
  };
}

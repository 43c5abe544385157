import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@aistudio/db';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { JobFailure, type JobHandler, type JobQueue } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { DatasetsRepository } from './datasets.repository.js';
import { IngestError, ingestUpload, type DuckDBLimits } from './ingest/index.js';
import { classifyLicense } from '../governance/licenses.js';
import { orgPiiHashKey } from '../governance/pii-hash-key.js';
import { decidePii, type PiiDecision } from '../governance/pii-policy.js';
import { orgPiiPolicy } from '../governance/pii-policy.service.js';
import { recordMaskedVersion, writeMaskedFile, type MaskedFile } from './masked-version.js';
import { scanParquetForPii } from './pii-check.js';
import type { IngestPayload } from './ingest-payload.js';
import { rulesOf, validationReport } from './version-validation.js';
import type { WebhookEvents } from '../webhooks/webhook-events.js';

export { INGEST_JOB, type IngestPayload } from './ingest-payload.js';

/** Where ingest may work and how much it may take. */
export interface IngestSettings {
  /** Scratch space for the canonical Parquet before it is stored (and for DuckDB's spills). */
  readonly scratchDir: string;
  readonly duckdb: Omit<DuckDBLimits, 'tempDirectory'>;
  /** The instance secret, from which each org's key for hashing masked values is derived. */
  readonly maskingSecret: string;
}

/**
 * Ingests one dataset version: the raw upload from storage → canonical Parquet (stored) →
 * schema (with the previous version's overrides, where they still fit), the dataset's
 * validation rules and profile → status. Idempotent: a version no longer `processing` is left
 * alone, so a job that runs twice does no harm. A file that cannot be read fails the version
 * with the reader's message (what and where); the job then fails without a stack in the logs.
 */
export function ingestJobHandler(
  db: Db,
  transactions: AuditedTransactions,
  storage: BlobStorage,
  queue: JobQueue,
  settings: IngestSettings,
  webhookEvents?: WebhookEvents,
): JobHandler {
  return async (job) => {
    const payload = job.payload as unknown as IngestPayload;
    const repo = new DatasetsRepository(db);
    const found = await repo.findVersion(payload.datasetVersionId);
    if (!found || found.version.status !== 'processing') return;
    const { version, dataset } = found;
    const blob = version.blobId ? await repo.findBlob(version.blobId) : undefined;
    if (!blob) throw new JobFailure(`dataset version ${version.id} has no upload to ingest`);

    const rules = await repo.rulesOf(dataset.id);
    const carried = await repo.overridesBefore(dataset.id, version.number);
    const parquetKey = `orgs/${version.orgId}/datasets/${dataset.id}/versions/${version.id}.parquet`;
    const maskedKey = `orgs/${version.orgId}/datasets/${dataset.id}/masked/${version.id}.parquet`;
    const scratch = await mkdtemp(path.join(settings.scratchDir, 'ingest-'));
    try {
      const outputPath = path.join(scratch, 'canonical.parquet');
      const limits = { ...settings.duckdb, tempDirectory: path.join(scratch, 'duckdb') };
      const result = await storage
        .withLocalFile(blob.storageKey, (sourcePath) =>
          ingestUpload({
            sourcePath,
            outputPath,
            limits,
            rules: rulesOf(rules),
            overrides: carried,
          }),
        )
        .catch(async (error: unknown) => {
          if (!(error instanceof IngestError)) throw error;
          await transactions.run(async (tx, audit) => {
            await new DatasetsRepository(tx).updateVersion(version.id, {
              status: 'failed',
              error: error.message,
            });
            await recordOutcome(audit, version, dataset.name, `failed: ${error.message}`);
          });
          throw new JobFailure(error.message);
        });
      const pii = await scanParquetForPii(outputPath, result.schema.columns, limits);
      const decision = decidePii(pii, await orgPiiPolicy(db, version.orgId));
      const verdict = governanceVerdict(version, decision);
      // Data the policy masks is kept only masked, as the next version: the original is refused.
      const masked: MaskedFile | null = verdict.masks
        ? await writeMaskedFile(storage, {
            sourcePath: outputPath,
            scratchDir: scratch,
            storageKey: maskedKey,
            parentVersionId: version.id,
            plans: decision.masking,
            trigger: 'policy',
            hashKey: orgPiiHashKey(settings.maskingSecret, version.orgId),
            limits,
          })
        : null;
      // Blocked (and masked) data is not kept in canonical form; the raw upload stays for the audit trail.
      if (verdict.status !== 'rejected')
        await storage.write(parquetKey, createReadStream(outputPath));
      const status = verdict.status;
      const recorded = await transactions.run(async (tx, audit) => {
        const txRepo = new DatasetsRepository(tx);
        const maskedInto =
          masked &&
          (await recordMaskedVersion(tx, audit, queue, masked, {
            ...version,
            datasetName: dataset.name,
          }));
        if (maskedInto) {
          verdict.reasons.push(
            `the personal data was masked into version ${maskedInto.version.number}; use that one`,
          );
        }
        await txRepo.updateVersion(version.id, {
          status,
          error: status === 'rejected' ? verdict.reasons.join('; ') : null,
          governance: {
            // The decision made at upload, with the metadata's evidence; older versions have none.
            license:
              (version.governance as { license?: unknown } | null)?.license ??
              classifyLicense(version.license, { attested: true }),
            pii,
            piiDecision: decision,
            ...(maskedInto ? { maskedInto: maskedInto.version.id } : {}),
          },
          format: result.table.format,
          parquetKey: status === 'rejected' ? null : parquetKey,
          rowCount: result.table.rows,
          columnCount: result.table.columns.length,
          schema: result.schema.columns,
          inferredSchema: result.inferredSchema.columns,
          schemaOverrides: result.overrides,
          profile: result.profile,
          validation: validationReport(rules, result.ruleResults, 'ingest'),
          readyAt: status === 'ready' ? new Date() : null,
        });
        if (status === 'review') {
          await txRepo.insertReview({
            orgId: version.orgId,
            projectId: version.projectId,
            datasetVersionId: version.id,
            reason: verdict.reasons.join('; '),
          });
        }
        if (status !== 'rejected') {
          await webhookEvents?.publish(tx, {
            orgId: version.orgId,
            projectId: version.projectId,
            type:
              status === 'ready' ? 'dataset_version.created' : 'dataset_version.review_requested',
            data: {
              datasetId: dataset.id,
              datasetName: dataset.name,
              versionId: version.id,
              version: version.number,
              rowCount: result.table.rows,
              ...(status === 'review' ? { reason: verdict.reasons.join('; ') } : {}),
            },
          });
        }
        await recordOutcome(
          audit,
          version,
          dataset.name,
          status === 'ready'
            ? `ready: ${result.table.rows} rows`
            : status === 'review'
              ? `waiting for review: ${verdict.reasons.join('; ')}`
              : `rejected: ${verdict.reasons.join('; ')}`,
        );
        return maskedInto;
      });
      if (recorded) {
        // Identical masked bytes were stored before: that blob already owns a copy.
        if (!recorded.keepsFile) await storage.delete(maskedKey).catch(() => undefined);
        queue.wake();
      }
    } catch (error) {
      if (!(error instanceof JobFailure)) {
        // Not the file's fault (storage, DuckDB, the database): the version must not stay
        // `processing` forever, and no half-recorded Parquet may stay behind.
        await storage.delete(parquetKey).catch(() => undefined);
        await storage.delete(maskedKey).catch(() => undefined);
        await repo.failIfProcessing(
          version.id,
          'ingest stopped on an internal error; upload the file again',
        );
      }
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };
}

function recordOutcome(
  audit: AuditRepository,
  version: { id: string; orgId: string; projectId: string; number: number },
  datasetName: string,
  outcome: string,
) {
  // No actor: the system did it (the upload itself was recorded under the uploader).
  return audit.record(null, {
    orgId: version.orgId,
    projectId: version.projectId,
    action: 'dataset_version.ingest',
    targetType: 'dataset_version',
    targetId: version.id,
    summary: `Ingest of version ${version.number} of "${datasetName}" ${outcome}`,
  });
}

/**
 * Ready, review or rejected, and why: the licence tier (settled at upload) and the org's PII
 * policy, the stricter winning. Data the policy masks is refused unmasked (`masks`: its masked
 * copy becomes the next version, which goes through ingest and any licence review itself), so
 * no approval can make the unmasked rows usable. A masked version still holding personal data
 * the policy masks goes to an admin rather than being masked again.
 */
function governanceVerdict(
  version: { license: string; licenseTier: 'allowed' | 'review' | 'prohibited'; source: string },
  pii: PiiDecision,
): { status: 'ready' | 'review' | 'rejected'; reasons: string[]; masks: boolean } {
  if (pii.outcome === 'block') return { status: 'rejected', reasons: pii.reasons, masks: false };
  if (pii.outcome === 'mask' && version.source !== 'mask') {
    return { status: 'rejected', reasons: [...pii.reasons], masks: true };
  }
  const reasons: string[] = [];
  if (version.licenseTier === 'review') {
    reasons.push(
      `licence ${version.license} needs an admin's approval before the data may be used`,
    );
  }
  if (pii.outcome === 'review') reasons.push(...pii.reasons);
  if (pii.outcome === 'mask') {
    reasons.push(...pii.reasons, 'personal data the policy masks remains after masking');
  }
  return { status: reasons.length > 0 ? 'review' : 'ready', reasons, masks: false };
}

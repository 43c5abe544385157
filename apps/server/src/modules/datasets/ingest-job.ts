import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@aistudio/db';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { JobFailure } from '../../infra/queue/embedded-job-queue.js';
import type { JobHandler } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import { DatasetsRepository } from './datasets.repository.js';
import { IngestError, ingestUpload, type DuckDBLimits } from './ingest/index.js';

export const INGEST_JOB = 'dataset.ingest';

/** Payload of an ingest job (version 1). */
export type IngestPayload = {
  readonly v: 1;
  readonly datasetVersionId: string;
};

/** Where ingest may work and how much it may take. */
export interface IngestSettings {
  /** Scratch space for the canonical Parquet before it is stored (and for DuckDB's spills). */
  readonly scratchDir: string;
  readonly duckdb: Omit<DuckDBLimits, 'tempDirectory'>;
}

/**
 * Ingests one dataset version: the raw upload from storage → canonical Parquet (stored) →
 * schema and profile → status. Idempotent: a version no longer `processing` is left alone, so a
 * job that runs twice does no harm. A file that cannot be read fails the version with the
 * reader's message (what and where); the job then fails without a stack in the logs.
 */
export function ingestJobHandler(
  db: Db,
  transactions: AuditedTransactions,
  storage: BlobStorage,
  settings: IngestSettings,
): JobHandler {
  return async (job) => {
    const payload = job.payload as unknown as IngestPayload;
    const repo = new DatasetsRepository(db);
    const found = await repo.findVersion(payload.datasetVersionId);
    if (!found || found.version.status !== 'processing') return;
    const { version, dataset } = found;
    const blob = version.blobId ? await repo.findBlob(version.blobId) : undefined;
    if (!blob) throw new JobFailure(`dataset version ${version.id} has no upload to ingest`);

    const scratch = await mkdtemp(path.join(settings.scratchDir, 'ingest-'));
    try {
      const outputPath = path.join(scratch, 'canonical.parquet');
      const result = await storage
        .withLocalFile(blob.storageKey, (sourcePath) =>
          ingestUpload({
            sourcePath,
            outputPath,
            limits: { ...settings.duckdb, tempDirectory: path.join(scratch, 'duckdb') },
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
      const parquetKey = `orgs/${version.orgId}/datasets/${dataset.id}/versions/${version.id}.parquet`;
      await storage.write(parquetKey, createReadStream(outputPath));
      // The licence tier was settled at upload: review-tier data waits for an admin.
      const status = version.licenseTier === 'review' ? 'review' : 'ready';
      await transactions.run(async (tx, audit) => {
        const txRepo = new DatasetsRepository(tx);
        await txRepo.updateVersion(version.id, {
          status,
          format: result.table.format,
          parquetKey,
          rowCount: result.table.rows,
          columnCount: result.table.columns.length,
          schema: result.schema.columns,
          profile: result.profile,
          readyAt: status === 'ready' ? new Date() : null,
        });
        if (status === 'review') {
          await txRepo.insertReview({
            orgId: version.orgId,
            projectId: version.projectId,
            datasetVersionId: version.id,
            reason: `licence ${version.license} needs an admin's approval before the data may be used`,
          });
        }
        await recordOutcome(
          audit,
          version,
          dataset.name,
          status === 'ready' ? `ready: ${result.table.rows} rows` : 'waiting for review',
        );
      });
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

/** Scratch directory default: the OS temp dir (override to a larger disk via settings). */
export const defaultScratchDir = os.tmpdir();

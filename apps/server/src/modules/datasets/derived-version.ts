import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { VersionLineage } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { classifyLicense } from '../governance/licenses.js';
import { DatasetsRepository } from './datasets.repository.js';
import { INGEST_JOB, type IngestPayload } from './ingest-payload.js';

/** A file the platform produced from versions (scored, masked, a SQL result), to be kept as a version. */
export interface DerivedVersionInput {
  readonly orgId: string;
  readonly projectId: string;
  /** The dataset that receives the version: the project's dataset of this name, or a new one. */
  readonly datasetName: string;
  readonly description: string;
  readonly source: 'batch_scoring' | 'mask' | 'sql';
  /** The version it was made from; null for a SQL result, whose inputs its lineage lists. */
  readonly parentVersionId: string | null;
  readonly lineage?: VersionLineage;
  readonly license: string;
  /** The produced file, already in storage. */
  readonly file: {
    readonly storageKey: string;
    readonly sha256: string;
    readonly sizeBytes: number;
    readonly fileName: string;
  };
  readonly createdBy: string;
}

const SOURCE_LABEL: Record<DerivedVersionInput['source'], string> = {
  batch_scoring: 'batch scoring',
  mask: 'masking',
  sql: 'SQL',
};

/**
 * Records a produced file as the next version of a dataset (created when absent) and enqueues its
 * ingest, inside the caller's transaction: the version gets schema, profile, validation and
 * governance exactly as an upload does. Returns whether the stored file is now owned by a blob row
 * (false when identical bytes were stored before: the caller deletes its copy after commit).
 */
export async function recordDerivedVersion(
  tx: Db,
  audit: AuditRepository,
  queue: JobQueue,
  input: DerivedVersionInput,
) {
  const repo = new DatasetsRepository(tx);
  const stored = await repo.findBlobBySha(input.orgId, input.file.sha256);
  const blob =
    stored ??
    (await repo.insertBlob({
      orgId: input.orgId,
      sha256: input.file.sha256,
      sizeBytes: input.file.sizeBytes,
      storageKey: input.file.storageKey,
    }));
  const existing = await repo.findDatasetByNameForUpdate(input.projectId, input.datasetName);
  const dataset =
    existing ??
    (await repo.insertDataset({
      orgId: input.orgId,
      projectId: input.projectId,
      name: input.datasetName,
      description: input.description,
      createdBy: input.createdBy,
    }));
  // The source's data was attested at upload; the derived file inherits that statement's effect.
  const licence = classifyLicense(input.license, { attested: true });
  const version = await repo.insertVersion({
    orgId: input.orgId,
    projectId: input.projectId,
    datasetId: dataset.id,
    number: await repo.nextVersionNumber(dataset.id),
    status: 'processing',
    source: input.source,
    parentVersionId: input.parentVersionId,
    lineage: input.lineage ?? null,
    blobId: blob.id,
    fileName: input.file.fileName,
    license: licence.licenseId,
    licenseTier: licence.tier,
    attestation: null,
    createdBy: input.createdBy,
  });
  if (existing) await repo.touchDataset(dataset.id);
  const payload: IngestPayload = { v: 1, datasetVersionId: version.id };
  const job = await queue.enqueue(tx, {
    orgId: input.orgId,
    projectId: input.projectId,
    kind: INGEST_JOB,
    payload,
    targetType: 'dataset_version',
    targetId: version.id,
    createdBy: input.createdBy,
  });
  if (!existing) {
    await audit.record(null, {
      orgId: input.orgId,
      projectId: input.projectId,
      action: 'dataset.create',
      targetType: 'dataset',
      targetId: dataset.id,
      summary: `Created dataset "${dataset.name}" for ${SOURCE_LABEL[input.source]} output`,
    });
  }
  await audit.record(null, {
    orgId: input.orgId,
    projectId: input.projectId,
    action: 'dataset_version.create',
    targetType: 'dataset_version',
    targetId: version.id,
    summary: `Recorded version ${version.number} of "${dataset.name}" from ${SOURCE_LABEL[input.source]} (${input.file.sizeBytes} bytes, licence ${licence.licenseId})`,
  });
  return { dataset, version, job, keepsFile: !stored };
}

/** Stores a file the platform produced under `key` and returns what a blob row records of it. */
export async function storeProducedFile(
  storage: BlobStorage,
  localPath: string,
  key: string,
): Promise<{ storageKey: string; sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(localPath), hash);
  await storage.write(key, createReadStream(localPath));
  return { storageKey: key, sha256: hash.digest('hex'), sizeBytes: (await stat(localPath)).size };
}

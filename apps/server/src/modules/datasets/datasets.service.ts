import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  DatasetName,
  Text,
  type Dataset,
  type DatasetPreview,
  type DatasetVersion,
  type Job,
  type ListDatasetsQuery,
  type PageQuery,
  type PreviewQuery,
  type SchemaOverride,
  type UploadAccepted,
  type VersionValidation,
} from '@aistudio/contracts';
import { isUniqueViolation, violatedConstraint, type Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../auth/principal.js';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../http/errors.js';
import { decodeCursor, iso, isoOrNull, toPage } from '../../http/pagination.js';
import type { JobQueue, JobRow } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import {
  attestationText,
  buildAttestationRecord,
  type AttestationRecord,
} from '../governance/attestation.js';
import { DeniedHashesRepository } from '../governance/denied-hashes.repository.js';
import {
  detectLicenses,
  resolveLicense,
  type MetadataFile,
} from '../governance/license-detection.js';
import type { ProjectsService } from '../projects/projects.service.js';
import {
  DatasetsRepository,
  type DatasetRow,
  type DatasetVersionRow,
  type VersionView,
} from './datasets.repository.js';
import { INGEST_JOB, type IngestPayload } from './ingest-job.js';
import type { DatasetPurgeSchedule } from './dataset-purge.js';
import type { DuckDBLimits } from './ingest/index.js';
import { parquetAsSafeCsv } from './download.js';
import { readPreview } from './preview.js';
import { receiveUpload, type ReceivedUpload, type StagedFile } from './upload.js';

/** The text fields of an upload; `name` and `description` only when creating a dataset. */
const UploadFields = z.strictObject({
  name: DatasetName.optional(),
  description: Text().max(2000).optional(),
  // Optional when a `metadata` file (datapackage.json, dataset card, LICENSE) names the licence.
  license: z
    .string()
    .trim()
    .min(1, { error: 'is required: an SPDX identifier, user-owned or other' })
    .optional(),
  attestation: z.coerce
    .number({ error: 'is required: the version number of the statement you accepted' })
    .int(),
});

export type UploadTarget =
  { kind: 'new'; projectId: string } | { kind: 'version'; datasetId: string };

/** Datasets: upload, versions, listing and deletion; ingest runs as a job (ingest-job.ts). */
export class DatasetsService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly storage: BlobStorage,
    private readonly queue: JobQueue,
    private readonly maxUploadBytes: number,
    /** Bounds of the DuckDB instances that read versions (preview). */
    private readonly duckdb: DuckDBLimits,
    private readonly purgeSchedule: DatasetPurgeSchedule,
  ) {}

  /** Creates a dataset (or a new version of one) from a multipart upload; ingest runs after. */
  async upload(
    actor: Actor,
    request: FastifyRequest,
    target: UploadTarget,
  ): Promise<UploadAccepted> {
    const { project, existing } = await this.authorizeUpload(actor.principal, target);
    const received = await receiveUpload(request, this.storage, {
      orgId: project.orgId,
      maxBytes: this.maxUploadBytes,
    });
    return this.#accept(actor, project, existing, received);
  }

  /**
   * Accepts a file already staged in storage (a finished resumable upload) exactly as a multipart
   * upload: same checks, dedupe and ingest. The staged blob is kept by the version or deleted.
   */
  async acceptStaged(
    actor: Actor,
    target: UploadTarget,
    received: ReceivedUpload,
  ): Promise<UploadAccepted> {
    const { project, existing } = await this.authorizeUpload(actor.principal, target).catch(
      async (error: unknown) => {
        await this.storage.delete(received.file.storageKey).catch(() => undefined);
        throw error;
      },
    );
    return this.#accept(actor, project, existing, received);
  }

  /** An upload to `target` needs `dataset.write` on its project; a version needs its dataset. */
  async authorizeUpload(principal: Principal, target: UploadTarget) {
    const existing =
      target.kind === 'version'
        ? await this.#datasetFor(principal, target.datasetId, 'dataset.write')
        : null;
    const projectId = existing ? existing.projectId : (target as { projectId: string }).projectId;
    const { project } = await this.projects.authorizeProject(principal, projectId, 'dataset.write');
    return { project, existing };
  }

  async #accept(
    actor: Actor,
    project: { id: string; orgId: string },
    existing: DatasetRow | null,
    { fields, file, metadata }: ReceivedUpload,
  ): Promise<UploadAccepted> {
    const projectId = project.id;
    let stagedBlobKept = false;
    try {
      const denied = await new DeniedHashesRepository(this.db).findBySha(file.sha256);
      if (denied) {
        throw new UnprocessableError(
          `file: matches known prohibited content on this instance's deny list (${denied.reason}); nothing was stored`,
          [{ field: 'file', message: `matches a denied file: ${denied.reason}` }],
        );
      }
      const input = parseFields(fields, existing ? 'version' : 'new');
      const userId = accountableUser(actor.principal);
      const attestation = buildAttestationRecord({
        acceptedVersion: input.attestation,
        userId,
        ip: actor.ip ?? '0.0.0.0',
        fileSha256: file.sha256,
      });
      const licence = resolveLicense({
        declared: input.license,
        attested: true,
        findings: licenseFindings(metadata),
      });
      if (licence.tier === 'prohibited') {
        const reason =
          !input.license && metadata.length === 0
            ? 'is required: declare an SPDX identifier, user-owned or other, or attach a datapackage.json, dataset card or LICENSE as a `metadata` part'
            : licence.reason;
        throw new UnprocessableError(`license: ${reason}; nothing was stored`, [
          { field: 'license', message: reason },
        ]);
      }
      const run = () =>
        this.transactions.run(async (tx, audit) => {
          const repo = new DatasetsRepository(tx);
          const stored = await repo.findBlobBySha(project.orgId, file.sha256);
          const blob =
            stored ??
            (await repo.insertBlob({
              orgId: project.orgId,
              sha256: file.sha256,
              sizeBytes: file.sizeBytes,
              storageKey: file.storageKey,
            }));
          let dataset: DatasetRow;
          if (existing) {
            // Locked, so two uploads to one dataset take consecutive version numbers.
            const locked = await repo.findDataset(existing.id, { lock: true });
            if (!locked) throw new NotFoundError(`Dataset ${existing.id} not found.`);
            dataset = locked;
          } else {
            dataset = await repo.insertDataset({
              orgId: project.orgId,
              projectId,
              name: input.name ?? defaultName(file),
              description: input.description ?? '',
              createdBy: userId,
            });
          }
          const version = await repo.insertVersion({
            orgId: project.orgId,
            projectId,
            datasetId: dataset.id,
            number: await repo.nextVersionNumber(dataset.id),
            status: 'processing',
            source: 'upload',
            blobId: blob.id,
            fileName: file.fileName,
            license: licence.licenseId,
            licenseTier: licence.tier,
            // Ingest adds the PII report; the licence decision and its evidence are settled here.
            governance: { license: licence },
            attestation,
            createdBy: userId,
          });
          if (existing) await repo.touchDataset(dataset.id);
          const payload: IngestPayload = { v: 1, datasetVersionId: version.id };
          const job = await this.queue.enqueue(tx, {
            orgId: project.orgId,
            projectId,
            kind: INGEST_JOB,
            payload,
            targetType: 'dataset_version',
            targetId: version.id,
            createdBy: userId,
          });
          if (!existing) {
            await audit.record(actor, {
              orgId: project.orgId,
              projectId,
              action: 'dataset.create',
              targetType: 'dataset',
              targetId: dataset.id,
              summary: `Created dataset "${dataset.name}"`,
            });
          }
          await audit.record(actor, {
            orgId: project.orgId,
            projectId,
            action: 'dataset_version.create',
            targetType: 'dataset_version',
            targetId: version.id,
            summary: `Uploaded version ${version.number} of "${dataset.name}" (${file.fileName}, ${file.sizeBytes} bytes, licence ${licence.licenseId})`,
          });
          const [duplicate] = stored
            ? await repo.versionsWithBlob(blob.id, version.id, projectId)
            : [];
          return { dataset, versionId: version.id, job, duplicate, keepsStagedBlob: !stored };
        });
      const nameTaken = (error: unknown) => {
        if (isUniqueViolation(error) && violatedConstraint(error) === 'datasets_project_name_key') {
          return new ConflictError(
            `name: a dataset called "${input.name ?? defaultName(file)}" already exists in this project`,
            {
              errors: [{ field: 'name', message: 'is taken in this project; choose another name' }],
            },
          );
        }
        return error;
      };
      const created = await run().catch((error: unknown) => {
        // Another upload of the same bytes won the race to record the blob: use theirs.
        if (isUniqueViolation(error) && violatedConstraint(error) === 'blobs_org_sha256_key') {
          return run().catch((retryError: unknown) => {
            throw nameTaken(retryError);
          });
        }
        throw nameTaken(error);
      });
      // Only a committed blob row owns the staged file; a rolled-back one leaves it to be deleted.
      stagedBlobKept = created.keepsStagedBlob;
      this.queue.wake();
      const repo = new DatasetsRepository(this.db);
      const [view] = await repo.versionViews([created.versionId]);
      const versions = await repo.latestVersions([created.dataset.id]);
      return {
        dataset: toDataset(created.dataset, versions.get(created.dataset.id) ?? null),
        version: toVersion(view!),
        job: toJob(created.job),
        duplicateOf: created.duplicate
          ? { datasetId: created.duplicate.datasetId, versionId: created.duplicate.versionId }
          : null,
      };
    } finally {
      if (!stagedBlobKept) await this.storage.delete(file.storageKey).catch(() => undefined);
    }
  }

  async list(principal: Principal, projectId: string, query: ListDatasetsQuery) {
    await this.projects.authorizeProject(principal, projectId, 'dataset.read');
    const repo = new DatasetsRepository(this.db);
    const rows = await repo.findDatasetPage(projectId, query.limit, decodeCursor(query.cursor));
    const latest = await repo.latestVersions(rows.slice(0, query.limit).map((r) => r.id));
    return toPage(rows, query.limit, (row) => toDataset(row, latest.get(row.id) ?? null));
  }

  async get(principal: Principal, datasetId: string): Promise<Dataset> {
    const dataset = await this.#datasetFor(principal, datasetId, 'dataset.read');
    const latest = await new DatasetsRepository(this.db).latestVersions([dataset.id]);
    return toDataset(dataset, latest.get(dataset.id) ?? null);
  }

  async versions(principal: Principal, datasetId: string, query: PageQuery) {
    await this.#datasetFor(principal, datasetId, 'dataset.read');
    const rows = await new DatasetsRepository(this.db).versionsOf(
      datasetId,
      query.limit,
      decodeCursor(query.cursor),
    );
    return toPage(rows, query.limit, (row) => toVersion(row.view));
  }

  async getVersion(principal: Principal, versionId: string): Promise<DatasetVersion> {
    const repo = new DatasetsRepository(this.db);
    const found = await repo.findVersion(versionId);
    if (!found) throw new NotFoundError(`Dataset version ${versionId} not found.`);
    await this.projects.authorizeProjectResource(
      principal,
      found.dataset.projectId,
      'dataset.read',
      `Dataset version ${versionId} not found.`,
    );
    const [view] = await repo.versionViews([versionId]);
    return toVersion(view!);
  }

  /** Soft delete: hidden at once; the org's purge frees its storage after the grace period. */
  async delete(actor: Actor, datasetId: string): Promise<void> {
    const dataset = await this.#datasetFor(actor.principal, datasetId, 'dataset.write');
    await this.transactions.run(async (tx, audit) => {
      await new DatasetsRepository(tx).softDeleteDataset(dataset.id);
      await this.purgeSchedule.ensure(tx, dataset.orgId);
      await audit.record(actor, {
        orgId: dataset.orgId,
        projectId: dataset.projectId,
        action: 'dataset.delete',
        targetType: 'dataset',
        targetId: dataset.id,
        summary: `Deleted dataset "${dataset.name}"`,
      });
    });
  }

  /** A window of a ready version's rows. */
  async preview(
    principal: Principal,
    versionId: string,
    query: PreviewQuery,
  ): Promise<DatasetPreview> {
    const { version } = await this.#readableVersion(principal, versionId);
    const totalRows = version.rowCount ?? 0;
    return this.storage.withLocalFile(version.parquetKey!, (file) =>
      readPreview(file, { ...query, totalRows }, this.duckdb),
    );
  }

  /**
   * A version's data as Parquet (the canonical file) or as CSV made safe for spreadsheets.
   * The file name is built from the dataset's name, never from the upload's.
   */
  async download(principal: Principal, versionId: string, format: 'csv' | 'parquet') {
    const { version, dataset } = await this.#readableVersion(principal, versionId);
    const base = `${slug(dataset.name)}-v${version.number}`;
    if (format === 'parquet') {
      return { fileName: `${base}.parquet`, stream: await this.storage.read(version.parquetKey!) };
    }
    // The storage's local file lives only during the callback, so the CSV is written out first.
    const stream = await this.storage.withLocalFile(version.parquetKey!, (file) =>
      parquetAsSafeCsv(file, this.duckdb),
    );
    return { fileName: `${base}.csv`, stream };
  }

  /** The profile ingest computed for a version. */
  async profile(principal: Principal, versionId: string): Promise<Record<string, unknown>> {
    const { version } = await this.#readableVersion(principal, versionId);
    return version.profile as Record<string, unknown>;
  }

  async #readableVersion(principal: Principal, versionId: string) {
    const found = await new DatasetsRepository(this.db).findVersion(versionId);
    if (!found) throw new NotFoundError(`Dataset version ${versionId} not found.`);
    await this.projects.authorizeProjectResource(
      principal,
      found.dataset.projectId,
      'dataset.read',
      `Dataset version ${versionId} not found.`,
    );
    const { version } = found;
    // Data held for review (licence or personal data) is not readable until an admin approves it.
    if (!version.parquetKey || version.status !== 'ready') {
      throw new ConflictError(
        `Dataset version ${versionId} is ${version.status}; its data can be read once it is ready.`,
      );
    }
    return found;
  }

  /** The dataset, if the principal may act on it; another tenant's dataset is a 404. */
  authorizedDataset(
    principal: Principal,
    datasetId: string,
    action: 'dataset.read' | 'dataset.write',
  ): Promise<DatasetRow> {
    return this.#datasetFor(principal, datasetId, action);
  }

  /**
   * Version `number` of a dataset the principal may act on, once its data is readable: a missing
   * version is a 404, one still processing, held for review, rejected or failed a 409.
   */
  async readyVersion(
    principal: Principal,
    datasetId: string,
    number: number,
    action: 'dataset.read' | 'dataset.write',
    field = 'params.version',
  ): Promise<{ dataset: DatasetRow; version: DatasetVersionRow & { parquetKey: string } }> {
    const dataset = await this.#datasetFor(principal, datasetId, action);
    const version = await new DatasetsRepository(this.db).findVersionByNumber(datasetId, number);
    if (!version) {
      throw new NotFoundError(`${field}: dataset ${datasetId} has no version ${number}.`, {
        errors: [{ field, message: `no version ${number}` }],
      });
    }
    if (!version.parquetKey || version.status !== 'ready') {
      throw new ConflictError(
        `${field}: version ${number} is ${version.status}; its data can be read once it is ready.`,
        { errors: [{ field, message: `version ${number} is ${version.status}` }] },
      );
    }
    return { dataset, version: { ...version, parquetKey: version.parquetKey } };
  }

  async job(principal: Principal, jobId: string): Promise<Job> {
    const job = await new DatasetsRepository(this.db).findJob(jobId);
    if (!job?.projectId) throw new NotFoundError(`Job ${jobId} not found.`);
    await this.projects.authorizeProjectResource(
      principal,
      job.projectId,
      'dataset.read',
      `Job ${jobId} not found.`,
    );
    return toJob(job);
  }

  async #datasetFor(
    principal: Principal,
    datasetId: string,
    action: 'dataset.read' | 'dataset.write',
  ): Promise<DatasetRow> {
    const dataset = await new DatasetsRepository(this.db).findDataset(datasetId);
    if (!dataset) throw new NotFoundError(`Dataset ${datasetId} not found.`);
    await this.projects.authorizeProjectResource(
      principal,
      dataset.projectId,
      action,
      `Dataset ${datasetId} not found.`,
    );
    return dataset;
  }
}

/** What the metadata files say; a malformed one is the `metadata` field's fault. */
function licenseFindings(metadata: readonly MetadataFile[]) {
  try {
    return detectLicenses(metadata);
  } catch (error) {
    if (!(error instanceof UnprocessableError)) throw error;
    throw new UnprocessableError(`metadata: ${error.message}; nothing was stored`, [
      { field: 'metadata', message: error.message },
    ]);
  }
}

function parseFields(fields: Readonly<Record<string, string>>, kind: UploadTarget['kind']) {
  const parsed = UploadFields.safeParse(fields);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field:
        issue.path.length > 0
          ? issue.path.join('.')
          : ((issue as { keys?: string[] }).keys?.join(', ') ?? 'body'),
      message: issue.message,
    }));
    throw new ValidationError(`${errors[0]!.field}: ${errors[0]!.message}`, errors);
  }
  if (
    kind === 'version' &&
    (parsed.data.name !== undefined || parsed.data.description !== undefined)
  ) {
    throw ValidationError.field(
      'name',
      'belongs to the dataset; a new version takes only file, license and attestation',
    );
  }
  return parsed.data;
}

function defaultName(file: StagedFile): string {
  return file.fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '').slice(0, 100) || 'dataset';
}

export function toVersion(view: VersionView): DatasetVersion {
  const v = view.version;
  const attestation = v.attestation as AttestationRecord | null;
  return {
    id: v.id,
    datasetId: v.datasetId,
    projectId: v.projectId,
    number: v.number,
    status: v.status,
    source: v.source,
    parentVersionId: v.parentVersionId,
    lineage: (v.lineage as DatasetVersion['lineage']) ?? null,
    fileName: v.fileName,
    sizeBytes: view.blob?.sizeBytes ?? null,
    sha256: view.blob?.sha256 ?? null,
    license: v.license,
    licenseTier: v.licenseTier,
    attestation: attestation && { ...attestation, text: attestationText(attestation.textVersion) },
    format: v.format,
    rowCount: v.rowCount,
    columnCount: v.columnCount,
    schema: (v.schema as Record<string, unknown>[] | null) ?? null,
    schemaOverrides: (v.schemaOverrides as SchemaOverride[] | null) ?? [],
    governance: (v.governance as Record<string, unknown> | null) ?? null,
    validation: (v.validation as VersionValidation | null) ?? null,
    error: v.error,
    review: view.review && {
      id: view.review.id,
      status: view.review.status,
      reason: view.review.reason,
      decisionReason: view.review.decisionReason,
      decidedAt: isoOrNull(view.review.decidedAt),
    },
    createdBy: v.createdBy,
    createdAt: iso(v.createdAt),
    readyAt: isoOrNull(v.readyAt),
  };
}

function toDataset(
  row: DatasetRow,
  versions: { count: number; latest: VersionView } | null,
): Dataset {
  return {
    id: row.id,
    orgId: row.orgId,
    projectId: row.projectId,
    name: row.name,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    versionCount: versions?.count ?? 0,
    latestVersion: versions ? toVersion(versions.latest) : null,
  };
}

export function toJob(job: JobRow): Job {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    targetType: job.targetType,
    targetId: job.targetId,
    attempts: job.attempts,
    error: job.error,
    createdAt: iso(job.createdAt),
    startedAt: isoOrNull(job.startedAt),
    finishedAt: isoOrNull(job.finishedAt),
  };
}

// A file name from a dataset name: letters, digits, dots, dashes and underscores only.
function slug(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 80) || 'dataset'
  );
}

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { PII_KIND_IDS } from '@aistudio/contracts';
import type { DerivedVersionAccepted, MaskColumnsBody } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { accountableUser, type Actor } from '../../auth/principal.js';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors.js';
import { iso } from '../../http/pagination.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { orgPiiHashKey } from '../governance/pii-hash-key.js';
import type { ColumnMasking } from '../governance/pii-policy.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { DatasetsRepository } from './datasets.repository.js';
import type { DuckDBLimits } from './ingest/index.js';
import { recordMaskedVersion, writeMaskedFile } from './masked-version.js';

/** A user's request to mask columns of a ready version: the masked copy becomes the next version. */
export class MaskingService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly projects: ProjectsService,
    private readonly storage: BlobStorage,
    private readonly queue: JobQueue,
    private readonly settings: { duckdb: DuckDBLimits; maskingSecret: string },
  ) {}

  async maskColumns(
    actor: Actor,
    versionId: string,
    body: MaskColumnsBody,
  ): Promise<DerivedVersionAccepted> {
    const found = await new DatasetsRepository(this.db).findVersion(versionId);
    if (!found) throw new NotFoundError(`Dataset version ${versionId} not found.`);
    const { version, dataset } = found;
    await this.projects.authorizeProjectResource(
      actor.principal,
      dataset.projectId,
      'dataset.write',
      `Dataset version ${versionId} not found.`,
    );
    if (!version.parquetKey || version.status !== 'ready') {
      throw new ConflictError(
        `Dataset version ${versionId} is ${version.status}; only a ready version can be masked.`,
      );
    }
    const plans = columnPlans(body, version.schema as { name: string }[] | null);
    await mkdir(this.settings.duckdb.tempDirectory, { recursive: true });
    const scratch = await mkdtemp(path.join(this.settings.duckdb.tempDirectory, 'mask-'));
    const storageKey = `orgs/${version.orgId}/datasets/${dataset.id}/masked/${version.id}-${Date.now()}.parquet`;
    try {
      const masked = await this.storage.withLocalFile(version.parquetKey, (sourcePath) =>
        writeMaskedFile(this.storage, {
          sourcePath,
          scratchDir: scratch,
          storageKey,
          parentVersionId: version.id,
          plans,
          trigger: 'request',
          hashKey: orgPiiHashKey(this.settings.maskingSecret, version.orgId),
          limits: { ...this.settings.duckdb, tempDirectory: path.join(scratch, 'duckdb') },
        }),
      );
      const createdBy = accountableUser(actor.principal);
      const recorded = await this.transactions.run((tx, audit) =>
        recordMaskedVersion(tx, audit, this.queue, masked, {
          ...version,
          datasetName: dataset.name,
          createdBy,
        }),
      );
      if (!recorded.keepsFile) await this.storage.delete(storageKey).catch(() => undefined);
      this.queue.wake();
      return {
        datasetId: dataset.id,
        versionId: recorded.version.id,
        version: recorded.version.number,
        jobId: recorded.job.id,
        lineage: masked.lineage,
        createdAt: iso(recorded.version.createdAt),
      };
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

/** Each requested column, checked against the version's schema, as a masking plan. */
function columnPlans(body: MaskColumnsBody, schema: { name: string }[] | null): ColumnMasking[] {
  const known = new Set((schema ?? []).map((c) => c.name));
  const seen = new Set<string>();
  return body.columns.map(({ name, method }, i) => {
    const field = `columns.${i}.name`;
    if (!known.has(name)) {
      throw ValidationError.field(field, `no column "${name}" in this version`);
    }
    if (seen.has(name)) throw ValidationError.field(field, `column "${name}" is listed twice`);
    seen.add(name);
    // Partial masking stars out the personal data found in each cell, of every kind.
    if (method === 'partial') {
      return {
        column: name,
        scope: 'spans',
        methods: Object.fromEntries(PII_KIND_IDS.map((kind) => [kind, 'partial'])),
      };
    }
    return { column: name, scope: 'column', method };
  });
}

import type {
  DatasetVersion,
  SchemaOverride,
  UpdateSchemaBody,
  VersionValidation,
} from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { Actor } from '../../auth/principal.js';
import { ConflictError, ValidationError } from '../../http/errors.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../audit/audited-transactions.js';
import { DatasetsRepository, type DatasetVersionRow } from './datasets.repository.js';
import { toVersion, type DatasetsService } from './datasets.service.js';
import {
  applySchemaOverrides,
  profileDataset,
  type DatasetSchema,
  type DuckDBLimits,
} from './ingest/index.js';
import { withScratchDuckDB } from './scratch-duckdb.js';

/** Per-column type and role overrides of a version's inferred schema. */
export class VersionSchemaService {
  constructor(
    private readonly db: Db,
    private readonly transactions: AuditedTransactions,
    private readonly datasets: DatasetsService,
    private readonly storage: BlobStorage,
    private readonly duckdb: DuckDBLimits,
  ) {}

  /**
   * Merges the overrides sent into the version's stored ones (per column; one with neither type
   * nor role reverts the column), checks each new type against the data with DuckDB, and stores
   * the effective schema that training reads, with the profile made again under it. The data
   * itself is not rewritten.
   */
  async updateSchema(
    actor: Actor,
    datasetId: string,
    number: number,
    body: UpdateSchemaBody,
  ): Promise<DatasetVersion> {
    const { dataset, version } = await this.datasets.readyVersion(
      actor.principal,
      datasetId,
      number,
      'dataset.write',
    );
    assertOneEntryPerColumn(body.overrides);
    const kept = keptOverrides(storedOverrides(version), body.overrides);
    const { effective, profile } = await this.storage.withLocalFile(version.parquetKey, (file) =>
      withScratchDuckDB(this.duckdb, async (session) => {
        // Kept overrides passed these checks before; the ones sent are checked, and named, here.
        const base = await applySchemaOverrides(session, file, inferredSchema(version), kept);
        const effective = await applySchemaOverrides(
          session,
          file,
          base,
          body.overrides,
          'body.overrides',
        );
        // Types decide the statistics and roles the correlations and leakage alerts: re-profile.
        const ruleResults = (version.validation as VersionValidation | null)?.results ?? [];
        return {
          effective,
          profile: await profileDataset(session, file, effective, { ruleResults }),
        };
      }),
    );
    const overrides = [
      ...kept,
      ...body.overrides.filter((override) => override.type || override.role),
    ];
    await this.transactions.run(async (tx, audit) => {
      const repo = new DatasetsRepository(tx);
      // Another change landed while this one was checked: applying both would lose one.
      const current = await repo.lockOverrides(version.id);
      if (JSON.stringify(current ?? []) !== JSON.stringify(storedOverrides(version))) {
        throw new ConflictError(
          `The schema of version ${version.number} changed while this change was checked; send it again.`,
        );
      }
      await repo.updateVersion(version.id, {
        schema: effective.columns,
        schemaOverrides: overrides,
        profile,
      });
      await audit.record(actor, {
        orgId: dataset.orgId,
        projectId: dataset.projectId,
        action: 'dataset_version.schema.update',
        targetType: 'dataset_version',
        targetId: version.id,
        summary: `Set the schema of version ${version.number} of "${dataset.name}": ${describe(body.overrides)}`,
      });
    });
    const [view] = await new DatasetsRepository(this.db).versionViews([version.id]);
    return toVersion(view!);
  }
}

/** The schema as ingest inferred it; versions ingested before overrides existed kept only that. */
function inferredSchema(version: DatasetVersionRow): DatasetSchema {
  return {
    columns: (version.inferredSchema ?? version.schema ?? []) as DatasetSchema['columns'],
  };
}

function storedOverrides(version: DatasetVersionRow): SchemaOverride[] {
  return (version.schemaOverrides as SchemaOverride[] | null) ?? [];
}

/**
 * Stored overrides of the columns not sent; when a new target is sent, an earlier target
 * override gives up its role (keeping its type), so only one target is ever stored.
 */
function keptOverrides(stored: SchemaOverride[], sent: SchemaOverride[]): SchemaOverride[] {
  const sentColumns = new Set(sent.map((override) => override.column));
  const newTarget = sent.some((override) => override.role === 'target');
  return stored
    .filter((override) => !sentColumns.has(override.column))
    .map(({ column, type, role }) =>
      newTarget && role === 'target' ? { column, type } : { column, type, role },
    )
    .filter((override) => override.type || override.role)
    .map(({ column, type, role }) => ({ column, ...(type && { type }), ...(role && { role }) }));
}

function assertOneEntryPerColumn(overrides: SchemaOverride[]): void {
  const seen = new Set<string>();
  for (const [i, override] of overrides.entries()) {
    if (seen.has(override.column)) {
      throw ValidationError.field(
        `body.overrides.${i}.column`,
        `"${override.column}" is listed twice; send one entry per column`,
      );
    }
    seen.add(override.column);
  }
}

function describe(overrides: SchemaOverride[]): string {
  return overrides
    .map(({ column, type, role }) =>
      type || role
        ? `"${column}" → ${[type, role].filter(Boolean).join(', ')}`
        : `"${column}" reverted`,
    )
    .join('; ')
    .slice(0, 500);
}

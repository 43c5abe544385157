import path from 'node:path';
import type { VersionLineage } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { MaskingMethod } from '../governance/pii-masking.js';
import type { PiiKind } from '../governance/pii-detectors.js';
import type { PiiHashKey } from '../governance/pii-hash-key.js';
import type { ColumnMasking } from '../governance/pii-policy.js';
import type { DuckDBLimits } from './ingest/index.js';
import { recordDerivedVersion, storeProducedFile } from './derived-version.js';
import { maskParquet } from './mask-parquet.js';

type MaskingLineage = Extract<VersionLineage, { source: 'mask' }>;

/** A masked copy of a version, written and stored, waiting to be recorded as the next version. */
export interface MaskedFile {
  readonly file: { storageKey: string; sha256: string; sizeBytes: number };
  readonly lineage: MaskingLineage;
}

/**
 * Masks `sourcePath` (the parent's canonical Parquet) by `plans` into `scratchDir` and stores the
 * result. The hashing key enters only when a plan hashes; lineage names it by its fingerprint.
 */
export async function writeMaskedFile(
  storage: BlobStorage,
  options: {
    sourcePath: string;
    scratchDir: string;
    storageKey: string;
    parentVersionId: string;
    plans: readonly ColumnMasking[];
    trigger: MaskingLineage['trigger'];
    hashKey: PiiHashKey;
    limits: DuckDBLimits;
  },
): Promise<MaskedFile> {
  const hashes = options.plans.some(plansHashing);
  const outputPath = path.join(options.scratchDir, 'masked.parquet');
  await maskParquet({
    sourcePath: options.sourcePath,
    outputPath,
    plans: options.plans,
    key: hashes ? options.hashKey.key : undefined,
    limits: options.limits,
  });
  const file = await storeProducedFile(storage, outputPath, options.storageKey);
  return {
    file,
    lineage: {
      source: 'mask',
      parentVersionId: options.parentVersionId,
      trigger: options.trigger,
      columns: options.plans.flatMap(lineageColumns),
      hashKeyId: hashes ? options.hashKey.keyId : null,
    },
  };
}

/** Records a stored masked file as the next version of the parent's dataset, in `tx`. */
export function recordMaskedVersion(
  tx: Db,
  audit: AuditRepository,
  queue: JobQueue,
  masked: MaskedFile,
  parent: {
    orgId: string;
    projectId: string;
    datasetName: string;
    number: number;
    license: string;
    createdBy: string;
  },
) {
  const columns = masked.lineage.columns.map((c) => `${c.name} (${c.method})`).join(', ');
  return recordDerivedVersion(tx, audit, queue, {
    orgId: parent.orgId,
    projectId: parent.projectId,
    datasetName: parent.datasetName,
    description: `Version ${parent.number} with ${columns} masked.`,
    source: 'mask',
    parentVersionId: masked.lineage.parentVersionId,
    lineage: masked.lineage,
    license: parent.license,
    file: { ...masked.file, fileName: `${parent.datasetName}-v${parent.number}-masked.parquet` },
    createdBy: parent.createdBy,
  });
}

function plansHashing(plan: ColumnMasking): boolean {
  if (plan.scope === 'spans') return Object.values(plan.methods).includes('hash');
  return plan.method === 'hash';
}

/** One lineage entry per column and method: which kinds were rewritten how (none listed: all). */
function lineageColumns(plan: ColumnMasking): MaskingLineage['columns'] {
  if (plan.scope === 'value') {
    return [{ name: plan.column, method: plan.method, scope: 'value', kinds: [plan.kind] }];
  }
  if (plan.scope === 'column') {
    return [{ name: plan.column, method: plan.method, scope: 'value', kinds: [] }];
  }
  const byMethod = new Map<MaskingMethod, PiiKind[]>();
  for (const [kind, method] of Object.entries(plan.methods) as [PiiKind, MaskingMethod][]) {
    byMethod.set(method, [...(byMethod.get(method) ?? []), kind]);
  }
  return [...byMethod].map(([method, kinds]) => ({
    name: plan.column,
    method,
    scope: 'spans' as const,
    kinds,
  }));
}

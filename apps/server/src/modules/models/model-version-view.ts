import type { ModelInputField, ModelLicense, ModelVersion } from '@aistudio/contracts';
import { iso } from '../../http/pagination.js';
import type { ModelArtifactRow, ModelVersionRow } from './models.repository.js';

/** Where a version's files live in blob storage; deleting the model deletes them. */
export const modelArtifactKey = (
  version: Pick<ModelVersionRow, 'orgId' | 'modelId' | 'id'>,
  name: string,
) => `models/${version.orgId}/${version.modelId}/${version.id}/${name}`;

/** A licence override as stored on the version. */
export interface StoredOverride {
  reason: string;
  by: string | null;
  byName: string;
  at: string;
}

export function toModelVersion(
  row: ModelVersionRow,
  extras: { datasetVersionIds: string[]; aliases: string[]; artifacts: ModelArtifactRow[] },
): ModelVersion {
  return {
    id: row.id,
    modelId: row.modelId,
    projectId: row.projectId,
    version: row.number,
    status: row.status,
    source: row.source,
    runId: row.runId,
    datasetVersionIds: extras.datasetVersionIds,
    task: row.task,
    algorithm: row.algorithm,
    target: row.target,
    metrics: row.metrics,
    params: row.params,
    inputSchema: row.inputSchema as ModelInputField[],
    engineVersion: row.engineVersion,
    license: row.license as ModelLicense,
    licenseOverride: (row.licenseOverride as StoredOverride | null) ?? null,
    aliases: extras.aliases,
    artifacts: extras.artifacts.map((a) => ({
      name: a.name,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
    })),
    description: row.description,
    tags: row.tags,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

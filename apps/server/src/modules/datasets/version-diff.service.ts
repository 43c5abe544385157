import type { DatasetDiff, DiffQuery } from '@aistudio/contracts';
import type { Principal } from '../../auth/principal.js';
import type { BlobStorage } from '../../infra/storage/blob-storage.js';
import type { DatasetVersionRow } from './datasets.repository.js';
import type { DatasetsService } from './datasets.service.js';
import type { DatasetProfile, DuckDBLimits, SchemaColumn } from './ingest/index.js';
import { withScratchDuckDB } from './scratch-duckdb.js';
import { diffVersions, type DiffInput } from './version-diff.js';

/** What changed between two ready versions of a dataset. */
export class VersionDiffService {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly storage: BlobStorage,
    private readonly duckdb: DuckDBLimits,
  ) {}

  async diff(principal: Principal, datasetId: string, query: DiffQuery): Promise<DatasetDiff> {
    const { version: from } = await this.datasets.readyVersion(
      principal,
      datasetId,
      query.from,
      'dataset.read',
      'querystring.from',
    );
    const { version: to } = await this.datasets.readyVersion(
      principal,
      datasetId,
      query.to,
      'dataset.read',
      'querystring.to',
    );
    return this.storage.withLocalFile(from.parquetKey, (fromPath) =>
      this.storage.withLocalFile(to.parquetKey, (toPath) =>
        withScratchDuckDB(this.duckdb, (session) =>
          diffVersions(session, datasetId, input(from, fromPath), input(to, toPath)),
        ),
      ),
    );
  }
}

function input(version: DatasetVersionRow, parquetPath: string): DiffInput {
  return {
    versionId: version.id,
    number: version.number,
    rowCount: version.rowCount ?? 0,
    schema: (version.schema ?? []) as SchemaColumn[],
    profile: version.profile as DatasetProfile | null,
    parquetPath,
  };
}

import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { schema, type Db } from '@aistudio/db';

/** A version of a live dataset, with what resolving a table name needs. */
export interface NamedVersion {
  datasetId: string;
  datasetName: string;
  versionId: string;
  number: number;
  status: (typeof schema.DATASET_VERSION_STATUSES)[number];
  parquetKey: string | null;
  license: string;
}

/** All SQL of the SQL-over-datasets feature: which versions a query's table names mean. */
export class SqlRepository {
  constructor(private readonly db: Db) {}

  /**
   * Every version of the project's live datasets whose name is one of `names`, compared as
   * DuckDB compares identifiers (case-insensitively); a dataset without versions has none here.
   */
  async versionsOfDatasetsNamed(
    projectId: string,
    names: readonly string[],
  ): Promise<NamedVersion[]> {
    if (names.length === 0) return [];
    const d = schema.datasets;
    const v = schema.datasetVersions;
    return this.db
      .select({
        datasetId: d.id,
        datasetName: d.name,
        versionId: v.id,
        number: v.number,
        status: v.status,
        parquetKey: v.parquetKey,
        license: v.license,
      })
      .from(d)
      .innerJoin(v, and(eq(v.datasetId, d.id), eq(v.projectId, projectId)))
      .where(
        and(
          eq(d.projectId, projectId),
          isNull(d.deletedAt),
          inArray(
            sql`lower(${d.name})`,
            names.map((name) => name.toLowerCase()),
          ),
        ),
      );
  }

  /** Names of the project's live datasets that have a ready version: the tables a query may read. */
  async queryableDatasetNames(projectId: string, limit: number): Promise<string[]> {
    const d = schema.datasets;
    const v = schema.datasetVersions;
    const rows = await this.db
      .select({ name: d.name })
      .from(d)
      .innerJoin(v, and(eq(v.datasetId, d.id), eq(v.status, 'ready')))
      .where(and(eq(d.projectId, projectId), isNull(d.deletedAt)))
      .groupBy(d.id, d.name)
      // The same order on PGlite and on PostgreSQL whatever its collation: case-folded, then bytes.
      .orderBy(sql`lower(${d.name}) COLLATE "C"`, sql`${d.name} COLLATE "C"`)
      .limit(limit);
    return rows.map((row) => row.name);
  }
}

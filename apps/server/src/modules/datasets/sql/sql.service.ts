import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type {
  DerivedVersionAccepted,
  SaveSqlBody,
  SqlQueryBody,
  SqlResult,
  VersionLineage,
} from '@aistudio/contracts';
import { uuidv7, type Db } from '@aistudio/db';
import { accountableUser, type Actor, type Principal } from '../../../auth/principal.js';
import { PayloadTooLargeError, ValidationError } from '../../../http/errors.js';
import { iso } from '../../../http/pagination.js';
import type { JobQueue } from '../../../infra/queue/job-queue.js';
import type { BlobStorage } from '../../../infra/storage/blob-storage.js';
import type { AuditedTransactions } from '../../audit/audited-transactions.js';
import type { ProjectsService } from '../../projects/projects.service.js';
import { DatasetsRepository } from '../datasets.repository.js';
import { strictestLicenseId } from '../../governance/strictest-license.js';
import { recordDerivedVersion, storeProducedFile } from '../derived-version.js';
import { inspectQuery } from './inspect-query.js';
import { copySandboxedQuery, runSandboxedQuery, type SqlLimits } from './sql-sandbox.js';
import { SqlRepository, type NamedVersion } from './sql.repository.js';

/** A table a query reads: the name it used, and the ready version behind it. */
interface ResolvedTable {
  table: string;
  datasetId: string;
  versionId: string;
  parquetKey: string;
  license: string;
}

// `name@3` is version 3 of dataset `name`, unless a dataset is literally called `name@3`.
const VERSIONED_NAME = /^(.+)@(\d+)$/;

/** How many dataset names a "no such table" answer lists. */
const LISTED_TABLES = 20;

/** SQL over a project's datasets: each ready dataset version is a table, read-only, time-bounded. */
export class SqlService {
  constructor(
    private readonly db: Db,
    private readonly projects: ProjectsService,
    private readonly storage: BlobStorage,
    /** Per-query DuckDB bounds and the statement timeout (`timeoutMs`). */
    private readonly limits: SqlLimits,
    /**
     * What saving a result as a version needs: a transaction for its rows, the ingest queue, and
     * the largest file a version may be (an upload's limit: a cross join must not bypass it).
     */
    private readonly versions: {
      transactions: AuditedTransactions;
      queue: JobQueue;
      maxBytes: number;
    },
  ) {}

  /**
   * Runs one read-only SELECT over the project's datasets and returns one page of its rows. Only
   * the Parquet files of the versions the query names are materialised, and only for its run.
   */
  async query(principal: Principal, projectId: string, body: SqlQueryBody): Promise<SqlResult> {
    await this.projects.authorizeProject(principal, projectId, 'dataset.read');
    const started = performance.now();
    const { tables: names } = await inspectQuery(body.query);
    const tables = await this.#resolveTables(projectId, names);
    // Two names for one version (`penguins`, `penguins@3`) share one local copy.
    const keys = [...new Set(tables.map((t) => t.parquetKey))];
    const page = await withLocalFiles(this.storage, keys, (paths) =>
      runSandboxedQuery(
        {
          query: body.query,
          tables: tables.map((t) => ({
            name: t.table,
            parquetPath: paths[keys.indexOf(t.parquetKey)]!,
          })),
          limit: body.limit,
          offset: body.offset,
        },
        this.limits,
      ),
    );
    return {
      ...page,
      offset: body.offset,
      sources: tables.map(({ table, datasetId, versionId }) => ({ table, datasetId, versionId })),
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /**
   * Runs the query in full (no row cap; same sandbox and timeout) into canonical Parquet and
   * records it as the next version of a dataset, with lineage listing the query and every version
   * it read; its licence is the most restrictive of theirs. Ingest then profiles and governs it.
   */
  async saveAsVersion(
    actor: Actor,
    projectId: string,
    body: SaveSqlBody,
  ): Promise<DerivedVersionAccepted> {
    const { project } = await this.projects.authorizeProject(
      actor.principal,
      projectId,
      'dataset.write',
    );
    const datasetName = body.datasetId
      ? await this.#datasetNameIn(projectId, body.datasetId)
      : body.datasetName!;
    const { tables: names } = await inspectQuery(body.query);
    const tables = await this.#resolveTables(projectId, names);
    const keys = [...new Set(tables.map((t) => t.parquetKey))];
    await mkdir(this.limits.tempDirectory, { recursive: true });
    const scratch = await mkdtemp(path.join(this.limits.tempDirectory, 'save-'));
    const storageKey = `orgs/${project.orgId}/sql-results/${uuidv7()}.parquet`;
    try {
      const outputPath = path.join(scratch, 'result.parquet');
      await withLocalFiles(this.storage, keys, (paths) =>
        copySandboxedQuery(
          {
            query: body.query,
            tables: tables.map((t) => ({
              name: t.table,
              parquetPath: paths[keys.indexOf(t.parquetKey)]!,
            })),
            outputPath,
          },
          this.limits,
        ),
      );
      const { size } = await stat(outputPath);
      if (size > this.versions.maxBytes) {
        throw PayloadTooLargeError.field(
          'query',
          `the result is ${size} bytes as Parquet, over the ${this.versions.maxBytes}-byte limit of a dataset version; select fewer rows or columns`,
        );
      }
      const file = await storeProducedFile(this.storage, outputPath, storageKey);
      const lineage: VersionLineage = {
        source: 'sql',
        query: body.query,
        inputs: tables.map(({ table, datasetId, versionId, license }) => ({
          table,
          datasetId,
          versionId,
          license,
        })),
      };
      const [first, ...rest] = tables.map((t) => t.license);
      const recorded = await this.versions.transactions.run((tx, audit) =>
        recordDerivedVersion(tx, audit, this.versions.queue, {
          orgId: project.orgId,
          projectId,
          datasetName,
          description: body.description,
          source: 'sql',
          parentVersionId: null,
          lineage,
          // A query over no dataset (SELECT 42) produces the caller's own data.
          license: first === undefined ? 'user-owned' : strictestLicenseId(first, rest),
          file: { ...file, fileName: `${datasetName}.parquet` },
          createdBy: accountableUser(actor.principal),
        }),
      );
      if (!recorded.keepsFile) await this.storage.delete(storageKey).catch(() => undefined);
      this.versions.queue.wake();
      return {
        datasetId: recorded.dataset.id,
        versionId: recorded.version.id,
        version: recorded.version.number,
        jobId: recorded.job.id,
        lineage,
        createdAt: iso(recorded.version.createdAt),
      };
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  async #datasetNameIn(projectId: string, datasetId: string): Promise<string> {
    const dataset = await new DatasetsRepository(this.db).findDataset(datasetId);
    if (!dataset || dataset.projectId !== projectId) {
      throw ValidationError.field('datasetId', `no dataset ${datasetId} in this project`);
    }
    return dataset.name;
  }

  /**
   * Each name as the query wrote it (once, whatever its case) to the version it means: a dataset's
   * latest ready version, or `name@N` for version N, which must be ready.
   */
  async #resolveTables(projectId: string, names: readonly string[]): Promise<ResolvedTable[]> {
    const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
    const candidates = unique.flatMap((n) => {
      const base = VERSIONED_NAME.exec(n)?.[1];
      return base ? [n, base] : [n];
    });
    const repo = new SqlRepository(this.db);
    const versions = groupByDataset(await repo.versionsOfDatasetsNamed(projectId, candidates));
    const resolved: ResolvedTable[] = [];
    const unknown: string[] = [];
    for (const name of unique) {
      const table = resolveTable(name, versions);
      if (table) resolved.push(table);
      else unknown.push(name);
    }
    if (unknown.length > 0) {
      const available = await repo.queryableDatasetNames(projectId, LISTED_TABLES + 1);
      throw ValidationError.field('query', noSuchTables(unknown, available));
    }
    return resolved;
  }
}

/** Versions by lower-cased dataset name, newest first. */
function groupByDataset(rows: NamedVersion[]): Map<string, NamedVersion[]> {
  const byName = new Map<string, NamedVersion[]>();
  for (const row of rows.sort((a, b) => b.number - a.number)) {
    const key = row.datasetName.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), row]);
  }
  return byName;
}

/** The version `name` means, null when no dataset has that name; refuses versions not ready. */
function resolveTable(name: string, versions: Map<string, NamedVersion[]>): ResolvedTable | null {
  const exact = versions.get(name.toLowerCase());
  if (exact) {
    const ready = exact.find((v) => v.status === 'ready' && v.parquetKey);
    if (!ready) {
      throw ValidationError.field(
        'query',
        `dataset "${exact[0]!.datasetName}" has no ready version yet (its latest is ${exact[0]!.status}); ` +
          'query it once ingest and review are done',
      );
    }
    return tableOf(name, ready);
  }
  const versioned = VERSIONED_NAME.exec(name);
  const ofDataset = versioned && versions.get(versioned[1]!.toLowerCase());
  if (!versioned || !ofDataset) return null;
  const number = Number(versioned[2]);
  const version = ofDataset.find((v) => v.number === number);
  const dataset = ofDataset[0]!.datasetName;
  if (!version) {
    throw ValidationError.field(
      'query',
      `dataset "${dataset}" has no version ${number}; its versions are 1 to ${ofDataset[0]!.number}`,
    );
  }
  if (version.status !== 'ready' || !version.parquetKey) {
    throw ValidationError.field(
      'query',
      `version ${number} of "${dataset}" is ${version.status}; only ready versions can be queried`,
    );
  }
  return tableOf(name, version);
}

function tableOf(name: string, version: NamedVersion): ResolvedTable {
  return {
    table: name,
    datasetId: version.datasetId,
    versionId: version.versionId,
    parquetKey: version.parquetKey!,
    license: version.license,
  };
}

function noSuchTables(unknown: string[], available: string[]): string {
  const names = unknown.map((n) => `"${n}"`).join(', ');
  const subject = unknown.length === 1 ? `no table ${names}` : `no tables ${names}`;
  if (available.length === 0) {
    return `${subject} in this project: it has no ready dataset yet; tables are the project's datasets`;
  }
  const listed = available
    .slice(0, LISTED_TABLES)
    .map((n) => `"${n}"`)
    .join(', ');
  const more = available.length > LISTED_TABLES ? ', …' : '';
  return `${subject} in this project; its tables are its datasets (${listed}${more}), and "name@N" reads version N`;
}

/**
 * Runs `fn` with a local path for each key, in order; every temp copy is released when `fn`
 * settles, whether it returned or threw.
 */
async function withLocalFiles<T>(
  storage: BlobStorage,
  keys: readonly string[],
  fn: (paths: string[]) => Promise<T>,
): Promise<T> {
  const [first, ...rest] = keys;
  if (first === undefined) return fn([]);
  return storage.withLocalFile(first, (firstPath) =>
    withLocalFiles(storage, rest, (restPaths) => fn([firstPath, ...restPaths])),
  );
}

import type { DatasetDiff } from '@aistudio/contracts';
import {
  quoteIdentifier,
  quoteLiteral,
  type ColumnProfile,
  type DatasetProfile,
  type DuckDBSession,
  type SchemaColumn,
} from './ingest/index.js';

/** Rows are compared one by one only when both versions have at most this many. */
const MAX_ROW_DIFF_ROWS = 1_000_000;

/** One side of a diff: the version's counts, effective schema, profile and local Parquet file. */
export interface DiffInput {
  versionId: string;
  number: number;
  rowCount: number;
  schema: SchemaColumn[];
  profile: DatasetProfile | null;
  parquetPath: string;
}

/** Schema changes, profile deltas and (for small enough versions) row-level changes. */
export async function diffVersions(
  session: DuckDBSession,
  datasetId: string,
  from: DiffInput,
  to: DiffInput,
): Promise<DatasetDiff> {
  const schema = diffSchemas(from.schema, to.schema);
  const toNames = new Set(to.schema.map((column) => column.name));
  const common = from.schema.filter((column) => toNames.has(column.name));
  return {
    datasetId,
    from: side(from),
    to: side(to),
    schema,
    columns: common.map((column) =>
      profileDelta(
        column.name,
        profileOf(from.profile, column.name),
        profileOf(to.profile, column.name),
      ),
    ),
    rows: await diffRows(session, from, to, common),
  };
}

function side(input: DiffInput): DatasetDiff['from'] {
  return {
    versionId: input.versionId,
    number: input.number,
    rowCount: input.rowCount,
    columnCount: input.schema.length,
  };
}

/** Columns added, removed, and kept with another logical type, storage type or role. */
function diffSchemas(from: SchemaColumn[], to: SchemaColumn[]): DatasetDiff['schema'] {
  const before = new Map(from.map((column) => [column.name, column]));
  const after = new Map(to.map((column) => [column.name, column]));
  const brief = ({ name, type, storageType }: SchemaColumn) => ({ name, type, storageType });
  const shape = ({ type, storageType, role }: SchemaColumn) => ({ type, storageType, role });
  return {
    added: to.filter((column) => !before.has(column.name)).map(brief),
    removed: from.filter((column) => !after.has(column.name)).map(brief),
    changed: from.flatMap((column) => {
      const next = after.get(column.name);
      const changed =
        next &&
        (next.type !== column.type ||
          next.storageType !== column.storageType ||
          next.role !== column.role);
      return changed ? [{ name: column.name, from: shape(column), to: shape(next) }] : [];
    }),
  };
}

function profileOf(profile: DatasetProfile | null, name: string): ColumnProfile | undefined {
  return profile?.columns.find((column) => column.name === name);
}

/** Missing share, mean (numeric columns) and distinct count in both versions, and their change. */
function profileDelta(
  name: string,
  from: ColumnProfile | undefined,
  to: ColumnProfile | undefined,
): DatasetDiff['columns'][number] {
  const numeric = from?.numeric !== undefined || to?.numeric !== undefined;
  return {
    name,
    missingShare: delta(from?.missingShare, to?.missingShare),
    mean: numeric ? delta(from?.numeric?.mean, to?.numeric?.mean) : null,
    distinct: delta(from?.distinct, to?.distinct),
  };
}

function delta(from: number | undefined, to: number | undefined) {
  return {
    from: from ?? null,
    to: to ?? null,
    delta: from === undefined || to === undefined ? null : to - from,
  };
}

/**
 * Rows added and removed, as multisets of row content hashes over the columns both versions
 * have (EXCEPT ALL keeps duplicates, so a row uploaded twice counts twice). A column stored with
 * another type is compared as text, so 1 and 1.0 differ but a widened type alone does not hide
 * every row.
 */
async function diffRows(
  session: DuckDBSession,
  from: DiffInput,
  to: DiffInput,
  common: SchemaColumn[],
): Promise<DatasetDiff['rows']> {
  const comparedColumns = common.map((column) => column.name);
  const skipped = (reason: string) => ({
    compared: false,
    reason,
    comparedColumns,
    added: null,
    removed: null,
    unchanged: null,
  });
  if (common.length === 0) return skipped('no column is in both versions');
  if (from.rowCount > MAX_ROW_DIFF_ROWS || to.rowCount > MAX_ROW_DIFF_ROWS) {
    return skipped(
      `rows are compared only when both versions have at most ${MAX_ROW_DIFF_ROWS.toLocaleString('en')}`,
    );
  }
  const storedAs = new Map(to.schema.map((column) => [column.name, column.storageType]));
  const values = common.map((column) => {
    const name = quoteIdentifier(column.name);
    return column.storageType === storedAs.get(column.name) ? name : `CAST(${name} AS VARCHAR)`;
  });
  const hashes = (input: DiffInput) =>
    `SELECT hash(${values.join(', ')}) AS h FROM read_parquet(${quoteLiteral(input.parquetPath)})`;
  const [counts] = await session.rows<{ added: number; removed: number }>(
    `SELECT (SELECT count(*) FROM (${hashes(to)} EXCEPT ALL ${hashes(from)})) AS added,
            (SELECT count(*) FROM (${hashes(from)} EXCEPT ALL ${hashes(to)})) AS removed`,
  );
  const added = Number(counts!.added);
  return {
    compared: true,
    reason: null,
    comparedColumns,
    added,
    removed: Number(counts!.removed),
    unchanged: to.rowCount - added,
  };
}

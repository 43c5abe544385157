import {
  isIdLikeName,
  isIntegerStorage,
  isNumericStorage,
  type ColumnRole,
  type ColumnType,
} from './column-types.js';
import {
  provisionalColumn,
  scanTableStats,
  type ColumnStats,
  type TableStats,
} from './column-stats.js';
import { quoteLiteral, type DuckDBSession } from './duckdb-session.js';

export interface SchemaColumn {
  name: string;
  /** DuckDB type in the canonical Parquet. */
  storageType: string;
  type: ColumnType;
  role: ColumnRole;
  /** Why the type was inferred, or 'user override'. */
  reason: string;
}

export interface DatasetSchema {
  columns: SchemaColumn[];
}

export interface InferOptions {
  /** Column the user named as the target; otherwise a column named target/label/class/y/outcome. */
  target?: string;
  /** Stats of the provisional columns (scanTableStats), when the caller has scanned already. */
  stats?: TableStats;
}

/** Strings with at most this many distinct values are categorical. */
export const CATEGORICAL_MAX_DISTINCT = 50;
/** Up to this many distinct strings are categorical too when each repeats 20× on average… */
export const CATEGORICAL_MAX_SHARE_DISTINCT = 1000;
/** …that is, distinct values / non-missing values ≤ this share. */
export const CATEGORICAL_MAX_DISTINCT_RATIO = 0.05;
/** Identifiers are short: longer unique strings are text. */
export const IDENTIFIER_MAX_LENGTH = 64;

const TARGET_NAME = /^(target|label|class|y|outcome)$/i;

/**
 * Infers each column's logical type and role from its storage type, its name and its aggregate
 * stats (scanned here unless given). Rules, in order: booleans, dates and timestamps by storage
 * type; unique whole numbers or short strings under an id-like name → identifier; numbers →
 * integer or float; strings with ≤ 50 distinct values, or ≤ 1000 that repeat 20× on average →
 * categorical; unique short strings without spaces → identifier; other strings → text.
 */
export async function inferSchema(
  session: DuckDBSession,
  parquetPath: string,
  options: InferOptions = {},
): Promise<DatasetSchema> {
  const storage = await session.rows<{ column_name: string; column_type: string }>(
    `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(parquetPath)})`,
  );
  const stats =
    options.stats ??
    (await scanTableStats(
      session,
      `read_parquet(${quoteLiteral(parquetPath)})`,
      storage.map((column) => provisionalColumn(column.column_name, column.column_type)),
    ));
  const columns = storage.map(({ column_name: name, column_type: storageType }) => {
    const columnStats = stats.columns.get(name)!.stats;
    const { type, reason } = inferType(name, storageType, columnStats);
    return { name, storageType, type, reason, role: guessRole(name, type, columnStats, options) };
  });
  return { columns: keepOneTarget(columns, options) };
}

function inferType(
  name: string,
  storageType: string,
  stats: ColumnStats,
): { type: ColumnType; reason: string } {
  const unique = stats.count > 1 && stats.distinct === stats.count;
  const idName = isIdLikeName(name);
  if (storageType === 'BOOLEAN') return { type: 'boolean', reason: 'boolean values' };
  if (storageType === 'DATE') return { type: 'date', reason: 'date values' };
  if (storageType.startsWith('TIMESTAMP')) return { type: 'datetime', reason: 'timestamp values' };
  if (isNumericStorage(storageType)) {
    if (isIntegerStorage(storageType)) {
      return unique && idName
        ? { type: 'identifier', reason: 'unique whole numbers under an id-like name' }
        : { type: 'integer', reason: 'whole numbers' };
    }
    return { type: 'float', reason: 'decimal numbers' };
  }
  if (storageType !== 'VARCHAR') return { type: 'text', reason: `stored as ${storageType}` };
  if (stats.count === 0) return { type: 'text', reason: 'no values' };
  const short = (stats.textLength?.max ?? 0) <= IDENTIFIER_MAX_LENGTH;
  if (unique && idName && short) {
    return { type: 'identifier', reason: 'unique short strings under an id-like name' };
  }
  if (
    !unique &&
    (stats.distinct <= CATEGORICAL_MAX_DISTINCT ||
      (stats.distinct <= CATEGORICAL_MAX_SHARE_DISTINCT &&
        stats.distinct / stats.count <= CATEGORICAL_MAX_DISTINCT_RATIO))
  ) {
    return { type: 'categorical', reason: `${stats.distinct} distinct values repeat` };
  }
  if (unique && short && stats.withSpace === 0) {
    return { type: 'identifier', reason: 'unique short strings without spaces' };
  }
  return { type: 'text', reason: 'free text: many distinct values' };
}

function guessRole(
  name: string,
  type: ColumnType,
  stats: ColumnStats,
  options: InferOptions,
): ColumnRole {
  if (options.target !== undefined ? name === options.target : TARGET_NAME.test(name))
    return 'target';
  if (type === 'identifier') return 'identifier';
  if (stats.count === 0 || stats.distinct <= 1) return 'ignore';
  if (type === 'date' || type === 'datetime') return 'time';
  return 'feature';
}

/** Name-based guesses may find several targets; only the first stays one. */
function keepOneTarget(columns: SchemaColumn[], options: InferOptions): SchemaColumn[] {
  if (options.target !== undefined) return columns;
  let seen = false;
  return columns.map((column) => {
    if (column.role !== 'target') return column;
    if (seen) return { ...column, role: 'feature' };
    seen = true;
    return column;
  });
}

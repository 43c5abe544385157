import { SchemaOverride } from '@aistudio/contracts';
import { UnprocessableError, ValidationError } from '../../../http/errors.js';
import { castsToTypeSql, type ColumnType } from './column-types.js';
import { quoteIdentifier, quoteLiteral, type DuckDBSession } from './duckdb-session.js';
import type { DatasetSchema } from './infer-schema.js';

/** The override contract (packages/contracts), under the name the ingest library has used. */
export const SchemaOverrideSchema = SchemaOverride;
export type { SchemaOverride };

const TIME_TYPES: ColumnType[] = ['date', 'datetime', 'integer'];

/**
 * Applies the user's type and role overrides after checking them against the data: a type some
 * values cannot take fails with how many cannot, and the first of them with its row (1-based,
 * header excluded). Errors name `${field}.<i>.column|type|role`. A target chosen by the user
 * replaces an inferred one.
 */
export async function applySchemaOverrides(
  session: DuckDBSession,
  parquetPath: string,
  schema: DatasetSchema,
  overrides: SchemaOverride[],
  field = 'overrides',
): Promise<DatasetSchema> {
  const userTarget = overrides.some((override) => override.role === 'target');
  const columns = schema.columns.map((column) =>
    userTarget && column.role === 'target'
      ? { ...column, role: 'feature' as const }
      : { ...column },
  );
  for (const [i, override] of overrides.entries()) {
    const column = columns.find((candidate) => candidate.name === override.column);
    if (!column) {
      throw ValidationError.field(`${field}.${i}.column`, `no column named "${override.column}"`);
    }
    if (override.type && override.type !== column.type) {
      await assertCastable(session, parquetPath, column.name, override.type, `${field}.${i}.type`);
      column.type = override.type;
      column.reason = 'user override';
    }
    if (override.role) column.role = override.role;
  }
  for (const [i, override] of overrides.entries()) {
    const column = columns.find((candidate) => candidate.name === override.column)!;
    if (override.role === 'time' && !TIME_TYPES.includes(column.type)) {
      throw ValidationError.field(
        `${field}.${i}.role`,
        `column "${column.name}" is ${column.type}; the time role needs a date, datetime or integer column`,
      );
    }
  }
  const targets = columns.filter((column) => column.role === 'target');
  if (targets.length > 1) {
    throw ValidationError.field(
      field,
      `only one target column is allowed; found ${targets.map((column) => `"${column.name}"`).join(', ')}`,
    );
  }
  return { columns };
}

/**
 * Applies, one at a time, the overrides that still fit the data (those of the version before,
 * carried to a new one); one naming a column that is gone, or a type the values can no longer
 * take, is left out instead of failing the version.
 */
export async function applyFittingOverrides(
  session: DuckDBSession,
  parquetPath: string,
  schema: DatasetSchema,
  overrides: SchemaOverride[],
): Promise<{ schema: DatasetSchema; applied: SchemaOverride[] }> {
  let current = schema;
  const applied: SchemaOverride[] = [];
  for (const override of overrides) {
    try {
      current = await applySchemaOverrides(session, parquetPath, current, [override]);
      applied.push(override);
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof UnprocessableError)) throw error;
    }
  }
  return { schema: current, applied };
}

async function assertCastable(
  session: DuckDBSession,
  parquetPath: string,
  name: string,
  type: ColumnType,
  field: string,
): Promise<void> {
  const column = quoteIdentifier(name);
  const file = `read_parquet(${quoteLiteral(parquetPath)}, file_row_number = true)`;
  const failing = `${column} IS NOT NULL AND NOT ${castsToTypeSql(column, type)}`;
  const [counts] = await session.rows<{ failed: number; total: number }>(
    `SELECT count_if(${failing}) AS failed, count(${column}) AS total FROM ${file}`,
  );
  const failed = Number(counts!.failed);
  if (failed === 0) return;
  const [first] = await session.rows<{ row: number; value: string }>(
    `SELECT file_row_number + 1 AS row, CAST(${column} AS VARCHAR) AS value FROM ${file}
      WHERE ${failing} ORDER BY file_row_number LIMIT 1`,
  );
  const message =
    `column "${name}" cannot be ${type}: ${failed} of ${Number(counts!.total)} values do not ` +
    `convert; row ${first!.row} has "${first!.value.slice(0, 80)}"`;
  throw new UnprocessableError(message, [{ field, message }]);
}

import { z } from 'zod';
import { UnprocessableError, ValidationError } from '../../../http/errors.js';
import { castsToTypeSql, COLUMN_ROLES, COLUMN_TYPES, type ColumnType } from './column-types.js';
import { quoteIdentifier, quoteLiteral, type DuckDBSession } from './duckdb-session.js';
import type { DatasetSchema } from './infer-schema.js';

export const SchemaOverrideSchema = z.object({
  column: z.string().min(1),
  type: z.enum(COLUMN_TYPES).optional(),
  role: z.enum(COLUMN_ROLES).optional(),
});
export type SchemaOverride = z.infer<typeof SchemaOverrideSchema>;

const TIME_TYPES: ColumnType[] = ['date', 'datetime', 'integer'];

/**
 * Applies the user's type and role overrides after checking them against the data: a type the
 * values cannot take fails with the first bad value and its row (1-based, header excluded).
 */
export async function applySchemaOverrides(
  session: DuckDBSession,
  parquetPath: string,
  schema: DatasetSchema,
  overrides: SchemaOverride[],
): Promise<DatasetSchema> {
  const columns = schema.columns.map((column) => ({ ...column }));
  for (const [i, override] of overrides.entries()) {
    const column = columns.find((candidate) => candidate.name === override.column);
    if (!column) {
      throw ValidationError.field(`overrides[${i}].column`, `no column named "${override.column}"`);
    }
    if (override.type && override.type !== column.type) {
      await assertCastable(
        session,
        parquetPath,
        column.name,
        override.type,
        `overrides[${i}].type`,
      );
      column.type = override.type;
      column.reason = 'user override';
    }
    if (override.role) column.role = override.role;
  }
  for (const [i, override] of overrides.entries()) {
    const column = columns.find((candidate) => candidate.name === override.column)!;
    if (override.role === 'time' && !TIME_TYPES.includes(column.type)) {
      throw ValidationError.field(
        `overrides[${i}].role`,
        `column "${column.name}" is ${column.type}; the time role needs a date, datetime or integer column`,
      );
    }
  }
  const targets = columns.filter((column) => column.role === 'target');
  if (targets.length > 1) {
    throw ValidationError.field(
      'overrides',
      `only one target column is allowed; found ${targets.map((column) => `"${column.name}"`).join(', ')}`,
    );
  }
  return { columns };
}

async function assertCastable(
  session: DuckDBSession,
  parquetPath: string,
  name: string,
  type: ColumnType,
  field: string,
): Promise<void> {
  const column = quoteIdentifier(name);
  const [bad] = await session.rows<{ row: number; value: string }>(
    `SELECT file_row_number + 1 AS row, CAST(${column} AS VARCHAR) AS value
       FROM read_parquet(${quoteLiteral(parquetPath)}, file_row_number = true)
      WHERE ${column} IS NOT NULL AND NOT ${castsToTypeSql(column, type)}
      ORDER BY file_row_number LIMIT 1`,
  );
  if (bad) {
    const message = `column "${name}" cannot be ${type}: row ${bad.row} has "${bad.value.slice(0, 80)}"`;
    throw new UnprocessableError(message, [{ field, message }]);
  }
}

import type { ColumnType } from '@aistudio/contracts';

// The logical types and roles are part of the API, so the contracts package declares them.
export { COLUMN_ROLES, COLUMN_TYPES, type ColumnRole, type ColumnType } from '@aistudio/contracts';

const ID_NAME = /^(id|uuid|guid|key|code)$|[_\s-](id|uuid|guid|key)$|[a-z]Id$|ID$|^id[_\s-]/i;

/** Names such as id, user_id, orderId, ID, uuid, key: a unique column so named is an identifier. */
export function isIdLikeName(name: string): boolean {
  return ID_NAME.test(name);
}

export function isNumericStorage(duckdbType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
    duckdbType,
  );
}

export function isIntegerStorage(duckdbType: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL\(\d+,\s*0\))$/.test(
    duckdbType,
  );
}

/** Logical types whose values are numbers in SQL, so mean, std and correlations apply. */
export function isNumericType(type: ColumnType): boolean {
  return type === 'integer' || type === 'float';
}

/**
 * SQL that is true when `expr` can be read as `type`; null values are never checked.
 * Integer means a whole number: "1.5" fails although DuckDB would round it.
 */
export function castsToTypeSql(expr: string, type: ColumnType): string {
  switch (type) {
    case 'integer':
      return `(TRY_CAST(${expr} AS BIGINT) IS NOT NULL AND TRY_CAST(${expr} AS DOUBLE) = TRY_CAST(${expr} AS BIGINT))`;
    case 'float':
      return `TRY_CAST(${expr} AS DOUBLE) IS NOT NULL`;
    case 'boolean':
      return `TRY_CAST(${expr} AS BOOLEAN) IS NOT NULL`;
    case 'date':
      return `TRY_CAST(${expr} AS DATE) IS NOT NULL`;
    case 'datetime':
      return `TRY_CAST(${expr} AS TIMESTAMP) IS NOT NULL`;
    case 'categorical':
    case 'text':
    case 'identifier':
      return 'TRUE';
  }
}

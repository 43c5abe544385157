import { numericColumn, Table, type Column } from '@aistudio/engine';
import type { DuckDBVector } from '@duckdb/node-api';
import { openDuckDB, quoteIdentifier, type DuckDBLimits } from '../datasets/ingest/index.js';
import type { ColumnType } from '../datasets/ingest/index.js';

/** A column to load for training, with its logical type from the version's (effective) schema. */
export interface TrainingColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * Loads the named columns of a version's canonical Parquet as an engine table: numbers (dates as
 * days and timestamps as seconds since 1970, so trees can split on time) become numeric columns,
 * booleans, categories and identifiers categorical ones, free text stays text for the pipeline.
 * Chunks stream straight into typed arrays and dictionary codes: no row objects, no boxed values.
 */
export async function readTrainingTable(
  parquetPath: string,
  columns: readonly TrainingColumn[],
  limits: DuckDBLimits,
): Promise<Table> {
  const session = await openDuckDB(limits);
  try {
    const selects = columns.map((c) => `${loadExpression(c)} AS ${quoteIdentifier(c.name)}`);
    const result = await session.connection.run(
      `SELECT ${selects.join(', ')} FROM read_parquet($1)`,
      [parquetPath],
    );
    const builders = columns.map((c) => columnBuilder(c));
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      builders.forEach((builder, i) => builder.append(chunk.getColumnVector(i), chunk.rowCount));
    }
    return Table.fromColumnList(builders.map((builder) => builder.finish()));
  } finally {
    session.close();
  }
}

export function loadExpression(column: TrainingColumn): string {
  const name = quoteIdentifier(column.name);
  switch (column.type) {
    case 'integer':
    case 'float':
      return `CAST(${name} AS DOUBLE)`;
    case 'date':
      return `CAST(date_diff('day', DATE '1970-01-01', CAST(${name} AS DATE)) AS DOUBLE)`;
    case 'datetime':
      return `CAST(epoch(CAST(${name} AS TIMESTAMP)) AS DOUBLE)`;
    default:
      return `CAST(${name} AS VARCHAR)`;
  }
}

export interface ColumnBuilder {
  append(vector: DuckDBVector, rows: number): void;
  finish(): Column;
}

export function columnBuilder(column: TrainingColumn): ColumnBuilder {
  switch (column.type) {
    case 'integer':
    case 'float':
    case 'date':
    case 'datetime':
      return numericBuilder(column.name);
    case 'text':
      return textBuilder(column.name);
    default:
      return categoricalBuilder(column.name);
  }
}

function numericBuilder(name: string): ColumnBuilder {
  let values = new Float64Array(1 << 16);
  let length = 0;
  return {
    append(vector, rows) {
      if (length + rows > values.length) {
        const grown = new Float64Array(Math.max(values.length * 2, length + rows));
        grown.set(values.subarray(0, length));
        values = grown;
      }
      for (let i = 0; i < rows; i++) {
        const value = vector.getItem(i);
        values[length++] = typeof value === 'number' ? value : NaN;
      }
    },
    finish: () => numericColumn(name, values.slice(0, length)),
  };
}

/** Codes in order of first appearance, as `Table.fromColumns` assigns them. */
function categoricalBuilder(name: string): ColumnBuilder {
  let codes = new Int32Array(1 << 16);
  let length = 0;
  const index = new Map<string, number>();
  const categories: string[] = [];
  return {
    append(vector, rows) {
      if (length + rows > codes.length) {
        const grown = new Int32Array(Math.max(codes.length * 2, length + rows));
        grown.set(codes.subarray(0, length));
        codes = grown;
      }
      for (let i = 0; i < rows; i++) {
        const value = vector.getItem(i);
        if (typeof value !== 'string') {
          codes[length++] = -1;
          continue;
        }
        let code = index.get(value);
        if (code === undefined) {
          code = categories.push(value) - 1;
          index.set(value, code);
        }
        codes[length++] = code;
      }
    },
    finish: () => ({ kind: 'categorical', name, codes: codes.slice(0, length), categories }),
  };
}

function textBuilder(name: string): ColumnBuilder {
  const values: (string | null)[] = [];
  return {
    append(vector, rows) {
      for (let i = 0; i < rows; i++) {
        const value = vector.getItem(i);
        values.push(typeof value === 'string' ? value : null);
      }
    },
    finish: () => ({ kind: 'text', name, values }),
  };
}

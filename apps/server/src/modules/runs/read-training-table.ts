import { Table, type ColumnInput } from '@aistudio/engine';
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
 */
export async function readTrainingTable(
  parquetPath: string,
  columns: readonly TrainingColumn[],
  limits: DuckDBLimits,
): Promise<Table> {
  const session = await openDuckDB(limits);
  try {
    const selects = columns.map((c) => `${loadExpression(c)} AS ${quoteIdentifier(c.name)}`);
    const reader = await session.connection.runAndReadAll(
      `SELECT ${selects.join(', ')} FROM read_parquet($1)`,
      [parquetPath],
    );
    const values = reader.getColumnsJS();
    const inputs: Record<string, ColumnInput> = {};
    columns.forEach((column, i) => {
      const data = values[i] ?? [];
      inputs[column.name] = columnInput(column.type, data);
    });
    return Table.fromColumns(inputs);
  } finally {
    session.close();
  }
}

function loadExpression(column: TrainingColumn): string {
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

function columnInput(type: ColumnType, data: readonly unknown[]): ColumnInput {
  switch (type) {
    case 'integer':
    case 'float':
    case 'date':
    case 'datetime':
      return Float64Array.from(data, (v) => (typeof v === 'number' ? v : NaN));
    case 'text':
      return { text: data as (string | null)[] };
    default:
      return data as (string | null)[];
  }
}

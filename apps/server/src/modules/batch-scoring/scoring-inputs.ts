import type { ModelInputField } from '@aistudio/contracts';
import { UnprocessableError } from '../../http/errors.js';
import { COLUMN_TYPES, type ColumnType } from '../datasets/ingest/index.js';
import type { TrainingColumn } from '../runs/read-training-table.js';

const NUMERIC_TYPES: readonly ColumnType[] = ['integer', 'float', 'date', 'datetime'];

/**
 * The model's input columns typed by the dataset version's schema, or a 422 naming every column
 * the data lacks, holds in a kind the model cannot read, or that the output would overwrite.
 */
export function scoringInputs(
  inputs: readonly ModelInputField[],
  schema: unknown,
): TrainingColumn[] {
  const types = new Map<string, ColumnType>();
  for (const entry of Array.isArray(schema)
    ? (schema as { name?: unknown; type?: unknown }[])
    : []) {
    if (typeof entry.name === 'string' && COLUMN_TYPES.includes(entry.type as ColumnType)) {
      types.set(entry.name, entry.type as ColumnType);
    }
  }
  const missing = inputs.filter((i) => !types.has(i.name)).map((i) => i.name);
  if (missing.length > 0) {
    throw new UnprocessableError(
      `datasetVersionId: the dataset version lacks the model's input column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}; score a version that has them (or rename the columns in a new version)`,
      missing.map((name) => ({ field: `datasetVersionId.${name}`, message: 'is missing' })),
    );
  }
  const errors = inputs
    .filter((i) => i.kind === 'numeric' && !NUMERIC_TYPES.includes(types.get(i.name)!))
    .map((i) => ({
      field: `datasetVersionId.${i.name}`,
      message: `is ${types.get(i.name)}; the model reads it as numbers (override the column's type in the version's schema)`,
    }));
  const clashes = [...types.keys()].filter(
    (c) => c === 'prediction' || c.startsWith('probability_'),
  );
  errors.push(
    ...clashes.map((c) => ({
      field: `datasetVersionId.${c}`,
      message: 'would be overwritten by the predictions; score a version without it',
    })),
  );
  if (errors.length > 0) {
    throw new UnprocessableError(`${errors[0]!.field}: ${errors[0]!.message}`, errors);
  }
  return inputs.map((i) => ({ name: i.name, type: types.get(i.name)! }));
}

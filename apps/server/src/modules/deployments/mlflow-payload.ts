import { MAX_PREDICT_RECORDS } from '@aistudio/contracts';
import type { InputField } from '@aistudio/engine';
import { ValidationError } from '../../http/errors.js';
import { csvToRecords } from './csv-records.js';

/** MLflow's JSON input forms; a request carries exactly one (and optionally `params`). */
const FORMS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

/** Records to score and how to name a record in an error (`dataframe_records[3]`, `csv.rows[3]`). */
export interface ScoringInput {
  records: unknown[];
  rowLabel: (row: number) => string;
}

/** Reads an MLflow scoring request (JSON in one of its four forms, or CSV) as records. */
export function readScoringInput(
  body: unknown,
  format: 'json' | 'csv',
  inputs: readonly InputField[],
): ScoringInput {
  if (format === 'csv') {
    return checked(
      {
        records: csvToRecords(String(body ?? ''), inputs),
        rowLabel: (row) => `csv.rows[${row}]`,
      },
      'body',
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ValidationError.field('body', `must be a JSON object with one of ${FORMS.join(', ')}`);
  }
  const payload = body as Record<string, unknown>;
  const present = FORMS.filter((form) => form in payload);
  const unknown = Object.keys(payload).filter(
    (key) => key !== 'params' && !(FORMS as readonly string[]).includes(key),
  );
  if (present.length !== 1 || unknown.length > 0) {
    throw ValidationError.field(
      'body',
      `must hold exactly one of ${FORMS.join(', ')} (and optionally params); got ${Object.keys(payload).join(', ') || 'none'}`,
    );
  }
  const form = present[0]!;
  const value = payload[form];
  switch (form) {
    case 'dataframe_split':
      return checked(splitRecords(value), form);
    case 'dataframe_records':
    case 'instances':
      return checked({ records: arrayOf(form, value), rowLabel: (row) => `${form}[${row}]` }, form);
    case 'inputs':
      return checked(
        Array.isArray(value)
          ? { records: value, rowLabel: (row) => `inputs[${row}]` }
          : columnRecords(value),
        form,
      );
  }
}

function arrayOf(field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw ValidationError.field(field, 'must be an array of records');
  return value;
}

/** `{columns, data, index?}`, as pandas' `to_json(orient='split')` writes it. */
function splitRecords(value: unknown): ScoringInput {
  const split = value as { columns?: unknown; data?: unknown } | null;
  if (typeof split !== 'object' || split === null || Array.isArray(split)) {
    throw ValidationError.field('dataframe_split', 'must be an object {columns, data}');
  }
  const columns = split.columns;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
    throw ValidationError.field('dataframe_split.columns', 'must be an array of column names');
  }
  const data = arrayOf('dataframe_split.data', split.data);
  const records = data.map((row, i) => {
    if (!Array.isArray(row) || row.length !== columns.length) {
      throw ValidationError.field(
        `dataframe_split.data[${i}]`,
        `must be an array of ${columns.length} values, one per column`,
      );
    }
    return Object.fromEntries(columns.map((c, j) => [c, row[j]]));
  });
  return { records, rowLabel: (row) => `dataframe_split.data[${row}]` };
}

/** `inputs` as named columns: `{field: [v0, v1, …]}`, every column of the same length. */
function columnRecords(value: unknown): ScoringInput {
  if (typeof value !== 'object' || value === null) {
    throw ValidationError.field('inputs', 'must be an array of records or an object of columns');
  }
  const columns = Object.entries(value as Record<string, unknown>);
  const length = Array.isArray(columns[0]?.[1]) ? columns[0][1].length : 0;
  for (const [name, column] of columns) {
    if (!Array.isArray(column) || column.length !== length) {
      throw ValidationError.field(`inputs.${name}`, `must be an array of ${length} values`);
    }
  }
  const records = Array.from({ length }, (_, i) =>
    Object.fromEntries(columns.map(([name, column]) => [name, (column as unknown[])[i]])),
  );
  return { records, rowLabel: (row) => `inputs[${row}]` };
}

function checked(input: ScoringInput, field: string): ScoringInput {
  if (input.records.length === 0) throw ValidationError.field(field, 'has no records to score');
  if (input.records.length > MAX_PREDICT_RECORDS) {
    throw ValidationError.field(
      field,
      `has ${input.records.length} records; send at most ${MAX_PREDICT_RECORDS} per request`,
    );
  }
  return input;
}

import { EngineInputError } from './errors.js';
import { Table, type Column, type ColumnKind } from './table.js';

/** One input column a model expects. */
export interface InputField {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Categorical fields: the categories seen in training (others are treated as missing). */
  readonly categories?: readonly string[];
}

/** One problem with one value of a record. */
export interface RecordIssue {
  /** Index of the record in the batch. */
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

/** Records that do not fit a model's inputs; `issues` names every field at fault. */
export class RecordsError extends EngineInputError {
  constructor(readonly issues: readonly RecordIssue[]) {
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('records', `row ${first.row}, ${first.field}: ${first.message}${more}`);
  }
}

// Past this many, more issues add noise rather than help.
const MAX_ISSUES = 50;

/**
 * Builds a table of exactly the model's inputs from JSON-like records, checking every value
 * against its field: numbers for numeric fields (null = missing), strings for categorical and
 * text fields (a number is accepted as its decimal string, since JSON producers often send codes
 * such as zip codes as numbers). Unknown fields and absent fields are issues unless allowed.
 */
export function recordsToTable(
  inputs: readonly InputField[],
  records: readonly unknown[],
  options: { readonly allowExtraFields?: boolean; readonly allowMissingFields?: boolean } = {},
): Table {
  const issues: RecordIssue[] = [];
  const report = (row: number, field: string, message: string): void => {
    if (issues.length < MAX_ISSUES) issues.push({ row, field, message });
  };
  const known = new Set(inputs.map((f) => f.name));
  const cells = inputs.map(() => new Array<number | string | null>(records.length));
  records.forEach((record, row) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      report(row, '(record)', 'must be an object of field values');
      return;
    }
    const values = record as Record<string, unknown>;
    if (!options.allowExtraFields) {
      for (const key of Object.keys(values)) {
        if (!known.has(key)) report(row, key, 'is not an input of this model');
      }
    }
    inputs.forEach((field, f) => {
      if (!(field.name in values) && !options.allowMissingFields) {
        report(row, field.name, 'is missing (send null for a missing value)');
        return;
      }
      const parsed = parseValue(field, values[field.name]);
      if (typeof parsed === 'object' && parsed !== null) report(row, field.name, parsed.error);
      else cells[f]![row] = parsed;
    });
  });
  if (issues.length > 0) throw new RecordsError(issues);
  return Table.fromColumnList(inputs.map((field, f) => toColumn(field, cells[f]!)));
}

function parseValue(
  field: InputField,
  value: unknown,
): number | string | null | { readonly error: string } {
  if (value === null || value === undefined) return null;
  if (field.kind === 'numeric') {
    if (typeof value !== 'number')
      return { error: `must be a number or null, got ${describe(value)}` };
    return value;
  }
  if (typeof value === 'string') return value;
  if (field.kind === 'categorical' && typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return { error: `must be a string or null, got ${describe(value)}` };
}

function toColumn(field: InputField, values: readonly (number | string | null)[]): Column {
  const name = field.name;
  if (field.kind === 'numeric') {
    return {
      kind: 'numeric',
      name,
      values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))),
    };
  }
  if (field.kind === 'text') return { kind: 'text', name, values: values as (string | null)[] };
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    const key = v as string;
    let code = index.get(key);
    if (code === undefined) {
      code = categories.length;
      categories.push(key);
      index.set(key, code);
    }
    return code;
  });
  return { kind: 'categorical', name, codes, categories };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** The input fields of a table's columns, with the categories of categorical ones. */
export function inputFieldsOf(table: Table, names: readonly string[]): InputField[] {
  return names.map((name) => {
    const column = table.column(name);
    if (column.kind !== 'categorical') return { name, kind: column.kind };
    return { name, kind: 'categorical', categories: [...column.categories] };
  });
}

/**
 * Checks that `table` has every input with a usable kind and returns a table of just those
 * columns, in order. A numeric column where a categorical one is expected becomes categorical
 * (its values as decimal strings); any other mismatch names the column.
 */
export function alignToInputs(inputs: readonly InputField[], table: Table): Table {
  return Table.fromColumnList(
    inputs.map((field) => {
      if (!table.has(field.name)) {
        throw new EngineInputError(
          field.name,
          `is missing; the model needs a ${field.kind} column`,
        );
      }
      const column = table.column(field.name);
      if (column.kind === field.kind) return column;
      if (field.kind === 'categorical' && column.kind === 'numeric') {
        return toColumn(
          field,
          Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v))),
        );
      }
      if (field.kind === 'categorical' && column.kind === 'text')
        return toColumn(field, column.values);
      throw new EngineInputError(
        field.name,
        `is ${column.kind}; the model needs a ${field.kind} column`,
      );
    }),
  );
}

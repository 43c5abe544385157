import {
  recordsToTable,
  RecordsError,
  type InputField,
  type RecordIssue,
  type Table,
} from '@aistudio/engine';
import { UnprocessableError } from '../../http/errors.js';

// Past this many, more field errors add noise rather than help (the engine stops there too).
const MAX_ISSUES = 50;

/**
 * The table a model predicts from, or a 422 naming every bad value as `<row label>.<field>`
 * (e.g. `records[2].bill_length_mm`): wrong types, missing or extra fields, non-finite numbers and
 * categories the model never saw.
 */
export function recordsToModelTable(
  inputs: readonly InputField[],
  records: readonly unknown[],
  rowLabel: (row: number) => string,
): Table {
  const issues = valueIssues(inputs, records);
  try {
    const table = recordsToTable(inputs, records);
    if (issues.length === 0) return table;
  } catch (error) {
    if (!(error instanceof RecordsError)) throw error;
    issues.push(...error.issues);
  }
  throw toProblem(issues, rowLabel);
}

/** What recordsToTable lets through but a served model must not guess at. */
function valueIssues(inputs: readonly InputField[], records: readonly unknown[]): RecordIssue[] {
  const issues: RecordIssue[] = [];
  records.forEach((record, row) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return;
    const values = record as Record<string, unknown>;
    for (const field of inputs) {
      const value = values[field.name];
      if (field.kind === 'numeric' && typeof value === 'number' && !Number.isFinite(value)) {
        issues.push({ row, field: field.name, message: `must be a finite number, got ${value}` });
      }
      const category = typeof value === 'number' ? String(value) : value;
      if (
        field.categories &&
        typeof category === 'string' &&
        !field.categories.includes(category)
      ) {
        issues.push({
          row,
          field: field.name,
          message: `"${category.slice(0, 40)}" was not seen in training; use one of ${field.categories.map((c) => JSON.stringify(c)).join(', ')} or null`,
        });
      }
    }
  });
  return issues;
}

function toProblem(
  issues: readonly RecordIssue[],
  rowLabel: (row: number) => string,
): UnprocessableError {
  const errors = [...issues]
    .sort((a, b) => a.row - b.row)
    .slice(0, MAX_ISSUES)
    .map((issue) => ({
      field:
        issue.field === '(record)' ? rowLabel(issue.row) : `${rowLabel(issue.row)}.${issue.field}`,
      message: issue.message,
    }));
  const first = errors[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new UnprocessableError(`${first.field}: ${first.message}${more}`, errors);
}

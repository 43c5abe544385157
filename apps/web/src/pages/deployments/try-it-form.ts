import type { ModelInputField } from '@aistudio/contracts';

/** One control of the "try it" form, derived from a field of the model's input schema. */
export type TryItField =
  | { readonly name: string; readonly control: 'number' }
  | { readonly name: string; readonly control: 'select'; readonly options: readonly string[] }
  | { readonly name: string; readonly control: 'text' };

/** Numbers as number inputs, categories seen in training as selects, anything else as text. */
export function tryItFields(schema: readonly ModelInputField[]): TryItField[] {
  return schema.map((field) => {
    if (field.kind === 'numeric') return { name: field.name, control: 'number' };
    if (field.kind === 'categorical' && field.categories && field.categories.length > 0)
      return { name: field.name, control: 'select', options: field.categories };
    return { name: field.name, control: 'text' };
  });
}

/** Starting values: the first category of each select, numbers and text left empty (missing). */
export function initialTryItValues(fields: readonly TryItField[]): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => [f.name, f.control === 'select' ? (f.options[0] ?? '') : '']),
  );
}

export type TryItRecord =
  | { ok: true; record: Record<string, string | number | null> }
  | { ok: false; errors: Record<string, string> };

/**
 * The record the form's values stand for: an empty control is a missing value (null), numbers are
 * parsed (a comma works as the decimal mark); what does not parse is named per field.
 */
export function tryItRecord(
  fields: readonly TryItField[],
  values: Readonly<Record<string, string>>,
): TryItRecord {
  const record: Record<string, string | number | null> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = (values[field.name] ?? '').trim();
    if (raw === '') {
      record[field.name] = null;
    } else if (field.control === 'number') {
      const value = Number(raw.replace(',', '.'));
      if (Number.isFinite(value)) record[field.name] = value;
      else errors[field.name] = 'enter a number, or leave it empty for a missing value';
    } else {
      record[field.name] = raw;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, record };
}

/**
 * The server names a bad value `records[0].<field>`; the form shows it under that field. Other
 * errors (the whole body, another row) stay with the form.
 */
export function errorsByTryItField(
  errors: readonly { field: string; message: string }[],
): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { field, message } of errors) {
    const name = /^(?:body\.)?records\[0\]\.(.+)$/.exec(field)?.[1] ?? '';
    byField[name] ??= message;
  }
  return byField;
}

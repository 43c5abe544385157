import type { DriftColumn } from '@aistudio/engine';
import type { DriftInput } from './drift-reference.js';

/** A finite number from a logged or read value (numeric strings included), else null (missing). */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A category label, else null (missing): numbers and booleans as their text. */
function labelOf(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function numbers(values: Iterable<unknown>): Float64Array {
  const out: number[] = [];
  for (const value of values) {
    const number = numberOf(value);
    if (number !== null) out.push(number);
  }
  return Float64Array.from(out);
}

function labels(values: Iterable<unknown>): string[] {
  const out: string[] = [];
  for (const value of values) {
    const label = labelOf(value);
    if (label !== null) out.push(label);
  }
  return out;
}

function* field(rows: readonly Record<string, unknown>[], name: string): Iterable<unknown> {
  for (const row of rows) yield row[name];
}

/** One column of reference and current values; missing values dropped. */
export function driftColumnOf(
  input: DriftInput,
  reference: Iterable<unknown>,
  current: Iterable<unknown>,
): DriftColumn {
  return input.kind === 'numeric'
    ? {
        name: input.name,
        kind: 'numeric',
        reference: numbers(reference),
        current: numbers(current),
      }
    : {
        name: input.name,
        kind: 'categorical',
        reference: labels(reference),
        current: labels(current),
      };
}

/** The feature columns of a check: reference rows against the logged records' features. */
export function featureColumns(
  inputs: readonly DriftInput[],
  referenceRows: readonly Record<string, unknown>[],
  currentFeatures: readonly Record<string, unknown>[],
): DriftColumn[] {
  return inputs.map((input) =>
    driftColumnOf(input, field(referenceRows, input.name), field(currentFeatures, input.name)),
  );
}

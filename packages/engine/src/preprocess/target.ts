import { EngineInputError } from '../errors.js';
import type { Table } from '../table.js';
import { compareCodePoints } from './columns.js';

/** The target given to `fitPipeline`: a column of the table, or one value per row. */
export type TargetInput = string | Float64Array | readonly number[] | readonly string[];

/** The target as the steps see it. */
export interface Target {
  /** One value per row: the number itself, or the class index into `classes`. */
  readonly values: Float64Array;
  /** Class labels in sorted order when the target is a label (string) target, else null. */
  readonly classes: readonly string[] | null;
}

/** How a target is read: scikit-learn's `type_of_target` for the 'auto' case. */
export type TargetType = 'continuous' | 'binary' | 'multiclass';

/**
 * Reads the target and, when it is a column, removes that column from the features so it is
 * never transformed or required at prediction time.
 */
export function resolveTarget(
  input: TargetInput | undefined,
  table: Table,
): { target: Target | null; features: Table } {
  if (input === undefined) return { target: null, features: table };
  if (typeof input === 'string') {
    const column = table.column(input);
    const features = table.drop([input]);
    if (column.kind === 'numeric') return { target: numericTarget(column.values), features };
    const labels =
      column.kind === 'text'
        ? column.values
        : Array.from(column.codes, (c) => (c < 0 ? null : column.categories[c]!));
    return { target: labelTarget(labels), features };
  }
  if (input.length !== table.numRows) {
    throw new EngineInputError('target', `has ${input.length} values for ${table.numRows} rows`);
  }
  if (input instanceof Float64Array) return { target: numericTarget(input), features: table };
  const values = input as readonly unknown[];
  if (values.every((v) => typeof v === 'number')) {
    return { target: numericTarget(Float64Array.from(values as number[])), features: table };
  }
  if (values.every((v) => typeof v === 'string')) {
    return { target: labelTarget(values as string[]), features: table };
  }
  throw new EngineInputError('target', 'must be all numbers or all strings');
}

function numericTarget(values: Float64Array): Target {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new EngineInputError('target', `has a missing or infinite value at row ${i}`);
    }
  }
  return { values: Float64Array.from(values), classes: null };
}

function labelTarget(labels: readonly (string | null)[]): Target {
  const classes = [...new Set(labels)].sort((a, b) => compareCodePoints(a ?? '', b ?? ''));
  const missing = labels.indexOf(null);
  if (missing >= 0) throw new EngineInputError('target', `has a missing value at row ${missing}`);
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    values: Float64Array.from(labels, (l) => index.get(l)!),
    classes: classes as string[],
  };
}

/** scikit-learn's reading of a target: labels or integers are classes, other numbers continuous. */
export function inferTargetType(target: Target): TargetType {
  if (target.classes) return target.classes.length <= 2 ? 'binary' : 'multiclass';
  const distinct = new Set<number>();
  for (const v of target.values) {
    if (!Number.isInteger(v)) return 'continuous';
    distinct.add(v);
  }
  return distinct.size <= 2 ? 'binary' : 'multiclass';
}

/**
 * Class index per row (0..k-1, by sorted class value) and the class names, for a target read as
 * classes. Throws when there is only one class.
 */
export function classesOf(target: Target, subject: string): { codes: Int32Array; names: string[] } {
  let names: string[];
  let codes: Int32Array;
  if (target.classes) {
    names = [...target.classes];
    codes = Int32Array.from(target.values);
  } else {
    const sorted = [...new Set(target.values)].sort((a, b) => a - b);
    const index = new Map(sorted.map((v, i) => [v, i]));
    names = sorted.map(String);
    codes = Int32Array.from(target.values, (v) => index.get(v)!);
  }
  if (names.length < 2) {
    throw new EngineInputError(subject, 'needs at least two target classes, got one');
  }
  return { codes, names };
}

import { EngineInputError } from './errors.js';
import type { Column } from './table.js';

/** What a model predicts: a number, one of two classes, or one of several. */
export type Task = 'regression' | 'binary' | 'multiclass';

/** A class label as the data spelled it. */
export type ClassLabel = string | number;

/** The training target, ready for a model. */
export interface PreparedTarget {
  readonly task: Task;
  /** Why this task: given by the caller, or what the detection saw. */
  readonly taskReason: string;
  /** Per kept row: the value (regression) or the class code, an index into `classes`. */
  readonly values: Float64Array;
  /** Class labels in code order (numbers ascending, strings by code point); null for regression. */
  readonly classes: readonly ClassLabel[] | null;
  /** Rows that have a target value, ascending; rows with a missing target are left out. */
  readonly rows: Uint32Array;
}

// A numeric target with at most this many distinct integer values is read as class codes.
const MAX_DETECTED_CLASSES = 20;

/**
 * Reads the target column: detects the task when not given (as AutoML tools do: text or
 * categories, or two distinct values, are classes; a few distinct integers are classes; anything
 * else is a number to regress), encodes classes as codes, and leaves out rows whose target is
 * missing. Infinite values, a single class, or a task the values cannot have are errors.
 */
export function prepareTarget(column: Column, task?: Task): PreparedTarget {
  const name = column.name;
  const { rows, labelOf } = labelledRows(column);
  if (rows.length === 0) throw new EngineInputError(name, 'has no values; nothing to learn from');
  const distinct = sortLabels(distinctLabels(column, rows, labelOf));
  const numeric = column.kind === 'numeric';
  const detected = task ?? detectTask(numeric, distinct);
  const taskReason = task
    ? `${task} as requested`
    : !numeric
      ? `${column.kind} target with ${distinct.length} classes`
      : detected === 'regression'
        ? `numeric target with ${distinct.length} distinct values`
        : `numeric target with only ${distinct.length} distinct integer values`;

  if (detected === 'regression') {
    if (column.kind !== 'numeric') {
      throw new EngineInputError(name, `is ${column.kind}; regression needs a numeric target`);
    }
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!]!;
    return { task: detected, taskReason, classes: null, rows, values };
  }
  if (distinct.length < 2) {
    throw new EngineInputError(
      name,
      `has a single class (${String(distinct[0])}); classification needs two or more`,
    );
  }
  if (detected === 'binary' && distinct.length > 2) {
    throw new EngineInputError(
      name,
      `has ${distinct.length} classes; binary classification needs exactly two (use multiclass)`,
    );
  }
  return {
    task: detected,
    taskReason,
    classes: distinct,
    rows,
    values: classCodes(column, rows, distinct, labelOf),
  };
}

/**
 * The rows with a target value, ascending, and each one's label. A single pass over the typed
 * arrays, no per-row boxing: the split and `train` both read the target, and on a million rows
 * the boxed version took half a second each time.
 */
function labelledRows(column: Column): {
  rows: Uint32Array;
  labelOf: (row: number) => ClassLabel;
} {
  const length = lengthOf(column);
  const kept = new Uint32Array(length);
  let count = 0;
  switch (column.kind) {
    case 'numeric': {
      const values = column.values;
      for (let i = 0; i < length; i++) {
        const v = values[i]!;
        if (Number.isNaN(v)) continue;
        if (!Number.isFinite(v)) {
          throw new EngineInputError(column.name, `row ${i} is ${v}; targets must be finite`);
        }
        kept[count++] = i;
      }
      return { rows: kept.slice(0, count), labelOf: (row) => values[row]! };
    }
    case 'categorical': {
      const { codes, categories } = column;
      for (let i = 0; i < length; i++) if (codes[i]! >= 0) kept[count++] = i;
      return { rows: kept.slice(0, count), labelOf: (row) => categories[codes[row]!]! };
    }
    case 'text': {
      const values = column.values;
      for (let i = 0; i < length; i++) if ((values[i] ?? null) !== null) kept[count++] = i;
      return { rows: kept.slice(0, count), labelOf: (row) => values[row]! };
    }
  }
}

/** The distinct labels of the kept rows (categories are looked up once per code, not per row). */
function distinctLabels(
  column: Column,
  rows: Uint32Array,
  labelOf: (row: number) => ClassLabel,
): ClassLabel[] {
  const labels = new Set<ClassLabel>();
  if (column.kind === 'categorical') {
    const seen = new Uint8Array(column.categories.length);
    for (const row of rows) seen[column.codes[row]!] = 1;
    seen.forEach((used, code) => used && labels.add(column.categories[code]!));
  } else {
    for (const row of rows) labels.add(labelOf(row));
  }
  return [...labels];
}

/** Each kept row's class as its index in `classes`. */
function classCodes(
  column: Column,
  rows: Uint32Array,
  classes: readonly ClassLabel[],
  labelOf: (row: number) => ClassLabel,
): Float64Array {
  const code = new Map(classes.map((label, i) => [label, i]));
  const values = new Float64Array(rows.length);
  if (column.kind === 'categorical') {
    const classOfCategory = column.categories.map((label) => code.get(label) ?? -1);
    for (let i = 0; i < rows.length; i++) values[i] = classOfCategory[column.codes[rows[i]!]!]!;
  } else {
    for (let i = 0; i < rows.length; i++) values[i] = code.get(labelOf(rows[i]!))!;
  }
  return values;
}

function detectTask(numeric: boolean, distinct: readonly ClassLabel[]): Task {
  if (distinct.length <= 2) return 'binary';
  if (!numeric) return 'multiclass';
  const fewIntegers =
    distinct.length <= MAX_DETECTED_CLASSES && distinct.every((v) => Number.isInteger(v));
  return fewIntegers ? 'multiclass' : 'regression';
}

function lengthOf(column: Column): number {
  return column.kind === 'categorical' ? column.codes.length : column.values.length;
}

// Numbers ascending; strings by UTF-16 code unit, the same on every platform and locale.
function sortLabels(labels: ClassLabel[]): ClassLabel[] {
  return labels.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
  );
}

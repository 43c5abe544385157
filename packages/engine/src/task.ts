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
  const rows: number[] = [];
  const present: ClassLabel[] = [];
  for (let i = 0; i < lengthOf(column); i++) {
    const value = valueAt(column, i);
    if (value === null) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new EngineInputError(name, `row ${i} is ${value}; targets must be finite`);
    }
    rows.push(i);
    present.push(value);
  }
  if (rows.length === 0) throw new EngineInputError(name, 'has no values; nothing to learn from');
  const distinct = sortLabels([...new Set(present)]);
  const numeric = column.kind === 'numeric';
  const detected = task ?? detectTask(numeric, distinct);
  const taskReason = task
    ? `${task} as requested`
    : !numeric
      ? `${column.kind} target with ${distinct.length} classes`
      : detected === 'regression'
        ? `numeric target with ${distinct.length} distinct values`
        : `numeric target with only ${distinct.length} distinct integer values`;
  const kept = Uint32Array.from(rows);

  if (detected === 'regression') {
    if (!numeric) {
      throw new EngineInputError(name, `is ${column.kind}; regression needs a numeric target`);
    }
    return {
      ...{ task: detected, taskReason, classes: null, rows: kept },
      values: Float64Array.from(present as number[]),
    };
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
  const code = new Map(distinct.map((label, i) => [label, i]));
  return {
    ...{ task: detected, taskReason, classes: distinct, rows: kept },
    values: Float64Array.from(present, (label) => code.get(label)!),
  };
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

function valueAt(column: Column, i: number): ClassLabel | null {
  switch (column.kind) {
    case 'numeric': {
      const v = column.values[i]!;
      return Number.isNaN(v) ? null : v;
    }
    case 'categorical': {
      const c = column.codes[i]!;
      return c < 0 ? null : column.categories[c]!;
    }
    case 'text':
      return column.values[i] ?? null;
  }
}

// Numbers ascending; strings by UTF-16 code unit, the same on every platform and locale.
function sortLabels(labels: ClassLabel[]): ClassLabel[] {
  return labels.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
  );
}

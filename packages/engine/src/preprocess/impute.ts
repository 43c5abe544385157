import { EngineInputError } from '../errors.js';
import { numericColumn, type Column, type Table } from '../table.js';
import {
  categoryCounts,
  compareCodePoints,
  replaceColumns,
  selectColumns,
  type ColumnSelector,
} from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { booleanParam, checkKeys, choiceParam } from './validate.js';

/** Fills missing values; optionally adds a 0/1 column saying where a value was missing. */
export interface ImputeStep {
  readonly type: 'impute';
  /** Default `mean`. `mean` and `median` take numeric columns; the others also categorical. */
  readonly strategy?: 'mean' | 'median' | 'mostFrequent' | 'constant';
  /** For `constant`: default 0 for numeric columns and 'missing' for categorical ones. */
  readonly fillValue?: number | string;
  /** Add `<name>_missing` after each column that had missing values in training (default false). */
  readonly addIndicator?: boolean;
  /** Default: numeric columns (mean, median) or numeric and categorical ones. */
  readonly columns?: ColumnSelector;
}

/** A fitted `impute` step: the value each column's missing entries become. */
export interface FittedImpute {
  readonly type: 'impute';
  readonly columns: readonly {
    readonly name: string;
    readonly fill: number | string;
    readonly indicator: boolean;
  }[];
}

/** Fits an imputer with scikit-learn SimpleImputer's rules (ties go to the smallest value). */
export function fitImpute(spec: ImputeStep, table: Table, ctx: FitContext): StepFit<FittedImpute> {
  checkKeys(ctx.where, spec, ['strategy', 'fillValue', 'addIndicator']);
  const strategy = choiceParam(`${ctx.where}.strategy`, spec.strategy, 'mean', [
    'mean',
    'median',
    'mostFrequent',
    'constant',
  ]);
  const addIndicator = booleanParam(`${ctx.where}.addIndicator`, spec.addIndicator, false);
  const numericOnly = strategy === 'mean' || strategy === 'median';
  const names = selectColumns(
    table,
    spec.columns,
    numericOnly ? ['numeric'] : ['numeric', 'categorical'],
  );
  if (spec.fillValue !== undefined && strategy !== 'constant') {
    throw new EngineInputError(`${ctx.where}.fillValue`, "is only used by strategy 'constant'");
  }
  const fitted: FittedImpute = {
    type: 'impute',
    columns: names.map((name) => {
      const column = table.column(name);
      return {
        name,
        fill: fillFor(column, strategy, spec.fillValue, ctx.where),
        indicator: addIndicator && hasMissing(column),
      };
    }),
  };
  return { fitted, train: applyImpute(fitted, table) };
}

function fillFor(
  column: Column,
  strategy: NonNullable<ImputeStep['strategy']>,
  fillValue: number | string | undefined,
  where: string,
): number | string {
  if (column.kind === 'text') throw new EngineInputError(column.name, 'cannot impute text');
  if (strategy === 'constant') {
    if (column.kind === 'categorical')
      return fillValue === undefined ? 'missing' : String(fillValue);
    if (fillValue === undefined) return 0;
    if (typeof fillValue !== 'number' || !Number.isFinite(fillValue)) {
      throw new EngineInputError(
        `${where}.fillValue`,
        `must be a finite number for numeric column ${column.name}`,
      );
    }
    return fillValue;
  }
  if (column.kind === 'categorical') {
    const counts = categoryCounts(column);
    let best: string | null = null;
    let bestCount = 0;
    counts.forEach((count, code) => {
      const category = column.categories[code]!;
      if (
        count > bestCount ||
        (count === bestCount && count > 0 && compareCodePoints(category, best!) < 0)
      ) {
        best = category;
        bestCount = count;
      }
    });
    if (best === null) throw noValues(column.name, strategy);
    return best;
  }
  const source = column.values;
  const buffer = new Float64Array(source.length);
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i]!;
    if (isNaN(v)) continue;
    if (!Number.isFinite(v)) {
      throw new EngineInputError(column.name, `has an infinite value; cannot take its ${strategy}`);
    }
    buffer[n++] = v;
  }
  if (n === 0) throw noValues(column.name, strategy);
  const present = buffer.subarray(0, n);
  if (strategy === 'mean') return meanOf(present);
  present.sort();
  if (strategy === 'median') {
    const mid = present.length >> 1;
    return present.length % 2 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
  }
  return smallestMode(present);
}

function noValues(name: string, strategy: string): EngineInputError {
  return new EngineInputError(
    name,
    `has no values to take the ${strategy} of; use strategy 'constant' or drop the column`,
  );
}

function meanOf(values: Float64Array): number {
  return pairwiseSum(values, 0, values.length) / values.length;
}

/** Pairwise summation: the rounding error grows with log(n), not n, on long columns. */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let s = 0;
    for (let i = start; i < start + n; i++) s += a[i]!;
    return s;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0].map((_, k) => a[start + k]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k]! += a[start + i + k]!;
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) s += a[start + i]!;
    return s;
  }
  let half = n >> 1;
  half -= half % 8;
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}

// Values are sorted, so the first run of the longest length is the smallest mode (as scipy).
function smallestMode(sorted: Float64Array): number {
  let best = sorted[0]!;
  let bestRun = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestRun) {
      bestRun = j - i;
      best = sorted[i]!;
    }
    i = j;
  }
  return best;
}

function hasMissing(column: Column): boolean {
  if (column.kind === 'numeric') {
    for (const v of column.values) if (isNaN(v)) return true;
    return false;
  }
  if (column.kind === 'categorical') return column.codes.includes(-1);
  return column.values.includes(null);
}

/** Fills missing values with the fitted values; adds the indicator columns. */
export function applyImpute(fitted: FittedImpute, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  for (const { name, fill, indicator } of fitted.columns) {
    const column = table.column(name);
    const out: Column[] = [];
    const missing = new Float64Array(table.numRows);
    if (column.kind === 'numeric') {
      if (typeof fill !== 'number') throw wrongKind(name, 'categorical', column.kind);
      const values = Float64Array.from(column.values);
      for (let i = 0; i < values.length; i++) {
        if (isNaN(values[i]!)) {
          values[i] = fill;
          missing[i] = 1;
        }
      }
      out.push(numericColumn(name, values));
    } else if (column.kind === 'categorical') {
      if (typeof fill !== 'string') throw wrongKind(name, 'numeric', column.kind);
      let fillCode = column.categories.indexOf(fill);
      const categories = fillCode < 0 ? [...column.categories, fill] : column.categories;
      if (fillCode < 0) fillCode = categories.length - 1;
      const codes = Int32Array.from(column.codes);
      for (let i = 0; i < codes.length; i++) {
        if (codes[i]! < 0) {
          codes[i] = fillCode;
          missing[i] = 1;
        }
      }
      out.push({ kind: 'categorical', name, codes, categories });
    } else {
      throw wrongKind(name, typeof fill === 'number' ? 'numeric' : 'categorical', column.kind);
    }
    if (indicator) out.push(numericColumn(`${name}_missing`, missing));
    replacements.set(name, out);
  }
  return replaceColumns(table, replacements);
}

function wrongKind(name: string, expected: string, got: string): EngineInputError {
  return new EngineInputError(name, `expected a ${expected} column, got ${got}`);
}

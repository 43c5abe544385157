import { EngineInputError } from '../errors.js';
import { numericColumn, type Column, type NumericColumn, type Table } from '../table.js';
import { numericOf, replaceColumns, selectColumns, type ColumnSelector } from './columns.js';
import { pairwiseSum } from './impute.js';
import type { FitContext, StepFit } from './step.js';
import { booleanParam, checkKeys } from './validate.js';
import { log1p } from '../math.js';

/** Centres and scales numeric columns: (x − mean) / std, population std as scikit-learn. */
export interface StandardizeStep {
  readonly type: 'standardize';
  /** Subtract the mean (default true). */
  readonly withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  readonly withStd?: boolean;
  /** Default: every numeric column. */
  readonly columns?: ColumnSelector;
}

/** Rescales numeric columns linearly so the training minimum and maximum map to `range`. */
export interface MinMaxStep {
  readonly type: 'minMax';
  /** Target range, default [0, 1]. */
  readonly range?: readonly [number, number];
  /** Default: every numeric column. */
  readonly columns?: ColumnSelector;
}

/** log(1 + x) of numeric columns; `signed` gives sign(x)·log(1 + |x|), defined everywhere. */
export interface Log1pStep {
  readonly type: 'log1p';
  /** Default false: then a value <= -1 is an error. */
  readonly signed?: boolean;
  /** Default: every numeric column. */
  readonly columns?: ColumnSelector;
}

/** A fitted `standardize` step: (x − mean) / std per column, as scikit-learn computes it. */
export interface FittedStandardize {
  readonly type: 'standardize';
  readonly columns: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** A fitted `minMax` step: x·scale + offset per column, as scikit-learn computes it. */
export interface FittedMinMax {
  readonly type: 'minMax';
  readonly columns: readonly string[];
  readonly scale: readonly number[];
  readonly offset: readonly number[];
}

/** A fitted `log1p` step (nothing is learned; the columns are fixed at fit time). */
export interface FittedLog1p {
  readonly type: 'log1p';
  readonly columns: readonly string[];
  readonly signed: boolean;
}

/** Fits mean and std like scikit-learn's StandardScaler (near-constant columns get scale 1). */
export function fitStandardize(
  spec: StandardizeStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedStandardize> {
  checkKeys(ctx.where, spec, ['withMean', 'withStd']);
  const withMean = booleanParam(`${ctx.where}.withMean`, spec.withMean, true);
  const withStd = booleanParam(`${ctx.where}.withStd`, spec.withStd, true);
  const columns = selectColumns(table, spec.columns, ['numeric']);
  const means: number[] = [];
  const stds: number[] = [];
  for (const name of columns) {
    const values = finiteValues(numericOf(table, name));
    const n = values.length;
    const mean = pairwiseSum(values, 0, n) / n;
    const squares = new Float64Array(n);
    for (let i = 0; i < n; i++) squares[i] = (values[i]! - mean) * (values[i]! - mean);
    const variance = pairwiseSum(squares, 0, n) / n;
    // scikit-learn's test for a constant column: variance within rounding error of zero.
    const eps = Number.EPSILON;
    const constant = variance <= n * eps * variance + (n * mean * eps) ** 2;
    stds.push(!withStd || constant ? 1 : Math.sqrt(variance));
    means.push(withMean ? mean : 0);
  }
  const fitted: FittedStandardize = { type: 'standardize', columns, mean: means, std: stds };
  return { fitted, train: applyStandardize(fitted, table) };
}

/** Fits min and max like scikit-learn's MinMaxScaler (a constant column maps to range[0]). */
export function fitMinMax(spec: MinMaxStep, table: Table, ctx: FitContext): StepFit<FittedMinMax> {
  checkKeys(ctx.where, spec, ['range']);
  const range = spec.range ?? [0, 1];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    range[0] >= range[1]
  ) {
    throw new EngineInputError(`${ctx.where}.range`, 'must be [low, high] with finite low < high');
  }
  const columns = selectColumns(table, spec.columns, ['numeric']);
  const scale: number[] = [];
  const offset: number[] = [];
  for (const name of columns) {
    const values = finiteValues(numericOf(table, name));
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    let dataRange = max - min;
    if (dataRange < 10 * Number.EPSILON) dataRange = 1;
    const s = (range[1] - range[0]) / dataRange;
    scale.push(s);
    offset.push(range[0] - min * s);
  }
  const fitted: FittedMinMax = { type: 'minMax', columns, scale, offset };
  return { fitted, train: applyMinMax(fitted, table) };
}

// The present values of a column; infinite ones would poison mean, std, min and max.
function finiteValues(column: NumericColumn): Float64Array {
  const source = column.values;
  const values = new Float64Array(source.length);
  let n = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i]!;
    if (isNaN(v)) continue;
    if (!Number.isFinite(v)) {
      throw new EngineInputError(column.name, 'has an infinite value; scaling needs finite values');
    }
    values[n++] = v;
  }
  if (n === 0) throw new EngineInputError(column.name, 'has no values to fit on (all missing)');
  return values.subarray(0, n);
}

/** Applies (x − mean) / std; missing stays missing. */
export function applyStandardize(fitted: FittedStandardize, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  fitted.columns.forEach((name, j) => {
    const values = Float64Array.from(numericOf(table, name).values);
    const m = fitted.mean[j]!;
    const s = fitted.std[j]!;
    for (let i = 0; i < values.length; i++) values[i] = (values[i]! - m) / s;
    replacements.set(name, [numericColumn(name, values)]);
  });
  return replaceColumns(table, replacements);
}

/** Applies x·scale + offset; missing stays missing. */
export function applyMinMax(fitted: FittedMinMax, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  fitted.columns.forEach((name, j) => {
    const values = Float64Array.from(numericOf(table, name).values);
    const s = fitted.scale[j]!;
    const o = fitted.offset[j]!;
    for (let i = 0; i < values.length; i++) values[i] = values[i]! * s + o;
    replacements.set(name, [numericColumn(name, values)]);
  });
  return replaceColumns(table, replacements);
}

/** Fixes the columns of a `log1p` step and checks the training values. */
export function fitLog1p(spec: Log1pStep, table: Table, ctx: FitContext): StepFit<FittedLog1p> {
  checkKeys(ctx.where, spec, ['signed']);
  const signed = booleanParam(`${ctx.where}.signed`, spec.signed, false);
  const fitted: FittedLog1p = {
    type: 'log1p',
    columns: selectColumns(table, spec.columns, ['numeric']),
    signed,
  };
  return { fitted, train: applyLog1p(fitted, table) };
}

/** log1p of each value; unsigned, a value <= -1 throws naming the column and row. */
export function applyLog1p(fitted: FittedLog1p, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  for (const name of fitted.columns) {
    const values = Float64Array.from(numericOf(table, name).values);
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      if (fitted.signed) {
        values[i] = Math.sign(x) * log1p(Math.abs(x));
      } else if (x <= -1) {
        throw new EngineInputError(
          name,
          `has ${x} at row ${i}; log1p needs values > -1 (or signed: true)`,
        );
      } else {
        values[i] = log1p(x);
      }
    }
    replacements.set(name, [numericColumn(name, values)]);
  }
  return replaceColumns(table, replacements);
}

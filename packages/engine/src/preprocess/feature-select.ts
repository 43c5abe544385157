import { EngineInputError } from '../errors.js';
import type { Column, Table } from '../table.js';
import { numericOf, replaceColumns, selectColumns, type ColumnSelector } from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { checkKeys, numberParam } from './validate.js';

/** Drops numeric columns whose (population) variance is at most `threshold`. */
export interface VarianceThresholdStep {
  readonly type: 'varianceThreshold';
  /** Default 0: drops constant columns, as scikit-learn's VarianceThreshold. */
  readonly threshold?: number;
  /** Default: every numeric column. */
  readonly columns?: ColumnSelector;
}

/**
 * Of each pair of numeric columns with |Pearson r| above `threshold`, drops the later one.
 * Columns are visited in order and compared only with the columns already kept.
 */
export interface CorrelationFilterStep {
  readonly type: 'correlationFilter';
  /** Default 0.95. */
  readonly threshold?: number;
  /** Default: every numeric column. */
  readonly columns?: ColumnSelector;
}

/** A fitted selection step: the columns it removes (scores kept to explain the choice). */
export interface FittedDrop {
  readonly type: 'varianceThreshold' | 'correlationFilter' | 'selectMutualInfo';
  readonly drop: readonly string[];
  /** Per candidate column: its variance, max |r| with a kept column, or mutual information. */
  readonly scores: Readonly<Record<string, number | null>>;
}

/** Measures each column's variance (NaN ignored) and drops the low ones. */
export function fitVarianceThreshold(
  spec: VarianceThresholdStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedDrop> {
  checkKeys(ctx.where, spec, ['threshold']);
  const threshold = numberParam(`${ctx.where}.threshold`, spec.threshold, 0, 0);
  const names = selectColumns(table, spec.columns, ['numeric']);
  const scores: Record<string, number | null> = {};
  const drop = names.filter((name) => {
    const variance = varianceOf(numericOf(table, name).values, threshold === 0);
    scores[name] = isNaN(variance) ? null : variance;
    return !(variance > threshold);
  });
  if (names.length > 0 && drop.length === names.length) {
    throw new EngineInputError(`${ctx.where}.threshold`, `drops every column (${threshold})`);
  }
  const fitted: FittedDrop = { type: 'varianceThreshold', drop, scores };
  return { fitted, train: applyDrop(fitted, table) };
}

// With threshold 0 scikit-learn also takes max − min, so rounding noise never keeps a constant.
function varianceOf(values: Float64Array, usePeakToPeak: boolean): number {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (isNaN(v)) continue;
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) return NaN;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) if (!isNaN(v)) squares += (v - mean) * (v - mean);
  const variance = squares / n;
  return usePeakToPeak ? Math.min(variance, max - min) : variance;
}

/** Finds highly correlated pairs and drops the later column of each. */
export function fitCorrelationFilter(
  spec: CorrelationFilterStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedDrop> {
  checkKeys(ctx.where, spec, ['threshold']);
  const threshold = numberParam(`${ctx.where}.threshold`, spec.threshold, 0.95, 0, 1);
  const names = selectColumns(table, spec.columns, ['numeric']);
  const kept: { name: string; values: Float64Array }[] = [];
  const drop: string[] = [];
  const scores: Record<string, number | null> = {};
  for (const name of names) {
    const values = numericOf(table, name).values;
    let worst = 0;
    for (const other of kept) worst = Math.max(worst, Math.abs(pearson(values, other.values)));
    scores[name] = worst;
    if (worst > threshold) drop.push(name);
    else kept.push({ name, values });
  }
  const fitted: FittedDrop = { type: 'correlationFilter', drop, scores };
  return { fitted, train: applyDrop(fitted, table) };
}

/** Pearson correlation over the rows where both are present; 0 when either is constant. */
export function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++) {
    if (isNaN(a[i]!) || isNaN(b[i]!)) continue;
    n++;
    sa += a[i]!;
    sb += b[i]!;
  }
  if (n < 2) return 0;
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    if (isNaN(a[i]!) || isNaN(b[i]!)) continue;
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  const r = cov / Math.sqrt(va * vb);
  return Number.isFinite(r) ? r : 0;
}

/** Removes the fitted columns. */
export function applyDrop(fitted: FittedDrop, table: Table): Table {
  const present = fitted.drop.filter((name) => table.has(name));
  return replaceColumns(table, new Map<string, Column[]>(present.map((name) => [name, []])));
}

import { EngineInputError } from '../errors.js';
import { createRandom, shuffleInPlace } from '../random.js';
import { numericColumn, type CategoricalColumn, type Column, type Table } from '../table.js';
import {
  categoricalOf,
  replaceColumns,
  selectColumns,
  sortedPresentCategories,
  type ColumnSelector,
} from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { classesOf, inferTargetType, type Target, type TargetType } from './target.js';
import { checkKeys, choiceParam, integerParam } from './validate.js';

/**
 * Replaces a category by a shrunk mean of the target over its rows (scikit-learn 1.3's
 * TargetEncoder). Training rows are encoded out-of-fold (cross-fitting), so a row's own target
 * never leaks into its feature; `transformTable` uses encodings fitted on all rows.
 */
export interface TargetEncodeStep {
  readonly type: 'targetEncode';
  /**
   * `auto` (default): empirical-Bayes shrinkage, λ = n·σ² / (n·σ² + σ²_cat), encoding
   * λ·mean_cat + (1 − λ)·mean. A number m: (sum_cat + m·mean) / (n_cat + m).
   */
  readonly smooth?: 'auto' | number;
  /** Folds of the cross-fitting, default 5 (stratified for class targets). */
  readonly folds?: number;
  /** `auto` (default) reads the target as scikit-learn's type_of_target does. */
  readonly targetType?: 'auto' | TargetType;
  /** Default: every categorical column. */
  readonly columns?: ColumnSelector;
}

/** How one column is encoded: one encoding per output (one output, or one per class). */
export interface TargetEncodedColumn {
  readonly name: string;
  readonly categories: readonly string[];
  /** `encodings[output][category]`. */
  readonly encodings: readonly (readonly number[])[];
  /** Encoding of a missing value per output (missing counts as a category), or null if unseen. */
  readonly missing: readonly number[] | null;
}

/** A fitted `targetEncode` step. */
export interface FittedTargetEncode {
  readonly type: 'targetEncode';
  readonly targetType: TargetType;
  /** Output suffix per class for multiclass (`<name>:<class>`); null otherwise. */
  readonly classes: readonly string[] | null;
  /** Target mean per output: the encoding of a category never seen in training. */
  readonly targetMean: readonly number[];
  readonly columns: readonly TargetEncodedColumn[];
}

/** Fits the encodings on all rows and encodes the training rows out-of-fold. */
export function fitTargetEncode(
  spec: TargetEncodeStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedTargetEncode> {
  checkKeys(ctx.where, spec, ['smooth', 'folds', 'targetType']);
  const smooth = spec.smooth ?? 'auto';
  if (smooth !== 'auto' && (typeof smooth !== 'number' || !(smooth >= 0) || !isFinite(smooth))) {
    throw new EngineInputError(`${ctx.where}.smooth`, "must be 'auto' or a finite number >= 0");
  }
  const folds = integerParam(`${ctx.where}.folds`, spec.folds, 5, 2, 100);
  if (!ctx.target) throw new EngineInputError('target', 'is required by targetEncode');
  if (folds > table.numRows) {
    throw new EngineInputError(`${ctx.where}.folds`, `is more than the ${table.numRows} rows`);
  }
  const requested = choiceParam(`${ctx.where}.targetType`, spec.targetType, 'auto', [
    'auto',
    'continuous',
    'binary',
    'multiclass',
  ]);
  const targetType = requested === 'auto' ? inferTargetType(ctx.target) : requested;
  const { outputs, classes, strata } = targetOutputs(ctx.target, targetType, ctx.where);
  const names = selectColumns(table, spec.columns, ['categorical']);
  const slotted = names.map((name) => slotsOf(categoricalOf(table, name)));
  const all = Uint32Array.from({ length: table.numRows }, (_, i) => i);
  const targetMean = outputs.map((y) => meanOver(y, all));
  const columns = slotted.map(({ name, categories, slots, hasMissing }) => {
    const encodings = outputs.map((y) => encodeSlots(slots, categories.length + 1, y, all, smooth));
    return {
      name,
      categories,
      encodings: encodings.map((e) => Array.from(e.subarray(0, categories.length))),
      missing: hasMissing ? encodings.map((e) => e[categories.length]!) : null,
    };
  });
  const fitted: FittedTargetEncode = {
    type: 'targetEncode',
    targetType,
    classes,
    targetMean,
    columns,
  };
  const assignment = foldAssignment(table.numRows, folds, strata, ctx.seed);
  const replacements = new Map<string, Column[]>();
  slotted.forEach(({ name, categories, slots }) => {
    const values = outputs.map(() => new Float64Array(table.numRows));
    for (let f = 0; f < folds; f++) {
      const train = all.filter((i) => assignment[i] !== f);
      outputs.forEach((y, k) => {
        const encoding = encodeSlots(slots, categories.length + 1, y, train, smooth);
        for (let i = 0; i < table.numRows; i++) {
          if (assignment[i] === f) values[k]![i] = encoding[slots[i]!]!;
        }
      });
    }
    replacements.set(name, outputColumns(name, classes, values));
  });
  return { fitted, train: replaceColumns(table, replacements) };
}

function targetOutputs(
  target: Target,
  targetType: TargetType,
  where: string,
): { outputs: Float64Array[]; classes: string[] | null; strata: Int32Array | null } {
  if (targetType === 'continuous') {
    if (target.classes) {
      throw new EngineInputError(`${where}.targetType`, 'is continuous but the target is labels');
    }
    return { outputs: [target.values], classes: null, strata: null };
  }
  const { codes, names } = classesOf(target, 'target');
  if (targetType === 'binary') {
    if (names.length !== 2) {
      throw new EngineInputError(
        `${where}.targetType`,
        `is binary but there are ${names.length} classes`,
      );
    }
    return { outputs: [Float64Array.from(codes)], classes: null, strata: codes };
  }
  const outputs = names.map((_, c) => Float64Array.from(codes, (code) => (code === c ? 1 : 0)));
  return { outputs, classes: names, strata: codes };
}

// Slot of each row: the index of its category in sorted order, or `categories.length` if missing.
function slotsOf(column: CategoricalColumn): {
  name: string;
  categories: string[];
  slots: Int32Array;
  hasMissing: boolean;
} {
  const { categories } = sortedPresentCategories(column);
  const slotOf = new Map(categories.map((c, i) => [c, i]));
  const slotByCode = column.categories.map((c) => slotOf.get(c) ?? -1);
  const missingSlot = categories.length;
  let hasMissing = false;
  const slots = Int32Array.from(column.codes, (code) => {
    if (code >= 0) return slotByCode[code]!;
    hasMissing = true;
    return missingSlot;
  });
  return { name: column.name, categories, slots, hasMissing };
}

function meanOver(y: Float64Array, rows: Uint32Array): number {
  let sum = 0;
  for (const i of rows) sum += y[i]!;
  return sum / rows.length;
}

/** Encoding of every slot from the given rows; a slot with no rows gets the target mean. */
export function encodeSlots(
  slots: Int32Array,
  numSlots: number,
  y: Float64Array,
  rows: Uint32Array,
  smooth: 'auto' | number,
): Float64Array {
  const mean = meanOver(y, rows);
  const counts = new Float64Array(numSlots);
  const sums = new Float64Array(numSlots);
  for (const i of rows) {
    counts[slots[i]!]!++;
    sums[slots[i]!]! += y[i]!;
  }
  const out = new Float64Array(numSlots);
  if (smooth !== 'auto') {
    for (let s = 0; s < numSlots; s++) {
      out[s] = counts[s] === 0 ? mean : (sums[s]! + smooth * mean) / (counts[s]! + smooth);
    }
    return out;
  }
  let variance = 0;
  for (const i of rows) variance += (y[i]! - mean) ** 2;
  variance /= rows.length;
  const squares = new Float64Array(numSlots);
  for (const i of rows) {
    const s = slots[i]!;
    squares[s]! += (y[i]! - sums[s]! / counts[s]!) ** 2;
  }
  for (let s = 0; s < numSlots; s++) {
    const n = counts[s]!;
    const lambda = (variance * n) / (variance * n + squares[s]! / n);
    // NaN when the slot has no rows, or when the target and the category are both constant.
    out[s] = isNaN(lambda) ? mean : lambda * (sums[s]! / n) + (1 - lambda) * mean;
  }
  return out;
}

/**
 * Fold of each row. Plain: a seeded shuffle dealt into `folds` parts. Stratified: each class
 * shuffled and dealt in turn, continuing the count, so every fold gets each class in proportion.
 */
export function foldAssignment(
  numRows: number,
  folds: number,
  strata: Int32Array | null,
  seed: number,
): Int32Array {
  const random = createRandom(seed);
  const assignment = new Int32Array(numRows);
  const groups: Uint32Array[] = [];
  if (!strata) {
    groups.push(Uint32Array.from({ length: numRows }, (_, i) => i));
  } else {
    const numClasses = strata.reduce((m, c) => Math.max(m, c + 1), 0);
    for (let c = 0; c < numClasses; c++) {
      groups.push(Uint32Array.from(strata.keys()).filter((i) => strata[i] === c));
    }
  }
  let next = 0;
  for (const group of groups) {
    shuffleInPlace(group, random);
    for (const row of group) assignment[row] = next++ % folds;
  }
  return assignment;
}

function outputColumns(
  name: string,
  classes: readonly string[] | null,
  values: Float64Array[],
): Column[] {
  if (!classes) return [numericColumn(name, values[0]!)];
  return classes.map((c, k) => numericColumn(`${name}:${c}`, values[k]!));
}

/** Encodes with the encodings fitted on all training rows; unseen categories get the mean. */
export function applyTargetEncode(fitted: FittedTargetEncode, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  for (const spec of fitted.columns) {
    const column = categoricalOf(table, spec.name);
    const slotOf = new Map(spec.categories.map((c, i) => [c, i]));
    const slotByCode = column.categories.map((c) => slotOf.get(c) ?? -1);
    const values = fitted.targetMean.map((mean, k) => {
      const encoding = spec.encodings[k]!;
      const missing = spec.missing ? spec.missing[k]! : mean;
      return Float64Array.from(column.codes, (code) => {
        if (code < 0) return missing;
        const slot = slotByCode[code]!;
        return slot < 0 ? mean : encoding[slot]!;
      });
    });
    replacements.set(spec.name, outputColumns(spec.name, fitted.classes, values));
  }
  return replaceColumns(table, replacements);
}

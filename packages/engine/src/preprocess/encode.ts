import { EngineInputError } from '../errors.js';
import { numericColumn, type CategoricalColumn, type Column, type Table } from '../table.js';
import {
  categoricalOf,
  replaceColumns,
  selectColumns,
  sortedPresentCategories,
  type ColumnSelector,
} from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { checkKeys, choiceParam, integerParam } from './validate.js';

/** One 0/1 column per category (`<name>=<category>`), like scikit-learn's OneHotEncoder. */
export interface OneHotStep {
  readonly type: 'oneHot';
  /**
   * Most output columns per input, counting the `<name>=<other>` column that collects the rarest
   * categories (scikit-learn's `max_categories`; 1 puts every category in it). Default: no limit.
   */
  readonly maxCategories?: number;
  /**
   * Where a category unseen in training goes: `other` (default) into the other column when there
   * is one, otherwise all zeros; `zeros`: always all zeros. A missing value is all zeros.
   */
  readonly unknown?: 'other' | 'zeros';
  /** Default: every categorical column. */
  readonly columns?: ColumnSelector;
}

/** Integer codes of the categories in sorted order, like scikit-learn's OrdinalEncoder. */
export interface OrdinalStep {
  readonly type: 'ordinal';
  /** Code of a category unseen in training: a number, or null for missing (NaN). Default -1. */
  readonly unknownValue?: number | null;
  /** Default: every categorical column. */
  readonly columns?: ColumnSelector;
}

/** Suffix of the column that collects infrequent (and, by default, unseen) categories. */
export const OTHER_CATEGORY = '<other>';

/** How one column is one-hot encoded. */
export interface OneHotColumn {
  readonly name: string;
  /** Categories with their own output column, in output order (sorted). */
  readonly categories: readonly string[];
  /** Categories merged into the `<name>=<other>` column (empty: there is no such column). */
  readonly infrequent: readonly string[];
}

/** A fitted `oneHot` step. */
export interface FittedOneHot {
  readonly type: 'oneHot';
  readonly columns: readonly OneHotColumn[];
  readonly unknown: 'other' | 'zeros';
}

/** A fitted `ordinal` step: code i is `categories[i]`. */
export interface FittedOrdinal {
  readonly type: 'ordinal';
  readonly columns: readonly { readonly name: string; readonly categories: readonly string[] }[];
  readonly unknownValue: number | null;
}

/** Fits categories and, with `maxCategories`, which rare ones share the other column. */
export function fitOneHot(spec: OneHotStep, table: Table, ctx: FitContext): StepFit<FittedOneHot> {
  checkKeys(ctx.where, spec, ['maxCategories', 'unknown']);
  const maxCategories = integerParam(
    `${ctx.where}.maxCategories`,
    spec.maxCategories,
    Number.MAX_SAFE_INTEGER,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const unknown = choiceParam(`${ctx.where}.unknown`, spec.unknown, 'other', ['other', 'zeros']);
  const columns = selectColumns(table, spec.columns, ['categorical']).map((name) =>
    oneHotColumn(categoricalOf(table, name), maxCategories),
  );
  const fitted: FittedOneHot = { type: 'oneHot', columns, unknown };
  return { fitted, train: applyOneHot(fitted, table) };
}

function oneHotColumn(column: CategoricalColumn, maxCategories: number): OneHotColumn {
  const { categories, counts } = sortedPresentCategories(column);
  if (categories.length === 0) {
    throw new EngineInputError(column.name, 'has no categories to encode (all missing)');
  }
  // As scikit-learn, the other column always counts as one of the outputs: with exactly
  // maxCategories categories the rarest one is still merged into it.
  if (categories.length < maxCategories) {
    return { name: column.name, categories, infrequent: [] };
  }
  // Rarest first; a stable sort leaves ties in sorted order, so among equal counts the earlier
  // categories become infrequent.
  const byCount = categories.map((_, i) => i).sort((a, b) => counts[a]! - counts[b]!);
  const rare = new Set(byCount.slice(0, categories.length - (maxCategories - 1)));
  return {
    name: column.name,
    categories: categories.filter((_, i) => !rare.has(i)),
    infrequent: categories.filter((_, i) => rare.has(i)),
  };
}

/** Output column per category; unseen ones go to the other column or nowhere. */
export function applyOneHot(fitted: FittedOneHot, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  for (const spec of fitted.columns) {
    const column = categoricalOf(table, spec.name);
    const hasOther = spec.infrequent.length > 0;
    const outputOf = new Map<string, number>(spec.categories.map((c, i) => [c, i]));
    const otherIndex = spec.categories.length;
    for (const c of spec.infrequent) outputOf.set(c, otherIndex);
    const unseen = fitted.unknown === 'other' && hasOther ? otherIndex : -1;
    const outputByCode = column.categories.map((c) => outputOf.get(c) ?? unseen);
    const outputs = Array.from(
      { length: spec.categories.length + (hasOther ? 1 : 0) },
      () => new Float64Array(table.numRows),
    );
    column.codes.forEach((code, i) => {
      const out = code < 0 ? -1 : outputByCode[code]!;
      if (out >= 0) outputs[out]![i] = 1;
    });
    const names = [...spec.categories, ...(hasOther ? [OTHER_CATEGORY] : [])];
    replacements.set(
      spec.name,
      outputs.map((values, k) => numericColumn(`${spec.name}=${names[k]}`, values)),
    );
  }
  return replaceColumns(table, replacements);
}

/** Fits the sorted categories of each column. */
export function fitOrdinal(
  spec: OrdinalStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedOrdinal> {
  checkKeys(ctx.where, spec, ['unknownValue']);
  const unknownValue = spec.unknownValue === undefined ? -1 : spec.unknownValue;
  if (unknownValue !== null && (typeof unknownValue !== 'number' || !isFinite(unknownValue))) {
    throw new EngineInputError(`${ctx.where}.unknownValue`, 'must be a finite number or null');
  }
  const columns = selectColumns(table, spec.columns, ['categorical']).map((name) => ({
    name,
    categories: sortedPresentCategories(categoricalOf(table, name)).categories,
  }));
  const fitted: FittedOrdinal = { type: 'ordinal', columns, unknownValue };
  return { fitted, train: applyOrdinal(fitted, table) };
}

/** Replaces each categorical column by its codes; missing becomes NaN. */
export function applyOrdinal(fitted: FittedOrdinal, table: Table): Table {
  const unknown = fitted.unknownValue ?? NaN;
  const replacements = new Map<string, Column[]>();
  for (const spec of fitted.columns) {
    const column = categoricalOf(table, spec.name);
    const codeOf = new Map(spec.categories.map((c, i) => [c, i]));
    const valueByCode = column.categories.map((c) => codeOf.get(c) ?? unknown);
    const values = Float64Array.from(column.codes, (code) => (code < 0 ? NaN : valueByCode[code]!));
    replacements.set(spec.name, [numericColumn(spec.name, values)]);
  }
  return replaceColumns(table, replacements);
}

import { EngineInputError } from '../errors.js';
import {
  Table,
  type CategoricalColumn,
  type Column,
  type ColumnKind,
  type NumericColumn,
  type TextColumn,
} from '../table.js';

/**
 * Which columns a step works on: a list of names, or every column of some kinds
 * (optionally minus a few). Kinds are resolved to names when the step is fitted.
 */
export type ColumnSelector =
  | readonly string[]
  | {
      readonly kind: ColumnKind | readonly ColumnKind[];
      readonly exclude?: readonly string[];
    };

/**
 * Resolves a selector against the table the step is fitted on. Names must exist and have an
 * allowed kind; a kind selector silently skips columns of other kinds.
 */
export function selectColumns(
  table: Table,
  selector: ColumnSelector | undefined,
  allowed: readonly ColumnKind[],
  defaultKinds: readonly ColumnKind[] = allowed,
): string[] {
  const chosen = selector ?? { kind: defaultKinds };
  if (Array.isArray(chosen)) {
    const names = chosen as readonly string[];
    if (new Set(names).size !== names.length) {
      throw new EngineInputError('columns', 'lists a column twice');
    }
    for (const name of names) {
      if (typeof name !== 'string') throw new EngineInputError('columns', 'must be column names');
      const column = table.column(name);
      if (!allowed.includes(column.kind)) {
        throw new EngineInputError(name, kindMessage(allowed, column.kind));
      }
    }
    return [...names];
  }
  const bySelector = chosen as Exclude<ColumnSelector, readonly string[]>;
  const kinds: readonly ColumnKind[] =
    typeof bySelector.kind === 'string' ? [bySelector.kind] : bySelector.kind;
  for (const kind of kinds) {
    if (!allowed.includes(kind)) {
      throw new EngineInputError('columns.kind', kindMessage(allowed, kind));
    }
  }
  const excluded = new Set(bySelector.exclude ?? []);
  return table.columns
    .filter((c) => kinds.includes(c.kind) && !excluded.has(c.name))
    .map((c) => c.name);
}

function kindMessage(allowed: readonly ColumnKind[], got: string): string {
  return `this step takes ${allowed.join(' or ')} columns, got ${got}`;
}

/** The numeric column `name`; throws naming it when it is missing or of another kind. */
export function numericOf(table: Table, name: string): NumericColumn {
  return ofKind(table, name, 'numeric') as NumericColumn;
}

/** The categorical column `name`; throws naming it when it is missing or of another kind. */
export function categoricalOf(table: Table, name: string): CategoricalColumn {
  return ofKind(table, name, 'categorical') as CategoricalColumn;
}

/** The text column `name`; throws naming it when it is missing or of another kind. */
export function textOf(table: Table, name: string): TextColumn {
  return ofKind(table, name, 'text') as TextColumn;
}

/** The column `name`, checked to have `kind`. */
export function ofKind(table: Table, name: string, kind: ColumnKind): Column {
  const column = table.column(name);
  if (column.kind !== kind) {
    throw new EngineInputError(name, `expected a ${kind} column, got ${column.kind}`);
  }
  return column;
}

/**
 * A new table where each named column is replaced, in place, by the given columns (none = drop).
 * Steps use it so outputs sit where their input was and other columns keep their order.
 */
export function replaceColumns(
  table: Table,
  replacements: ReadonlyMap<string, readonly Column[]>,
): Table {
  if (replacements.size === 0) return table;
  const columns = table.columns.flatMap((c) => replacements.get(c.name) ?? [c]);
  return columns.length === 0 ? Table.fromColumnList([]) : Table.fromColumnList(columns);
}

/** The string of each row of a categorical or text column (null = missing). */
export function stringsOf(column: CategoricalColumn | TextColumn): (string | null)[] {
  if (column.kind === 'text') return [...column.values];
  return Array.from(column.codes, (code) => (code < 0 ? null : column.categories[code]!));
}

/** Per-category row counts of a categorical column, indexed by code. */
export function categoryCounts(column: CategoricalColumn): Float64Array {
  const counts = new Float64Array(column.categories.length);
  for (const code of column.codes) if (code >= 0) counts[code]!++;
  return counts;
}

/** Code-point order, as Python sorts strings (plain `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/** Categories that occur at least once, in code-point order (as scikit-learn's np.unique). */
export function sortedPresentCategories(column: CategoricalColumn): {
  categories: string[];
  counts: number[];
} {
  const counts = categoryCounts(column);
  const present = column.categories
    .map((category, code) => ({ category, count: counts[code]! }))
    .filter((c) => c.count > 0)
    .sort((a, b) => compareCodePoints(a.category, b.category));
  return { categories: present.map((c) => c.category), counts: present.map((c) => c.count) };
}

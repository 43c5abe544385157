import { EngineInputError } from '../errors.js';
import type { GraphBuilder } from './graph-builder.js';

/** Code of a missing value, and of a string never seen in training (Gather counts from the end). */
export const MISSING = -1;
export const UNSEEN = -2;

/**
 * A categorical column inside the graph: int64 [N, 1] codes into `dictionary` (-1 missing,
 * -2 a string the dictionary lacks). Every step that reads it is a lookup table indexed by code,
 * with the unseen and missing entries at the end, so one `Gather` does the work.
 */
export interface CategoricalGraphColumn {
  readonly kind: 'categorical';
  readonly dictionary: readonly string[];
  /** The raw string input, while no step has changed the column. */
  readonly raw: string | null;
  /** The codes tensor, made on first use. */
  codes(): string;
}

/** A numeric column inside the graph: a float64 [N, 1] tensor, NaN = missing. */
export interface NumericGraphColumn {
  readonly kind: 'numeric';
  readonly tensor: string;
}

/** A text column: only its raw string input (no text step can be exported). */
export interface TextGraphColumn {
  readonly kind: 'text';
  readonly raw: string;
}

export type GraphColumn = NumericGraphColumn | CategoricalGraphColumn | TextGraphColumn;

/** The columns at one point of the pipeline, in table order. */
export type Columns = [string, GraphColumn][];
/** Replaces each named column, in place, by the given columns (none = drop), as the engine does. */
export function replace(columns: Columns, replacements: ReadonlyMap<string, Columns>): Columns {
  return columns.flatMap((entry) => replacements.get(entry[0]) ?? [entry]);
}

/** The column `name` as the earlier steps left it; `where` names the step that reads it. */
export function column(columns: Columns, name: string, where: string): GraphColumn {
  const found = columns.find(([n]) => n === name);
  if (!found)
    throw new EngineInputError(where, `reads column ${name}, which no earlier step produces`);
  return found[1];
}

/** The float64 tensor of numeric column `name`. */
export function numeric(columns: Columns, name: string, where: string): string {
  const c = column(columns, name, where);
  if (c.kind !== 'numeric') {
    throw new EngineInputError(
      where,
      `reads ${c.kind} column ${name} as numbers, which the engine would not have fitted`,
    );
  }
  return c.tensor;
}

/** Categorical column `name`. */
export function categorical(columns: Columns, name: string, where: string): CategoricalGraphColumn {
  const c = column(columns, name, where);
  if (c.kind !== 'categorical') {
    throw new EngineInputError(where, `expects column ${name} to be categorical, got ${c.kind}`);
  }
  return c;
}

/** Wraps a float64 [N, 1] tensor as a numeric column. */
export function numericColumn(tensor: string): NumericGraphColumn {
  return { kind: 'numeric', tensor };
}

/**
 * A float64 lookup: `values(category)` for each dictionary entry, then the values of an unseen
 * string and of a missing one, picked by code with Gather (codes -2 and -1 index from the end).
 */
export function lookup(
  b: GraphBuilder,
  c: CategoricalGraphColumn,
  values: (category: string) => number,
  unseen: number,
  missing: number,
  name: string,
): string {
  const table = [...c.dictionary.map(values), unseen, missing];
  return b.op('Gather', [b.doubles(`${name}_table`, table), c.codes()], {
    name,
    attributes: { axis: { int: 0 } },
  });
}

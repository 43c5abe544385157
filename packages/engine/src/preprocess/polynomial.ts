import { EngineInputError } from '../errors.js';
import { numericColumn, type Column, type Table } from '../table.js';
import { numericOf, replaceColumns, selectColumns, type ColumnSelector } from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { booleanParam, checkKeys, integerParam } from './validate.js';

/** Products of numeric columns up to `degree`, in scikit-learn's PolynomialFeatures order. */
export interface PolynomialStep {
  readonly type: 'polynomial';
  /** Highest total degree, default 2. */
  readonly degree?: number;
  /** Only products of distinct columns (no squares), default false. */
  readonly interactionOnly?: boolean;
  /** Add a constant column named `1` (default false: our models fit their own intercept). */
  readonly includeBias?: boolean;
  /** Default: every numeric column. */
  readonly columns?: ColumnSelector;
}

/** A fitted `polynomial` step: each output term lists the input indices it multiplies. */
export interface FittedPolynomial {
  readonly type: 'polynomial';
  readonly columns: readonly string[];
  readonly terms: readonly (readonly number[])[];
  readonly names: readonly string[];
}

/** Most output columns one polynomial step may make; past this, memory rather than insight. */
export const MAX_POLYNOMIAL_OUTPUTS = 10_000;

/** Lists the product terms; the outputs replace the inputs where the first input was. */
export function fitPolynomial(
  spec: PolynomialStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedPolynomial> {
  checkKeys(ctx.where, spec, ['degree', 'interactionOnly', 'includeBias']);
  const degree = integerParam(`${ctx.where}.degree`, spec.degree, 2, 1, 10);
  const interactionOnly = booleanParam(`${ctx.where}.interactionOnly`, spec.interactionOnly, false);
  const includeBias = booleanParam(`${ctx.where}.includeBias`, spec.includeBias, false);
  const columns = selectColumns(table, spec.columns, ['numeric']);
  const terms: number[][] = includeBias ? [[]] : [];
  for (let d = 1; d <= degree; d++) {
    combinations(columns.length, d, !interactionOnly, [], 0, terms, ctx.where);
  }
  const names = terms.map((term) => termName(term, columns));
  const fitted: FittedPolynomial = { type: 'polynomial', columns, terms, names };
  return { fitted, train: applyPolynomial(fitted, table) };
}

// Lexicographic combinations (with or without repetition), as Python's itertools yields them.
function combinations(
  n: number,
  size: number,
  repeat: boolean,
  prefix: number[],
  from: number,
  out: number[][],
  where: string,
): void {
  if (prefix.length === size) {
    if (out.length >= MAX_POLYNOMIAL_OUTPUTS) {
      throw new EngineInputError(
        `${where}.degree`,
        `would make more than ${MAX_POLYNOMIAL_OUTPUTS} columns; lower it or select fewer columns`,
      );
    }
    out.push([...prefix]);
    return;
  }
  for (let i = from; i < n; i++) {
    prefix.push(i);
    combinations(n, size, repeat, prefix, repeat ? i : i + 1, out, where);
    prefix.pop();
  }
}

function termName(term: readonly number[], columns: readonly string[]): string {
  if (term.length === 0) return '1';
  const parts: string[] = [];
  for (let k = 0; k < term.length;) {
    let power = 1;
    while (k + power < term.length && term[k + power] === term[k]) power++;
    const name = columns[term[k]!]!;
    parts.push(power === 1 ? name : `${name}^${power}`);
    k += power;
  }
  return parts.join(' ');
}

/** Computes each product term; a missing input makes the product missing. */
export function applyPolynomial(fitted: FittedPolynomial, table: Table): Table {
  const inputs = fitted.columns.map((name) => numericOf(table, name).values);
  const outputs: Column[] = fitted.terms.map((term, t) => {
    const values = new Float64Array(table.numRows).fill(1);
    for (const j of term) {
      const x = inputs[j]!;
      for (let i = 0; i < values.length; i++) values[i]! *= x[i]!;
    }
    return numericColumn(fitted.names[t]!, values);
  });
  const replacements = new Map<string, Column[]>(fitted.columns.map((name) => [name, []]));
  if (fitted.columns.length > 0) replacements.set(fitted.columns[0]!, outputs);
  return replaceColumns(table, replacements);
}

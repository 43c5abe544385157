import { EngineInputError } from '../errors.js';
import { stratifiedHoldoutSplit, holdoutSplit } from '../validation/holdout.js';
import { prepareTarget } from '../task.js';
import type { Table } from '../table.js';

/** Options of `splitForEvaluation`. */
export interface EvaluationSplitOptions {
  /** Share of the labelled rows held out for evaluation, in (0, 1); default 0.2. */
  readonly testFraction?: number;
  /** Seed of the shuffle, default 0. */
  readonly seed?: number;
  /**
   * Keep class proportions in both parts. Default: on for a classification target whose every
   * class has 2 or more rows, off otherwise; `true` with a class of one row is an error.
   */
  readonly stratify?: boolean;
}

/** Train and held-out parts of a table, and which source rows went where. */
export interface EvaluationSplit {
  readonly train: Table;
  readonly test: Table;
  /** Rows of the source table in each part, ascending (rows without a target are in neither). */
  readonly trainRows: Uint32Array;
  readonly testRows: Uint32Array;
  readonly stratified: boolean;
}

/**
 * Splits the rows that have a target into a training part and a held-out part to evaluate on.
 * Server runs, the CLI and the browser playground all call this, so one seed gives one split
 * everywhere. Classification targets are stratified by default.
 */
export function splitForEvaluation(
  table: Table,
  target: string,
  options: EvaluationSplitOptions = {},
): EvaluationSplit {
  const testFraction = options.testFraction ?? 0.2;
  if (!(typeof testFraction === 'number' && testFraction > 0 && testFraction < 1)) {
    throw new EngineInputError('testFraction', `must be in (0, 1), got ${String(testFraction)}`);
  }
  if (!table.has(target)) throw new EngineInputError('target', `names no column (${target})`);
  const prepared = prepareTarget(table.column(target));
  const labelled = prepared.rows;
  if (labelled.length < 2) {
    throw new EngineInputError(target, `has ${labelled.length} labelled row; need at least 2`);
  }
  const stratified = options.stratify ?? (prepared.classes !== null && everyClassHasTwo(prepared));
  if (stratified && prepared.classes === null) {
    throw new EngineInputError('stratify', `needs a classification target; ${target} is numeric`);
  }
  const holdout = { testSize: testFraction, seed: options.seed ?? 0 };
  // Both helpers split positions 0..n-1 of the labelled rows; map them back to table rows.
  const split = stratified
    ? stratifiedHoldoutSplit(prepared.values, holdout)
    : holdoutSplit(labelled.length, holdout);
  const trainRows = split.train.map((i) => labelled[i]!);
  const testRows = split.test.map((i) => labelled[i]!);
  return {
    train: table.take(trainRows),
    test: table.take(testRows),
    trainRows,
    testRows,
    stratified,
  };
}

function everyClassHasTwo(target: { readonly values: Float64Array }): boolean {
  const counts = new Map<number, number>();
  for (const code of target.values) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts.values()].every((c) => c >= 2);
}

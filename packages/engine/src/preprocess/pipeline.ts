import { EngineInputError } from '../errors.js';
import type { ColumnKind, Table } from '../table.js';
import { applyStep, fitStep, type FittedStep, type PipelineStep } from './steps.js';
import { resolveTarget, type TargetInput } from './target.js';

/** Format tag and version of a serialised pipeline. */
export const PIPELINE_FORMAT = 'aistudio.pipeline';
export const PIPELINE_VERSION = 1;

/** A column of a pipeline's input or output schema. */
export interface SchemaColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

/** A fitted pipeline: plain JSON (`JSON.stringify` / `JSON.parse` round-trip it exactly). */
export interface Pipeline {
  readonly format: typeof PIPELINE_FORMAT;
  readonly version: typeof PIPELINE_VERSION;
  /** The columns `transformTable` requires (the fit table minus the target column). */
  readonly input: readonly SchemaColumn[];
  readonly steps: readonly FittedStep[];
  /** The columns `transformTable` returns, in order. */
  readonly output: readonly SchemaColumn[];
}

/** Options of `fitPipeline`. */
export interface FitPipelineOptions {
  /**
   * The target: a column name (it is then dropped from the features) or one value per row.
   * Needed by `targetEncode` and `selectMutualInfo`. Numbers or labels; no missing values.
   */
  readonly target?: TargetInput;
  /** Seed of every random choice (target-encoding folds), default 0. */
  readonly seed?: number;
}

/** Fits the steps in order on `table` and returns the pipeline. */
export function fitPipeline(
  steps: readonly PipelineStep[],
  table: Table,
  options: FitPipelineOptions = {},
): Pipeline {
  return fitTransformPipeline(steps, table, options).pipeline;
}

/**
 * Fits the steps and also returns the transformed training table. Train models on this table,
 * not on `transformTable(pipeline, train)`: target encoding encodes training rows out-of-fold
 * here, while `transformTable` applies the encoding fitted on every row.
 */
export function fitTransformPipeline(
  steps: readonly PipelineStep[],
  table: Table,
  options: FitPipelineOptions = {},
): { pipeline: Pipeline; table: Table } {
  if (!Array.isArray(steps)) throw new EngineInputError('steps', 'must be an array of steps');
  if (table.numRows === 0) throw new EngineInputError('table', 'has no rows to fit on');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new EngineInputError('seed', `must be an integer in 0..${2 ** 32 - 1}`);
  }
  const { target, features } = resolveTarget(options.target, table);
  let current = features;
  const fitted = steps.map((spec, i) => {
    const where = `steps[${i}]`;
    if (typeof spec !== 'object' || spec === null) {
      throw new EngineInputError(where, 'must be an object with a type');
    }
    const step = fitStep(spec, current, { target, seed, where });
    current = step.train;
    return step.fitted;
  });
  const pipeline: Pipeline = {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    input: schemaOf(features),
    steps: fitted,
    output: schemaOf(current),
  };
  return { pipeline, table: current };
}

/**
 * Applies a fitted pipeline. The table needs every input column with its kind (extra columns,
 * such as the target, are dropped); categories unseen in training never throw.
 */
export function transformTable(pipeline: Pipeline, table: Table): Table {
  if (pipeline.format !== PIPELINE_FORMAT || pipeline.version !== PIPELINE_VERSION) {
    throw new EngineInputError(
      'pipeline',
      `is not a ${PIPELINE_FORMAT} version ${PIPELINE_VERSION} object`,
    );
  }
  const wanted = new Set(pipeline.input.map((c) => c.name));
  for (const { name, kind } of pipeline.input) {
    if (!table.has(name)) throw new EngineInputError(name, 'is missing; the pipeline needs it');
    const got = table.column(name).kind;
    if (got !== kind) throw new EngineInputError(name, `expected a ${kind} column, got ${got}`);
  }
  const extra = table.columns.filter((c) => !wanted.has(c.name)).map((c) => c.name);
  let current = table.drop(extra);
  for (const step of pipeline.steps) current = applyStep(step, current);
  return current;
}

function schemaOf(table: Table): SchemaColumn[] {
  return table.columns.map((c) => ({ name: c.name, kind: c.kind }));
}

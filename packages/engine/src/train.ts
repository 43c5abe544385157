import { EngineInputError } from './errors.js';
import { resolveForestParams, type ForestParams } from './forest/params.js';
import { trainDecisionTree, trainForest } from './forest/train.js';
import type { GbdtModel } from './gbdt/model.js';
import { resolveGbdtParams, type GbdtObjective, type GbdtParams } from './gbdt/params.js';
import { trainGbdt } from './gbdt/train.js';
import { resolveLinearParams, type LinearParams } from './linear/params.js';
import { trainLinear } from './linear/train.js';
import type { MlpCheckpoint } from './mlp/checkpoint.js';
import { resolveMlpParams, type MlpParams } from './mlp/params.js';
import { trainMlp } from './mlp/train.js';
import type { Algorithm, Estimator, TrainedModel } from './model.js';
import { fitTransformPipeline, type Pipeline } from './preprocess/pipeline.js';
import type { PipelineStep } from './preprocess/steps.js';
import { toMatrix } from './preprocess/to-matrix.js';
import { inputFieldsOf } from './records.js';
import { Table } from './table.js';
import { prepareTarget, type Task } from './task.js';
import { ENGINE_VERSION } from './version.js';

/** What to learn: the target column, and optionally features, task, algorithm and preprocessing. */
export interface TrainSpec {
  readonly target: string;
  /** Feature columns; default every column but the target. */
  readonly features?: readonly string[];
  /** Detected from the target when not given (see `prepareTarget`). */
  readonly task?: Task;
  /** Default `gbdt`. */
  readonly algorithm?: Algorithm;
  /**
   * The algorithm's hyperparameters: those of `GbdtParams`, `LinearParams` or `MlpParams`
   * without the objective / task, which follows the task (a GBDT regression may choose the
   * `absolute` or `huber` objective).
   */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Preprocessing fitted on the training rows. Default: for linear models and the MLP, median
   * imputation with missing indicators, standardisation, one-hot encoding (at most 20 columns per
   * category column) and TF-IDF for text; for tree models (GBDT, forest, tree), which take
   * missing values and categories natively, only TF-IDF for text columns.
   */
  readonly preprocessing?: readonly PipelineStep[];
  /** Seed of every random choice (pipeline folds, subsamples, initial weights), default 0. */
  readonly seed?: number;
}

/** Progress after every GBDT iteration, solver iteration (linear) or epoch (MLP). */
export interface TrainProgress {
  /** Iterations, epochs or trees done. */
  readonly iteration: number;
  /** Absent for forests, which are not fitted by descending a loss. */
  readonly trainLoss?: number;
  readonly validLoss?: number;
}

/** A resumable snapshot of a run (GBDT after k trees, MLP after k epochs), plain JSON. */
export interface TrainCheckpoint {
  readonly format: 'aistudio.checkpoint';
  readonly version: 1;
  readonly iteration: number;
  readonly state:
    | { readonly algorithm: 'gbdt'; readonly partial: GbdtModel }
    | { readonly algorithm: 'mlp'; readonly partial: MlpCheckpoint };
}

/** Callbacks, cancellation and checkpoints of `train`. */
export interface TrainOptions {
  onProgress?(event: TrainProgress): void;
  /** Cancels training: `train` then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
  /** Calls `onCheckpoint` after every this many iterations or epochs (GBDT and MLP). */
  readonly checkpointEvery?: number;
  onCheckpoint?(checkpoint: TrainCheckpoint): void;
  /** A checkpoint of the same spec and data to continue from (same final model). */
  readonly resumeFrom?: TrainCheckpoint;
}

const ALGORITHMS: readonly Algorithm[] = ['gbdt', 'forest', 'tree', 'linear', 'mlp'];
const REGRESSION_OBJECTIVES: readonly GbdtObjective[] = ['regression', 'absolute', 'huber'];

/** Trains a model on `table` as `spec` says and returns it in the engine's model format. */
export async function train(
  spec: TrainSpec,
  table: Table,
  options: TrainOptions = {},
): Promise<TrainedModel> {
  const algorithm = spec.algorithm ?? 'gbdt';
  if (!ALGORITHMS.includes(algorithm)) {
    throw new EngineInputError(
      'algorithm',
      `must be one of ${ALGORITHMS.join(', ')}, got ${String(algorithm)}`,
    );
  }
  const seed = spec.seed ?? 0;
  const features = selectFeatures(spec, table);
  const target = prepareTarget(table.column(spec.target), spec.task);
  const labelled = target.rows.length === table.numRows ? table : table.take(target.rows);
  const data = Table.fromColumnList(features.map((name) => labelled.column(name)));
  const inputs = inputFieldsOf(data, features);
  const steps = spec.preprocessing ?? defaultPreprocessing(algorithm, data);
  const fitted =
    steps.length > 0
      ? fitTransformPipeline(steps, data, { target: target.values, seed })
      : { pipeline: null, table: data };

  const estimator = await fitEstimator(
    algorithm,
    target.task,
    spec.params ?? {},
    seed,
    fitted.table,
    target.values,
    options,
  );
  return {
    ...estimator,
    format: 'aistudio.model',
    version: 1,
    engineVersion: ENGINE_VERSION,
    task: target.task,
    target: { name: spec.target, classes: target.classes },
    inputs,
    pipeline: fitted.pipeline as Pipeline | null,
    training: {
      rows: target.rows.length,
      droppedRows: table.numRows - target.rows.length,
      taskReason: target.taskReason,
      seed,
    },
  };
}

/**
 * Iterations (trees, epochs) `train` runs at most for these parameters — early stopping may end
 * sooner — for progress bars; null when the solver decides (linear without `maxIter`).
 */
export function plannedIterations(
  algorithm: Algorithm,
  params: Readonly<Record<string, unknown>>,
): number | null {
  // The fallbacks are the defaults of resolveGbdtParams, resolveForestParams and resolveMlpParams.
  const given = (name: string, fallback: number) =>
    typeof params[name] === 'number' ? params[name] : fallback;
  switch (algorithm) {
    case 'gbdt':
      return given('nIter', 100);
    case 'forest':
      return given('nTrees', 100);
    case 'tree':
      return 1;
    case 'mlp':
      return given('maxEpochs', 200);
    case 'linear':
      return typeof params.maxIter === 'number' ? params.maxIter : null;
  }
}

/**
 * Checks an algorithm's hyperparameters before any data is read, so a server can refuse a bad run
 * at once: unknown names and out-of-range values throw `EngineInputError` naming the parameter.
 * Without a task, an objective decides it (a regression objective means regression). Checks that
 * need the data (network size against the column count) still happen in `train`.
 */
export function checkTrainParams(
  algorithm: Algorithm,
  params: Readonly<Record<string, unknown>>,
  task?: Task,
): void {
  if (!ALGORITHMS.includes(algorithm)) {
    throw new EngineInputError(
      'algorithm',
      `must be one of ${ALGORITHMS.join(', ')}, got ${String(algorithm)}`,
    );
  }
  const objective = params.objective;
  const assumed: Task =
    task ??
    (REGRESSION_OBJECTIVES.includes(objective as GbdtObjective)
      ? 'regression'
      : objective === 'multiclass'
        ? 'multiclass'
        : 'binary');
  if (algorithm === 'gbdt') resolveGbdtParams(gbdtParams(params, assumed));
  else if (algorithm === 'forest' || algorithm === 'tree') {
    resolveForestParams({
      ...params,
      task: assumed === 'regression' ? 'regression' : 'classification',
    } as ForestParams);
  } else if (algorithm === 'linear')
    resolveLinearParams({ ...params, task: assumed } as LinearParams, 1);
  else resolveMlpParams({ ...params, objective: assumed } as MlpParams);
}

function selectFeatures(spec: TrainSpec, table: Table): readonly string[] {
  if (!table.has(spec.target)) {
    throw new EngineInputError('target', `names no column of the table (${spec.target})`);
  }
  const features =
    spec.features ?? table.columns.map((c) => c.name).filter((n) => n !== spec.target);
  for (const name of features) {
    if (!table.has(name)) throw new EngineInputError('features', `names no column (${name})`);
    if (name === spec.target) throw new EngineInputError('features', 'must not include the target');
  }
  if (features.length === 0)
    throw new EngineInputError('features', 'is empty; nothing to learn from');
  return features;
}

/** Columns the default pipeline one-hot encodes a categorical feature into, at most. */
export const DEFAULT_ONE_HOT_CATEGORIES = 20;

function defaultPreprocessing(algorithm: Algorithm, data: Table): PipelineStep[] {
  const has = (kind: string) => data.columns.some((c) => c.kind === kind);
  const text: PipelineStep[] = has('text') ? [{ type: 'tfidf', maxFeatures: 200 }] : [];
  // Trees take missing values and categories natively.
  if (algorithm === 'gbdt' || algorithm === 'forest' || algorithm === 'tree') return text;
  return [
    ...(has('numeric')
      ? ([
          { type: 'impute', strategy: 'median', addIndicator: true, columns: { kind: 'numeric' } },
          { type: 'standardize' },
        ] as const)
      : []),
    ...(has('categorical')
      ? [{ type: 'oneHot', maxCategories: DEFAULT_ONE_HOT_CATEGORIES } as const]
      : []),
    ...text,
  ];
}

/** Trains the chosen estimator; every algorithm reports progress and honours the signal. */
async function fitEstimator(
  algorithm: Algorithm,
  task: Task,
  params: Readonly<Record<string, unknown>>,
  seed: number,
  features: Table,
  y: Float64Array,
  options: TrainOptions,
): Promise<Estimator> {
  const signal = options.signal ? { signal: options.signal } : {};
  const every = options.checkpointEvery;
  const resume = options.resumeFrom?.state;
  if (resume && resume.algorithm !== algorithm) {
    throw new EngineInputError(
      'resumeFrom',
      `is a ${resume.algorithm} checkpoint, not ${algorithm}`,
    );
  }
  const checkpoint = (iteration: number, state: TrainCheckpoint['state']) =>
    options.onCheckpoint?.({ format: 'aistudio.checkpoint', version: 1, iteration, state });

  if (algorithm === 'forest' || algorithm === 'tree') {
    if (resume)
      throw new EngineInputError('resumeFrom', 'forests are not checkpointed; nothing to resume');
    const forest = {
      seed,
      ...params,
      task: task === 'regression' ? 'regression' : 'classification',
    } as ForestParams;
    const progress = {
      onProgress: (e: { readonly tree: number }) => options.onProgress?.({ iteration: e.tree }),
    };
    const estimator =
      algorithm === 'forest'
        ? await trainForest(forest, features, y, { ...signal, ...progress })
        : await trainDecisionTree(forest, features, y, { ...signal, ...progress });
    return { algorithm, estimator };
  }
  if (algorithm === 'gbdt') {
    const estimator = await trainGbdt({ seed, ...gbdtParams(params, task) }, features, y, {
      ...signal,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(every ? { checkpointEvery: every } : {}),
      onCheckpoint: (partial) =>
        checkpoint(partial.trees.length / partial.treesPerIteration, {
          algorithm: 'gbdt',
          partial,
        }),
      ...(resume?.algorithm === 'gbdt' ? { resumeFrom: resume.partial } : {}),
    });
    return { algorithm, estimator };
  }
  const x = toMatrix(features);
  if (algorithm === 'linear') {
    if (resume)
      throw new EngineInputError('resumeFrom', 'linear models train in one go; nothing to resume');
    const linear = { ...params, task } as LinearParams;
    const estimator = await trainLinear(linear, x, y, {
      ...signal,
      onProgress: (e) => options.onProgress?.({ iteration: e.iteration, trainLoss: e.loss }),
    });
    return { algorithm, estimator };
  }
  const mlp = { seed, ...params, objective: task } as MlpParams;
  const estimator = await trainMlp(mlp, x, y, {
    ...signal,
    onProgress: (e) =>
      options.onProgress?.({
        iteration: e.epoch,
        trainLoss: e.trainLoss,
        ...(e.validLoss === undefined ? {} : { validLoss: e.validLoss }),
      }),
    ...(every
      ? {
          checkpoint: {
            everyEpochs: every,
            save: (partial) => checkpoint(partial.epoch, { algorithm: 'mlp', partial }),
          },
        }
      : {}),
    ...(resume?.algorithm === 'mlp' ? { resumeFrom: resume.partial } : {}),
  });
  return { algorithm, estimator };
}

function gbdtParams(given: Readonly<Record<string, unknown>>, task: Task): GbdtParams {
  const objective = given.objective;
  if (objective !== undefined) {
    const allowed = task === 'regression' ? REGRESSION_OBJECTIVES : [task];
    if (!allowed.includes(objective as GbdtObjective)) {
      throw new EngineInputError(
        'objective',
        `must be one of ${allowed.join(', ')} for a ${task} task, got ${String(objective)}`,
      );
    }
  }
  return { ...given, objective: (objective as GbdtObjective | undefined) ?? task } as GbdtParams;
}

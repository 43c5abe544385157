import { EngineInputError } from './errors.js';
import type { GbdtObjective, GbdtParams } from './gbdt/params.js';
import { trainGbdt, type GbdtProgress } from './gbdt/train.js';
import type { Algorithm, TrainedModel } from './model.js';
import { inputFieldsOf } from './records.js';
import { Table } from './table.js';
import { prepareTarget, type Task } from './task.js';
import { ENGINE_VERSION } from './version.js';

/** What to learn: the target column, and optionally the features, task and algorithm. */
export interface TrainSpec {
  readonly target: string;
  /** Feature columns; default every column but the target. */
  readonly features?: readonly string[];
  /** Detected from the target when not given (see `prepareTarget`). */
  readonly task?: Task;
  /** Default `gbdt`. */
  readonly algorithm?: Algorithm;
  /**
   * The algorithm's hyperparameters (for GBDT those of `GbdtParams`; its objective follows the
   * task, and for regression may be `regression`, `absolute` or `huber`).
   */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Progress after every iteration (GBDT) or epoch. */
export type TrainProgress = GbdtProgress;

/** Callbacks, cancellation and checkpoints of `train`. */
export interface TrainOptions {
  onProgress?(event: TrainProgress): void;
  /** Cancels training: `train` then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
  /** Calls `onCheckpoint` with the model so far after every this many iterations. */
  readonly checkpointEvery?: number;
  onCheckpoint?(partial: TrainedModel): void;
  /** A checkpoint of the same spec and data to continue from (same final model). */
  readonly resumeFrom?: TrainedModel;
}

const REGRESSION_OBJECTIVES: readonly GbdtObjective[] = ['regression', 'absolute', 'huber'];

/** Trains a model on `table` as `spec` says and returns it in the engine's model format. */
export async function train(
  spec: TrainSpec,
  table: Table,
  options: TrainOptions = {},
): Promise<TrainedModel> {
  const algorithm = spec.algorithm ?? 'gbdt';
  if (algorithm !== 'gbdt') {
    throw new EngineInputError('algorithm', `must be 'gbdt', got ${String(algorithm)}`);
  }
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

  const target = prepareTarget(table.column(spec.target), spec.task);
  const labelled = target.rows.length === table.numRows ? table : table.take(target.rows);
  const data = Table.fromColumnList(features.map((name) => labelled.column(name)));
  const inputs = inputFieldsOf(data, features);
  const params = gbdtParams(spec.params ?? {}, target.task);
  const wrap = (estimator: TrainedModel['estimator']): TrainedModel => ({
    format: 'aistudio.model',
    version: 1,
    engineVersion: ENGINE_VERSION,
    task: target.task,
    algorithm,
    target: { name: spec.target, classes: target.classes },
    inputs,
    estimator,
    training: {
      rows: target.rows.length,
      droppedRows: table.numRows - target.rows.length,
      taskReason: target.taskReason,
      seed: estimator.params.seed,
    },
  });
  const estimator = await trainGbdt(params, data, target.values, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
    ...(options.onCheckpoint ? { onCheckpoint: (m) => options.onCheckpoint!(wrap(m)) } : {}),
    ...(options.resumeFrom ? { resumeFrom: options.resumeFrom.estimator } : {}),
  });
  return wrap(estimator);
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

/**
 * The training of one run, inside a compute-pool worker thread: read the version's Parquet,
 * hold out the evaluation rows, train with progress and checkpoints, evaluate, serialise the
 * model (engine JSON and, where the model allows, ONNX). Nothing here touches the database.
 */
import {
  EngineInputError,
  ENGINE_VERSION,
  TrainingAbortedError,
  exportOnnx,
  train,
  type TrainCheckpoint,
  type TrainSpec,
} from '@aistudio/engine';
import { serveTask } from '../../infra/compute/serve-task.js';
import type { DuckDBLimits } from '../datasets/ingest/index.js';
import {
  evaluateRun,
  MAX_EVALUATION_ROWS,
  splitForRun,
  type RunEvaluationResult,
} from './run-evaluation.js';
import { readTrainingTable, type TrainingColumn } from './read-training-table.js';

export interface TrainingTaskInput {
  readonly parquetPath: string;
  readonly columns: readonly TrainingColumn[];
  readonly spec: TrainSpec;
  readonly testFraction: number;
  readonly fairnessColumn: string | null;
  /** The engine offers a checkpoint every this many iterations (or epochs)… */
  readonly checkpointEvery: number;
  /** …and one is sent for saving at most this often, plus the latest one when training stops. */
  readonly checkpointIntervalMs: number;
  readonly resumeFrom: TrainCheckpoint | null;
  readonly duckdb: DuckDBLimits;
}

export type TrainingTaskProgress =
  | {
      readonly kind: 'progress';
      readonly iteration: number;
      readonly trainLoss?: number;
      readonly validLoss?: number;
    }
  | { readonly kind: 'checkpoint'; readonly checkpoint: TrainCheckpoint }
  | { readonly kind: 'log'; readonly message: string };

export interface TrainingTaskResult extends RunEvaluationResult {
  readonly modelJson: string;
  readonly onnx: Uint8Array | null;
  /** Why there is no ONNX file (e.g. a text step ONNX cannot express). */
  readonly onnxSkipped: string | null;
  readonly features: string[];
  readonly task: 'binary' | 'multiclass' | 'regression';
  readonly engineVersion: string;
}

serveTask<TrainingTaskInput, TrainingTaskProgress, TrainingTaskResult>(
  async (input, { signal, progress }) => {
    const table = await readTrainingTable(input.parquetPath, input.columns, input.duckdb);
    const split = splitForRun(table, input.spec, input.testFraction);
    progress({
      kind: 'log',
      message: `read ${table.numRows} rows; training on ${split.train.numRows}, evaluating on ${split.test.numRows}`,
    });
    let unsaved: TrainCheckpoint | null = null;
    let savedAt = Date.now();
    const model = await train(input.spec, split.train, {
      signal,
      onProgress: (event) => progress({ kind: 'progress', ...event }),
      checkpointEvery: input.checkpointEvery,
      onCheckpoint: (checkpoint) => {
        unsaved = checkpoint;
        if (Date.now() - savedAt < input.checkpointIntervalMs) return;
        progress({ kind: 'checkpoint', checkpoint });
        unsaved = null;
        savedAt = Date.now();
      },
      ...(input.resumeFrom ? { resumeFrom: input.resumeFrom } : {}),
    }).catch((error: unknown) => {
      // Stopped (a pause): save the newest state so the resume loses as little as possible.
      if (error instanceof TrainingAbortedError && unsaved) {
        progress({ kind: 'checkpoint', checkpoint: unsaved });
      }
      throw error;
    });
    progress({
      kind: 'log',
      message:
        split.test.numRows > MAX_EVALUATION_ROWS
          ? `training done; evaluating on a random ${MAX_EVALUATION_ROWS} of the ${split.test.numRows} held-out rows`
          : 'training done; evaluating on the held-out rows',
    });
    const evaluation = await evaluateRun(
      model,
      split.test,
      input.fairnessColumn,
      input.spec.seed ?? 0,
    );
    let onnx: Uint8Array | null = null;
    let onnxSkipped: string | null = null;
    try {
      onnx = exportOnnx(model);
    } catch (error) {
      if (!(error instanceof EngineInputError)) throw error;
      onnxSkipped = error.message;
    }
    return {
      ...evaluation,
      modelJson: JSON.stringify(model),
      onnx,
      onnxSkipped,
      features: model.inputs.map((field) => field.name),
      task: model.task,
      engineVersion: ENGINE_VERSION,
    };
  },
  (error) => {
    if (error instanceof TrainingAbortedError) return { kind: 'aborted', message: error.message };
    if (error instanceof EngineInputError) return { kind: 'input', message: error.message };
    // Typed arrays live outside the capped heap: too large a one fails to allocate instead.
    if (
      error instanceof RangeError &&
      /allocation failed|invalid (typed )?array length/i.test(error.message)
    ) {
      return {
        kind: 'input',
        message: `ran out of memory (${error.message}); use fewer rows or features, or a smaller model`,
      };
    }
    return {
      kind: 'internal',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  },
);

/**
 * The check and evaluation of an imported (browser-trained) model, inside a compute-pool worker
 * thread: the model JSON comes from a client, so whatever it makes the engine do (a cyclic tree,
 * a huge layer) happens here, under the pool's heap cap and the caller's time limit.
 */
import { EngineInputError, exportOnnx, type TrainedModel, type TrainSpec } from '@aistudio/engine';
import { serveTask } from '../../infra/compute/serve-task.js';
import type { DuckDBLimits } from '../datasets/ingest/index.js';
import { readTrainingTable, type TrainingColumn } from './read-training-table.js';
import { evaluateRun, splitForRun, type RunEvaluationResult } from './run-evaluation.js';

export interface RunImportTaskInput {
  readonly parquetPath: string;
  readonly columns: readonly TrainingColumn[];
  readonly spec: TrainSpec;
  readonly testFraction: number;
  readonly modelJson: string;
  readonly duckdb: DuckDBLimits;
}

export interface RunImportTaskResult extends RunEvaluationResult {
  readonly onnx: Uint8Array | null;
  readonly onnxSkipped: string | null;
}

/** The model does not work on its data: reported as `input`, i.e. a 422 on `model`. */
class ModelRefused extends Error {}

serveTask<RunImportTaskInput, never, RunImportTaskResult>(
  async (input) => {
    const table = await readTrainingTable(input.parquetPath, input.columns, input.duckdb);
    const split = splitForRun(table, input.spec, input.testFraction);
    const model = JSON.parse(input.modelJson) as TrainedModel;
    const trainedOn = model.training.rows + model.training.droppedRows;
    if (trainedOn !== split.train.numRows) {
      throw new ModelRefused(
        `was trained on ${trainedOn} rows, but this version's training split (test fraction ${input.testFraction}, seed ${input.spec.seed ?? 0}) has ${split.train.numRows}; import it with the data it was trained on`,
      );
    }
    let evaluation: RunEvaluationResult;
    try {
      evaluation = await evaluateRun(model, split.test, null, input.spec.seed ?? 0);
    } catch (error) {
      throw new ModelRefused(`cannot predict this version's rows: ${messageOf(error)}`);
    }
    try {
      return { ...evaluation, onnx: exportOnnx(model), onnxSkipped: null };
    } catch (error) {
      // A text step has no ONNX form: the run keeps its engine model only, as a trained one would.
      if (error instanceof EngineInputError) {
        return { ...evaluation, onnx: null, onnxSkipped: error.message };
      }
      throw new ModelRefused(`cannot be exported to ONNX: ${messageOf(error)}`);
    }
  },
  (error) =>
    error instanceof ModelRefused
      ? { kind: 'input', message: error.message }
      : {
          kind: 'internal',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        },
);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

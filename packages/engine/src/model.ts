import { EngineInputError } from './errors.js';
import { predictForest, type ForestModel } from './forest/model.js';
import { predictGbdt, type GbdtModel } from './gbdt/model.js';
import { predictLinear, type LinearModel } from './linear/model.js';
import { predictMlp, type MlpModel } from './mlp/model.js';
import { transformTable, type Pipeline } from './preprocess/pipeline.js';
import { toMatrix } from './preprocess/to-matrix.js';
import { alignToInputs, type InputField } from './records.js';
import type { Table } from './table.js';
import type { ClassLabel, Task } from './task.js';

/** Learning algorithms `train` offers. */
export type Algorithm = 'gbdt' | 'forest' | 'tree' | 'linear' | 'mlp';

/** The fitted estimator, tagged by its algorithm. */
export type Estimator =
  | { readonly algorithm: 'gbdt'; readonly estimator: GbdtModel }
  | { readonly algorithm: 'forest' | 'tree'; readonly estimator: ForestModel }
  | { readonly algorithm: 'linear'; readonly estimator: LinearModel }
  | { readonly algorithm: 'mlp'; readonly estimator: MlpModel };

/**
 * A trained model in the engine's versioned JSON format: everything needed to predict from raw
 * columns (input schema, preprocessing pipeline, class labels, the estimator) plus how it was
 * trained. `predict` on a JSON round trip of it gives bit-identical results.
 */
export type TrainedModel = Estimator & {
  readonly format: 'aistudio.model';
  readonly version: 1;
  readonly engineVersion: string;
  readonly task: Task;
  readonly target: {
    readonly name: string;
    /** Class labels in class-code order; null for regression. */
    readonly classes: readonly ClassLabel[] | null;
  };
  /** The raw columns the model reads, in order. */
  readonly inputs: readonly InputField[];
  /** Preprocessing fitted on the training rows, applied before the estimator; null for none. */
  readonly pipeline: Pipeline | null;
  readonly training: TrainingInfo;
};

/** How a model was trained. */
export interface TrainingInfo {
  /** Rows trained on (rows with a missing target are left out, see `droppedRows`). */
  readonly rows: number;
  readonly droppedRows: number;
  readonly taskReason: string;
  readonly seed: number;
}

/** Predictions for a batch of rows. */
export interface Predictions {
  /** Regression: the predicted values. */
  readonly values?: Float64Array;
  /** Classification: the most probable class of each row (ties: the first class). */
  readonly labels?: readonly ClassLabel[];
  /** Classification: row-major class probabilities, `classes.length` per row. */
  readonly probabilities?: Float64Array;
}

/** Predicts every row of `table`, which must hold the model's input columns (others are ignored). */
export function predict(model: TrainedModel, table: Table): Predictions {
  if (model.format !== 'aistudio.model' || model.version !== 1) {
    throw new EngineInputError('model', 'is not an aistudio.model version 1');
  }
  const inputs = alignToInputs(model.inputs, table);
  const features = model.pipeline ? transformTable(model.pipeline, inputs) : inputs;
  const scores = estimatorScores(model, features);
  if (model.task === 'regression') return { values: scores };
  const classes = model.target.classes!;
  const k = classes.length;
  const probabilities = model.task === 'binary' ? binaryToTwoColumns(scores) : scores;
  const labels = new Array<ClassLabel>(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) {
      if (probabilities[i * k + c]! > probabilities[i * k + best]!) best = c;
    }
    labels[i] = classes[best]!;
  }
  return { labels, probabilities };
}

/** Values, P(class 1), or row-major class probabilities, whatever the algorithm. */
function estimatorScores(model: Estimator, features: Table): Float64Array {
  switch (model.algorithm) {
    case 'gbdt':
      return predictGbdt(model.estimator, features);
    case 'forest':
    case 'tree': {
      const scores = predictForest(model.estimator, features);
      // Forests give both class probabilities; binary callers want P(class 1), like the others.
      if (model.estimator.task !== 'classification' || model.estimator.numOutputs !== 2)
        return scores;
      return Float64Array.from({ length: scores.length / 2 }, (_, i) => scores[2 * i + 1]!);
    }
    case 'linear':
      return predictLinear(model.estimator, toMatrix(features));
    case 'mlp':
      return predictMlp(model.estimator, toMatrix(features));
  }
}

function binaryToTwoColumns(p: Float64Array): Float64Array {
  const out = new Float64Array(p.length * 2);
  for (let i = 0; i < p.length; i++) {
    out[2 * i] = 1 - p[i]!;
    out[2 * i + 1] = p[i]!;
  }
  return out;
}

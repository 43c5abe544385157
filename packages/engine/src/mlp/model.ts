import { EngineInputError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { checkMatrix, toFloat32Rows } from './inputs.js';
import { Network } from './network.js';
import type { MlpActivation, MlpObjective } from './params.js';

/** One dense layer: output = activation(input · weights + biases). */
export interface MlpLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** inputs×outputs, row-major (scikit-learn's `coefs_[l]` flattened); float32 values. */
  readonly weights: number[];
  readonly biases: number[];
}

/** Per-epoch figures of a training run. */
export interface MlpHistory {
  /** Mean training loss including the L2 term, as scikit-learn's `loss_curve_`. */
  readonly trainLoss: number[];
  /** Mean validation loss (no L2 term), when early stopping held rows out. */
  readonly validLoss?: number[];
  /** Validation accuracy (R² for regression), when early stopping held rows out. */
  readonly validScore?: number[];
}

/** A trained MLP as plain JSON-serialisable data. */
export interface MlpModel {
  readonly format: 'aistudio.mlp';
  readonly version: 1;
  readonly objective: MlpObjective;
  /** Hidden-layer activation; the output layer's follows from the objective. */
  readonly activation: MlpActivation;
  /** Input column names, in the order the first layer expects them. */
  readonly featureNames: readonly string[];
  readonly layers: readonly MlpLayer[];
  /** Epochs trained. */
  readonly epochs: number;
  /** Epoch whose weights were kept (early stopping keeps the best validation score). */
  readonly bestEpoch: number;
  readonly history: MlpHistory;
}

// Rows per forward pass when predicting: bounded memory for any input size.
const PREDICT_CHUNK = 512;

// One network per model object, reused by every prediction: a network's WebAssembly memory and
// instance cost more to create than a one-row prediction (prediction is synchronous, so a
// thread never uses one network twice at once).
const networks = new WeakMap<MlpModel, Network>();

function predictionNetwork(model: MlpModel): Network {
  let network = networks.get(model);
  if (!network) {
    const sizes = [model.layers[0]!.inputs, ...model.layers.map((l) => l.outputs)];
    const shape = { sizes, activation: model.activation, objective: model.objective };
    network = new Network(shape, PREDICT_CHUNK);
    networks.set(model, network);
  }
  // Copied on every call, so a model edited in place still predicts with its current weights.
  model.layers.forEach((layer, l) => {
    network.weights(l).set(layer.weights);
    network.biases(l).set(layer.biases);
  });
  return network;
}

/**
 * Predicts every row of `x`: the value for regression, P(class 1) for binary, and for multiclass
 * k probabilities per row (row-major, rows×k).
 */
export function predictMlp(model: MlpModel, x: Matrix): Float64Array {
  checkMatrix(x);
  const names = model.featureNames;
  if (x.numCols !== names.length) {
    throw new EngineInputError('X', `has ${x.numCols} columns; the model expects ${names.length}`);
  }
  names.forEach((name, j) => {
    if (x.columnNames[j] !== name) {
      throw new EngineInputError(name, `expected as column ${j}, found '${x.columnNames[j]}'`);
    }
  });
  const network = predictionNetwork(model);
  const sizes = network.shape.sizes;
  const chunk = Math.min(x.numRows, PREDICT_CHUNK);
  const outputs = sizes[sizes.length - 1]!;
  const result = new Float64Array(x.numRows * outputs);
  const rows = new Uint32Array(chunk);
  for (let start = 0; start < x.numRows; start += chunk) {
    const count = Math.min(chunk, x.numRows - start);
    for (let i = 0; i < count; i++) rows[i] = start + i;
    const input = toFloat32Rows(x, rows.subarray(0, count));
    const p = network.forward(input, count, null);
    result.set(p.subarray(0, count * outputs), start * outputs);
  }
  return result;
}

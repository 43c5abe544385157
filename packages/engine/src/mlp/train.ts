import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { splitTrainValidation } from '../gbdt/validation-split.js';
import type { Matrix } from '../matrix.js';
import { createRandom, shuffleInPlace } from '../random.js';
import { checkResumable, type MlpCheckpoint, type MlpCheckpointSink } from './checkpoint.js';
import type { MlpKernelChoice } from './choose-kernels.js';
import { checkMatrix, toFloat32Rows } from './inputs.js';
import type { MlpModel } from './model.js';
import { Network } from './network.js';
import { applyUpdate, createOptimizerState, type OptimizerSettings } from './optimizers.js';
import { lossAndDelta, score } from './output-layer.js';
import {
  checkNetworkSize,
  resolveMlpParams,
  type MlpParams,
  type ResolvedMlpParams,
} from './params.js';
import { initialStopping, recordEpoch, shouldStop, type StoppingState } from './stopping.js';
import { checkTarget, requireTwoClasses } from './target.js';
import { initialiseWeights, streamSeed, Streams } from './weights-init.js';

/** Reported after every epoch. */
export interface MlpProgress {
  /** Epochs done so far (1 after the first). */
  readonly epoch: number;
  /** Mean training loss including the L2 term. */
  readonly trainLoss: number;
  /** Mean validation loss, when early stopping holds rows out. */
  readonly validLoss?: number;
  /** Validation accuracy (R² for regression), when early stopping holds rows out. */
  readonly validScore?: number;
}

/** Callbacks, cancellation and checkpoints of `trainMlp`. */
export interface TrainMlpOptions {
  onProgress?(event: MlpProgress): void;
  /** Checked between mini-batches; training then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
  /** Receives a checkpoint after every `everyEpochs` epochs. */
  readonly checkpoint?: MlpCheckpointSink;
  /** Continues a run from one of its checkpoints; the result is bit-identical to not stopping. */
  readonly resumeFrom?: MlpCheckpoint;
  /** Implementation of the matrix products (default: SIMD where supported); resume with the same. */
  readonly kernels?: MlpKernelChoice;
}

// Yield to the event loop this often so an AbortSignal (or a UI) gets a chance to run.
const YIELD_EVERY_MS = 50;

interface RunState {
  epoch: number;
  readonly stopping: StoppingState;
  bestParameters: Float32Array | null;
  readonly history: { trainLoss: number[]; validLoss: number[]; validScore: number[] };
}

/**
 * Trains a multi-layer perceptron on the standardised design matrix `x` to predict `y` (values
 * for regression, class codes 0..k-1 for classification) with mini-batch Adam or SGD.
 */
export async function trainMlp(
  params: MlpParams,
  x: Matrix,
  y: Float64Array,
  options: TrainMlpOptions = {},
): Promise<MlpModel> {
  const p = resolveMlpParams(params);
  checkMatrix(x);
  const outputs = checkTarget(p, y, x.numRows);
  const sizes = [x.numCols, ...p.hiddenLayerSizes, outputs];
  checkNetworkSize(sizes);
  const classify = p.objective !== 'regression';
  const split = p.earlyStopping
    ? splitTrainValidation(y, p.validationFraction, {
        stratify: classify,
        seed: streamSeed(p.seed, Streams.validation, 0),
      })
    : null;
  const xTrain = toFloat32Rows(x, split?.train);
  const yTrain = split ? gather(y, split.train) : y;
  const xValid = split ? toFloat32Rows(x, split.valid) : null;
  const yValid = split ? gather(y, split.valid) : null;
  if (classify) requireTwoClasses(yTrain);

  const n = yTrain.length;
  const inputs = x.numCols;
  const batchSize = Math.min(p.batchSize === 'auto' ? 200 : p.batchSize, n);
  const network = new Network(
    { sizes, activation: p.activation, objective: p.objective },
    batchSize,
    p.dropout,
    options.kernels,
  );
  const optimizer = createOptimizerState(p.solver, network.parameters.length);
  const settings = optimizerSettings(p);
  const run = options.resumeFrom
    ? resume(options.resumeFrom, p, sizes, x.numRows, network, optimizer)
    : start(p, sizes, network);

  const xBatch = new Float32Array(batchSize * inputs);
  const yBatch = new Float64Array(batchSize);
  const order = new Uint32Array(n);
  const validOutput = yValid ? new Float32Array(yValid.length * outputs) : null;
  let lastYield = Date.now();

  while (run.epoch < p.maxEpochs && !shouldStop(run.stopping, p.nIterNoChange)) {
    if (options.signal?.aborted) throw new TrainingAbortedError(run.epoch);
    const epoch = run.epoch + 1;
    const random = createRandom(streamSeed(p.seed, Streams.epoch, epoch));
    for (let i = 0; i < n; i++) order[i] = i;
    if (p.shuffle) shuffleInPlace(order, random);
    let lossSum = 0;
    for (let from = 0; from < n; from += batchSize) {
      const rows = Math.min(batchSize, n - from);
      for (let i = 0; i < rows; i++) {
        const row = order[from + i]!;
        for (let j = 0, src = row * inputs, dst = i * inputs; j < inputs; j++) {
          xBatch[dst + j] = xTrain[src + j]!;
        }
        yBatch[i] = yTrain[row]!;
      }
      const output = network.forward(xBatch, rows, p.dropout > 0 ? random : null);
      lossSum += lossAndDelta(p.objective, output, yBatch, rows, outputs, network.outputDelta);
      lossSum += 0.5 * p.alpha * network.squaredWeights();
      network.backward(rows, p.alpha);
      applyUpdate(settings, optimizer, network.parameters, network.gradients);
      if (Date.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
        if (options.signal?.aborted) throw new TrainingAbortedError(run.epoch);
      }
    }
    const trainLoss = lossSum / n;
    if (!Number.isFinite(trainLoss)) {
      throw new EngineInputError(
        'learningRate',
        `training diverged (the loss became ${trainLoss} in epoch ${epoch}); lower learningRate or standardise X`,
      );
    }
    run.epoch = epoch;
    run.history.trainLoss.push(trainLoss);
    let progress: MlpProgress = { epoch, trainLoss };
    if (xValid && yValid && validOutput) {
      const valid = evaluate(network, p, xValid, yValid, validOutput, outputs);
      run.history.validLoss.push(valid.loss);
      run.history.validScore.push(valid.score);
      if (recordEpoch(run.stopping, epoch, valid.score, true, p.tol)) {
        run.bestParameters!.set(network.parameters);
      }
      progress = { ...progress, validLoss: valid.loss, validScore: valid.score };
    } else {
      recordEpoch(run.stopping, epoch, trainLoss, false, p.tol);
    }
    options.onProgress?.(progress);
    const every = options.checkpoint?.everyEpochs ?? 1;
    if (options.checkpoint && epoch % every === 0) {
      await options.checkpoint.save(takeCheckpoint(p, sizes, x.numRows, run, network, optimizer));
    }
  }
  if (options.signal?.aborted) throw new TrainingAbortedError(run.epoch);
  return toModel(p, x, sizes, run, run.bestParameters ?? network.parameters);
}

function optimizerSettings(p: ResolvedMlpParams): OptimizerSettings {
  return p.solver === 'adam'
    ? {
        solver: 'adam',
        learningRate: p.learningRate,
        beta1: p.beta1,
        beta2: p.beta2,
        epsilon: p.epsilon,
      }
    : { solver: 'sgd', learningRate: p.learningRate, momentum: p.momentum, nesterov: p.nesterov };
}

function start(p: ResolvedMlpParams, sizes: readonly number[], network: Network): RunState {
  initialiseWeights(
    network,
    sizes,
    p.activation,
    createRandom(streamSeed(p.seed, Streams.init, 0)),
  );
  return {
    epoch: 0,
    stopping: initialStopping(),
    bestParameters: p.earlyStopping ? Float32Array.from(network.parameters) : null,
    history: { trainLoss: [], validLoss: [], validScore: [] },
  };
}

function resume(
  checkpoint: MlpCheckpoint,
  p: ResolvedMlpParams,
  sizes: readonly number[],
  numRows: number,
  network: Network,
  optimizer: ReturnType<typeof createOptimizerState>,
): RunState {
  checkResumable(checkpoint, p, sizes, numRows);
  network.parameters.set(checkpoint.parameters);
  optimizer.first.set(checkpoint.optimizer.first);
  optimizer.second.set(checkpoint.optimizer.second);
  optimizer.step = checkpoint.optimizer.step;
  return {
    epoch: checkpoint.epoch,
    stopping: { ...checkpoint.stopping },
    bestParameters: checkpoint.bestParameters ? Float32Array.from(checkpoint.bestParameters) : null,
    history: {
      trainLoss: [...checkpoint.history.trainLoss],
      validLoss: [...checkpoint.history.validLoss],
      validScore: [...checkpoint.history.validScore],
    },
  };
}

function takeCheckpoint(
  p: ResolvedMlpParams,
  sizes: readonly number[],
  numRows: number,
  run: RunState,
  network: Network,
  optimizer: ReturnType<typeof createOptimizerState>,
): MlpCheckpoint {
  return {
    format: 'aistudio.mlp-checkpoint',
    version: 1,
    params: { ...p, hiddenLayerSizes: [...p.hiddenLayerSizes] },
    sizes: [...sizes],
    numRows,
    epoch: run.epoch,
    parameters: Array.from(network.parameters),
    optimizer: {
      first: Array.from(optimizer.first),
      second: Array.from(optimizer.second),
      step: optimizer.step,
    },
    stopping: { ...run.stopping },
    bestParameters: run.bestParameters ? Array.from(run.bestParameters) : null,
    history: {
      trainLoss: [...run.history.trainLoss],
      validLoss: [...run.history.validLoss],
      validScore: [...run.history.validScore],
    },
  };
}

/** Mean loss and score on the held-out rows, predicted in batches through the same buffers. */
function evaluate(
  network: Network,
  p: ResolvedMlpParams,
  xValid: Float32Array,
  yValid: Float64Array,
  predictions: Float32Array,
  outputs: number,
): { loss: number; score: number } {
  const inputs = network.shape.sizes[0]!;
  const rows = yValid.length;
  let lossSum = 0;
  for (let from = 0; from < rows; from += network.maxRows) {
    const count = Math.min(network.maxRows, rows - from);
    const output = network.forward(xValid.subarray(from * inputs), count, null);
    const chunk = output.subarray(0, count * outputs);
    lossSum += lossAndDelta(
      p.objective,
      chunk,
      yValid.subarray(from, from + count),
      count,
      outputs,
      null,
    );
    predictions.set(chunk, from * outputs);
  }
  return { loss: lossSum / rows, score: score(p.objective, predictions, yValid, outputs) };
}

function toModel(
  p: ResolvedMlpParams,
  x: Matrix,
  sizes: readonly number[],
  run: RunState,
  parameters: Float32Array,
): MlpModel {
  let offset = 0;
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1]!;
    const outputs = sizes[l]!;
    const weights = Array.from(parameters.subarray(offset, offset + inputs * outputs));
    offset += inputs * outputs;
    const biases = Array.from(parameters.subarray(offset, offset + outputs));
    offset += outputs;
    layers.push({ inputs, outputs, weights, biases });
  }
  const { trainLoss, validLoss, validScore } = run.history;
  return {
    format: 'aistudio.mlp',
    version: 1,
    objective: p.objective,
    activation: p.activation,
    featureNames: [...x.columnNames],
    layers,
    epochs: run.epoch,
    bestEpoch: p.earlyStopping ? run.stopping.bestEpoch : run.epoch,
    history: p.earlyStopping ? { trainLoss, validLoss, validScore } : { trainLoss },
  };
}

function gather(values: Float64Array, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

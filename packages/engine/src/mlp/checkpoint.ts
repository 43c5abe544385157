import { EngineInputError } from '../errors.js';
import type { ResolvedMlpParams } from './params.js';
import type { StoppingState } from './stopping.js';

/**
 * Everything training holds between epochs, as plain JSON. Random numbers come from a stream
 * derived from (seed, epoch), so the epoch number is the generator's whole state: resuming after
 * epoch k replays epochs k+1… exactly as an uninterrupted run would.
 */
export interface MlpCheckpoint {
  readonly format: 'aistudio.mlp-checkpoint';
  readonly version: 1;
  readonly params: ResolvedMlpParams;
  /** Units per layer, inputs first. */
  readonly sizes: readonly number[];
  /** Rows of X the run was given; a resume must get the same X and y. */
  readonly numRows: number;
  /** Epochs completed. */
  readonly epoch: number;
  /** Flat weights and biases (float32 values). */
  readonly parameters: number[];
  /** Optimizer moments (Adam m and v; SGD velocity and an empty list) and update count. */
  readonly optimizer: {
    readonly first: number[];
    readonly second: number[];
    readonly step: number;
  };
  readonly stopping: StoppingState;
  /** Weights of the best epoch so far when early stopping, else null. */
  readonly bestParameters: number[] | null;
  readonly history: {
    readonly trainLoss: number[];
    readonly validLoss: number[];
    readonly validScore: number[];
  };
}

/** Where `trainMlp` hands checkpoints to the caller. */
export interface MlpCheckpointSink {
  /** Take a checkpoint every this many epochs, default 1. */
  readonly everyEpochs?: number;
  /** Receives each checkpoint; training waits for a returned promise. */
  save(checkpoint: MlpCheckpoint): void | Promise<void>;
}

/** Throws unless `checkpoint` was taken by a run with these parameters and this data shape. */
export function checkResumable(
  checkpoint: MlpCheckpoint,
  params: ResolvedMlpParams,
  sizes: readonly number[],
  numRows: number,
): void {
  if (checkpoint.format !== 'aistudio.mlp-checkpoint' || checkpoint.version !== 1) {
    throw new EngineInputError('resumeFrom', 'is not an MLP checkpoint of format version 1');
  }
  // maxEpochs may grow on resume: that is how a finished run is trained further.
  const strip = (p: ResolvedMlpParams) =>
    JSON.stringify(Object.entries({ ...p, maxEpochs: 0 }).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (strip(checkpoint.params) !== strip(params)) {
    throw new EngineInputError(
      'resumeFrom',
      'was taken with other parameters (only maxEpochs may differ)',
    );
  }
  if (
    JSON.stringify(checkpoint.sizes) !== JSON.stringify(sizes) ||
    checkpoint.numRows !== numRows
  ) {
    throw new EngineInputError('resumeFrom', 'was taken on data of another shape');
  }
  const expected = checkpoint.parameters.length;
  const first = checkpoint.optimizer.first.length;
  if (
    first !== expected ||
    (params.solver === 'adam' && checkpoint.optimizer.second.length !== expected)
  ) {
    throw new EngineInputError('resumeFrom', 'has optimizer moments of the wrong size');
  }
}

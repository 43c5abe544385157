import { activateInPlace, multiplyByDerivative } from './activations.js';
import { multiply, multiplyTransposedA, transpose } from './dense-kernels.js';
import { activateOutput } from './output-layer.js';
import type { MlpActivation, MlpObjective } from './params.js';
import {
  allocateCompressedRows,
  compressColumns,
  compressRows,
  multiplyCompressed,
  multiplyTransposedWhereActive,
  type CompressedRows,
} from './sparse-kernels.js';

// Below this share of non-zeros the compressed kernels beat the dense 4×4 ones.
const SPARSE_BELOW = 0.6;

/** Shape and activations of a fully connected network. */
export interface NetworkShape {
  /** Units per layer, inputs first and outputs last. */
  readonly sizes: readonly number[];
  readonly activation: MlpActivation;
  readonly objective: MlpObjective;
}

/** Offsets of every layer's weights (inputs×outputs, row-major) and biases in the flat vector. */
export function parameterLayout(sizes: readonly number[]): {
  weights: number[];
  biases: number[];
  total: number;
} {
  const weights: number[] = [];
  const biases: number[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    weights.push(offset);
    offset += sizes[l - 1]! * sizes[l]!;
    biases.push(offset);
    offset += sizes[l]!;
  }
  return { weights, biases, total: offset };
}

/**
 * Forward and backward passes over batches of up to `maxRows` rows. Every buffer is allocated
 * once here, so a training step allocates nothing. `parameters` is one flat Float32Array (the
 * optimizer updates it in one loop); the per-layer arrays are views into it.
 */
export class Network {
  readonly parameters: Float32Array;
  readonly gradients: Float32Array;
  readonly #weights: Float32Array[] = [];
  readonly #biases: Float32Array[] = [];
  readonly #weightGradients: Float32Array[] = [];
  readonly #biasGradients: Float32Array[] = [];
  /** Layer outputs after the activation (before dropout). */
  readonly #activated: Float32Array[] = [];
  /** Inputs of layer l + 1: `#activated[l]`, or a dropped-out copy while training with dropout. */
  readonly #fed: Float32Array[] = [];
  readonly #dropoutScale: Float32Array[] = [];
  readonly #deltas: Float32Array[] = [];
  /** Share of non-zero cells of each layer's input, measured in the last forward pass. */
  readonly #inputDensity: number[] = [];
  /** Non-zeros of each hidden layer's input rows, kept from the forward pass for backprop. */
  readonly #inputRows: CompressedRows[] = [];
  readonly #transposed: Float32Array;
  readonly #compressed: CompressedRows;
  readonly #layers: number;

  constructor(
    readonly shape: NetworkShape,
    readonly maxRows: number,
    readonly dropout = 0,
  ) {
    const { sizes } = shape;
    const layout = parameterLayout(sizes);
    this.#layers = sizes.length - 1;
    this.parameters = new Float32Array(layout.total);
    this.gradients = new Float32Array(layout.total);
    let widest = 0;
    let largestLayer = 0;
    for (let l = 0; l < this.#layers; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      widest = Math.max(widest, fanIn, fanOut);
      largestLayer = Math.max(largestLayer, fanIn * fanOut);
      const w = layout.weights[l]!;
      const b = layout.biases[l]!;
      this.#weights.push(this.parameters.subarray(w, w + fanIn * fanOut));
      this.#biases.push(this.parameters.subarray(b, b + fanOut));
      this.#weightGradients.push(this.gradients.subarray(w, w + fanIn * fanOut));
      this.#biasGradients.push(this.gradients.subarray(b, b + fanOut));
      const activated = new Float32Array(maxRows * fanOut);
      this.#activated.push(activated);
      this.#deltas.push(new Float32Array(maxRows * fanOut));
      const hidden = l < this.#layers - 1;
      const drops = hidden && dropout > 0;
      this.#fed.push(drops ? new Float32Array(maxRows * fanOut) : activated);
      this.#dropoutScale.push(drops ? new Float32Array(maxRows * fanOut) : new Float32Array(0));
      this.#inputRows.push(
        allocateCompressedRows(l === 0 ? 0 : maxRows, l === 0 ? 0 : maxRows * fanIn),
      );
    }
    this.#transposed = new Float32Array(largestLayer);
    this.#compressed = allocateCompressedRows(Math.max(maxRows, widest), maxRows * widest);
  }

  /** Weights of layer l (inputs×outputs, row-major), a view into `parameters`. */
  weights(l: number): Float32Array {
    return this.#weights[l]!;
  }

  /** Biases of layer l, a view into `parameters`. */
  biases(l: number): Float32Array {
    return this.#biases[l]!;
  }

  /** The output layer's predictions (rows×outputs) of the last forward pass. */
  get output(): Float32Array {
    return this.#activated[this.#layers - 1]!;
  }

  /** Where the caller writes d(loss)/d(raw output) before calling `backward`. */
  get outputDelta(): Float32Array {
    return this.#deltas[this.#layers - 1]!;
  }

  /**
   * Predicts `rows` rows of `x` (rows×inputs). With `random`, hidden units are dropped with
   * probability `dropout` and the survivors scaled by 1 / (1 − dropout), as in training.
   */
  forward(x: Float32Array, rows: number, random: (() => number) | null): Float32Array {
    const { sizes, activation, objective } = this.shape;
    let input = x;
    let density = 1;
    for (let l = 0; l < this.#layers; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const z = this.#activated[l]!;
      this.#inputDensity[l] = density;
      if (density < SPARSE_BELOW) {
        compressRows(input, rows, fanIn, this.#inputRows[l]!);
        multiplyCompressed(this.#inputRows[l]!, rows, this.#weights[l]!, z, fanOut);
      } else {
        multiply(input, this.#weights[l]!, z, rows, fanIn, fanOut);
      }
      addBias(z, this.#biases[l]!, rows, fanOut);
      if (l === this.#layers - 1) {
        activateOutput(objective, z, rows, fanOut);
        break;
      }
      let nonZero = activateInPlace(activation, z, rows * fanOut);
      input = z;
      if (random && this.dropout > 0) {
        nonZero = this.#dropOut(l, rows * fanOut, random);
        input = this.#fed[l]!;
      }
      density = nonZero / (rows * fanOut);
    }
    return this.output;
  }

  /**
   * Gradients of (summed loss + alpha/2 · ‖W‖²) / rows into `gradients`, for the batch of the
   * last forward pass; `outputDelta` must hold d(loss)/d(raw output) per row.
   */
  backward(x: Float32Array, rows: number, alpha: number): void {
    const { sizes, activation } = this.shape;
    let deltaDensity = 1;
    for (let l = this.#layers - 1; l >= 0; l--) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const input = l === 0 ? x : this.#fed[l - 1]!;
      const delta = this.#deltas[l]!;
      const gradient = this.#weightGradients[l]!;
      if (this.#inputDensity[l]! < SPARSE_BELOW) {
        compressColumns(input, rows, fanIn, this.#compressed);
        multiplyCompressed(this.#compressed, fanIn, delta, gradient, fanOut);
      } else {
        multiplyTransposedA(input, delta, gradient, rows, fanIn, fanOut);
      }
      const w = this.#weights[l]!;
      for (let i = 0; i < gradient.length; i++) {
        gradient[i] = (gradient[i]! + alpha * w[i]!) / rows;
      }
      columnMeans(delta, this.#biasGradients[l]!, rows, fanOut);
      if (l === 0) break;
      const previous = this.#deltas[l - 1]!;
      if (deltaDensity < SPARSE_BELOW && this.#inputDensity[l]! < SPARSE_BELOW) {
        compressRows(delta, rows, fanOut, this.#compressed);
        multiplyTransposedWhereActive(
          this.#compressed,
          this.#inputRows[l]!,
          rows,
          w,
          previous,
          fanIn,
          fanOut,
        );
      } else {
        const wT = this.#transposed;
        transpose(w, wT, fanIn, fanOut);
        multiply(delta, wT, previous, rows, fanOut, fanIn);
      }
      const cells = rows * fanIn;
      if (this.#fed[l - 1] !== this.#activated[l - 1]) {
        const scale = this.#dropoutScale[l - 1]!;
        for (let i = 0; i < cells; i++) previous[i] = previous[i]! * scale[i]!;
      }
      deltaDensity =
        multiplyByDerivative(activation, this.#activated[l - 1]!, previous, cells) / cells;
    }
  }

  /** Sum of squared weights (biases excluded), for the L2 term of the loss. */
  squaredWeights(): number {
    let sum = 0;
    for (const w of this.#weights) for (let i = 0; i < w.length; i++) sum += w[i]! * w[i]!;
    return sum;
  }

  #dropOut(l: number, cells: number, random: () => number): number {
    const keep = 1 - this.dropout;
    const scaleUp = 1 / keep;
    const scale = this.#dropoutScale[l]!;
    const from = this.#activated[l]!;
    const to = this.#fed[l]!;
    let nonZero = 0;
    for (let i = 0; i < cells; i++) {
      const s = random() < keep ? scaleUp : 0;
      scale[i] = s;
      const v = from[i]! * s;
      to[i] = v;
      nonZero += +(v !== 0);
    }
    return nonZero;
  }
}

function addBias(z: Float32Array, bias: Float32Array, rows: number, units: number): void {
  for (let r = 0, o = 0; r < rows; r++, o += units) {
    for (let j = 0; j < units; j++) z[o + j] = z[o + j]! + bias[j]!;
  }
}

function columnMeans(a: Float32Array, out: Float32Array, rows: number, units: number): void {
  for (let j = 0; j < units; j++) {
    let sum = 0;
    for (let r = 0, p = j; r < rows; r++, p += units) sum += a[p]!;
    out[j] = sum / rows;
  }
}

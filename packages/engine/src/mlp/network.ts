import { activateInPlace, multiplyByDerivative } from './activations.js';
import { createMlpKernels, type MlpKernelChoice } from './choose-kernels.js';
import { transpose } from './dense-kernels.js';
import type { MlpKernels } from './kernels.js';
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

// Below this share of non-zeros the compressed kernels beat the dense JavaScript ones.
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
 * once here, by the kernels (in WebAssembly memory for SIMD), so a training step allocates and
 * copies nothing. `parameters` is one flat Float32Array (the optimizer updates it in one loop);
 * the per-layer arrays are views into it.
 */
export class Network {
  readonly parameters: Float32Array;
  readonly gradients: Float32Array;
  readonly kernels: MlpKernels;
  readonly #weights: Float32Array[] = [];
  readonly #biases: Float32Array[] = [];
  readonly #weightGradients: Float32Array[] = [];
  readonly #biasGradients: Float32Array[] = [];
  /** The batch of the last forward pass, copied in so the kernels can address it. */
  readonly #input: Float32Array;
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
  /** Input density below which the compressed kernels run; 0 where they never pay. */
  readonly #sparseBelow: number;
  readonly #layers: number;

  constructor(
    readonly shape: NetworkShape,
    readonly maxRows: number,
    readonly dropout = 0,
    kernels: MlpKernelChoice = 'auto',
  ) {
    const { sizes } = shape;
    const layout = parameterLayout(sizes);
    this.#layers = sizes.length - 1;
    this.kernels = createMlpKernels(kernels);
    const sparse = this.kernels.sparseHelps;
    this.#sparseBelow = sparse ? SPARSE_BELOW : 0;
    let widest = 0;
    let largestLayer = 0;
    const perLayer: number[] = [];
    for (let l = 0; l < this.#layers; l++) {
      widest = Math.max(widest, sizes[l]!, sizes[l + 1]!);
      largestLayer = Math.max(largestLayer, sizes[l]! * sizes[l + 1]!);
      const cells = maxRows * sizes[l + 1]!;
      const drops = l < this.#layers - 1 && dropout > 0;
      // Activated, delta, and with dropout the dropped-out copy and its scale.
      perLayer.push(cells, cells, drops ? cells : 0, drops ? cells : 0);
    }
    const [parameters, gradients, input, transposed, ...layerBuffers] = this.kernels.allocate([
      layout.total,
      layout.total,
      maxRows * sizes[0]!,
      largestLayer,
      ...perLayer,
    ]);
    this.parameters = parameters!;
    this.gradients = gradients!;
    this.#input = input!;
    this.#transposed = transposed!;
    for (let l = 0; l < this.#layers; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const w = layout.weights[l]!;
      const b = layout.biases[l]!;
      this.#weights.push(this.parameters.subarray(w, w + fanIn * fanOut));
      this.#biases.push(this.parameters.subarray(b, b + fanOut));
      this.#weightGradients.push(this.gradients.subarray(w, w + fanIn * fanOut));
      this.#biasGradients.push(this.gradients.subarray(b, b + fanOut));
      const [activated, delta, fed, scale] = layerBuffers.slice(4 * l, 4 * l + 4);
      this.#activated.push(activated!);
      this.#deltas.push(delta!);
      this.#fed.push(fed!.length > 0 ? fed! : activated!);
      this.#dropoutScale.push(scale!);
      const compressed = sparse && l > 0;
      this.#inputRows.push(
        allocateCompressedRows(compressed ? maxRows : 0, compressed ? maxRows * fanIn : 0),
      );
    }
    this.#compressed = sparse
      ? allocateCompressedRows(Math.max(maxRows, widest), maxRows * widest)
      : allocateCompressedRows(0, 0);
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
    const { kernels } = this;
    this.#input.set(x.subarray(0, rows * sizes[0]!));
    let input = this.#input;
    let density = 1;
    for (let l = 0; l < this.#layers; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const z = this.#activated[l]!;
      this.#inputDensity[l] = density;
      if (density < this.#sparseBelow) {
        compressRows(input, rows, fanIn, this.#inputRows[l]!);
        multiplyCompressed(this.#inputRows[l]!, rows, this.#weights[l]!, z, fanOut);
      } else {
        kernels.multiply(input, this.#weights[l]!, z, rows, fanIn, fanOut);
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
  backward(rows: number, alpha: number): void {
    const { sizes, activation } = this.shape;
    const { kernels } = this;
    let deltaDensity = 1;
    for (let l = this.#layers - 1; l >= 0; l--) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const input = l === 0 ? this.#input : this.#fed[l - 1]!;
      const delta = this.#deltas[l]!;
      const gradient = this.#weightGradients[l]!;
      if (this.#inputDensity[l]! < this.#sparseBelow) {
        compressColumns(input, rows, fanIn, this.#compressed);
        multiplyCompressed(this.#compressed, fanIn, delta, gradient, fanOut);
      } else {
        kernels.multiplyTransposedA(input, delta, gradient, rows, fanIn, fanOut);
      }
      const w = this.#weights[l]!;
      for (let i = 0; i < gradient.length; i++) {
        gradient[i] = (gradient[i]! + alpha * w[i]!) / rows;
      }
      columnMeans(delta, this.#biasGradients[l]!, rows, fanOut);
      if (l === 0) break;
      const previous = this.#deltas[l - 1]!;
      if (deltaDensity < this.#sparseBelow && this.#inputDensity[l]! < this.#sparseBelow) {
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
        kernels.multiply(delta, wT, previous, rows, fanOut, fanIn);
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

import { lossFor, type Loss } from './loss.js';
import type { GbdtObjective } from './params.js';
import {
  gradientMaxima,
  quantizeRows,
  type Quantization,
  type QuantizedUnits,
} from './quantize.js';

/**
 * What every thread needs to compute gradients over its share of the rows: the loss, and the
 * training arrays (on shared memory when there are threads). Scores, gradients and hessians are
 * output-major (see `Loss`).
 */
export interface GradientData {
  readonly objective: GbdtObjective;
  readonly numClasses: number;
  readonly huberDelta: number;
  readonly y: Float64Array;
  readonly raw: Float64Array;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
}

/** The loss of `data`'s objective. */
export function lossOf(data: GradientData): Loss {
  return lossFor(data.objective, { numClasses: data.numClasses, huberDelta: data.huberDelta });
}

/**
 * Gradients of rows [from, to) for every output, and per output the chunk's largest |gradient|
 * and hessian, written to `maxima` (two numbers per output).
 */
export function gradientsOfChunk(
  loss: Loss,
  data: GradientData,
  from: number,
  to: number,
  maxima: Float64Array,
): void {
  loss.gradients(data.y, data.raw, data.grad, data.hess, from, to);
  const n = data.y.length;
  for (let out = 0; out < loss.numOutputs; out++) {
    const [g, h] = gradientMaxima(data.grad, data.hess, out * n + from, out * n + to);
    maxima[2 * out] = g;
    maxima[2 * out + 1] = h;
  }
}

/** Quantises output `out`'s gradients of rows [from, to) into `packed`. */
export function quantizeChunk(
  data: GradientData,
  out: number,
  packed: Float64Array,
  q: Quantization,
  units: QuantizedUnits,
  seed: number,
  from: number,
  to: number,
): void {
  const n = data.y.length;
  const grad = data.grad.subarray(out * n, (out + 1) * n);
  const hess = data.hess.subarray(out * n, (out + 1) * n);
  quantizeRows(grad, hess, packed, q, units, seed, from, to);
}

/** Splits rows [start, end) into `parts` near-equal contiguous chunks; returns chunk `part`. */
export function rowChunk(
  start: number,
  end: number,
  part: number,
  parts: number,
): [number, number] {
  const length = end - start;
  return [
    start + Math.floor((length * part) / parts),
    start + Math.floor((length * (part + 1)) / parts),
  ];
}

/**
 * Quantised gradients, as LightGBM 4's quantized training: each tree sees every row's gradient and
 * hessian as small integers (stochastically rounded, so sums stay unbiased), packed into ONE
 * float64 as `grad · 2^shift + hess`. A histogram bin is then a single float64 add instead of two,
 * and since integer sums below 2^53 are exact in any order, histograms (and trees) no longer depend
 * on how rows are split between threads. Leaf values are still computed from the exact gradients.
 */
import { EngineInputError } from '../errors.js';

/** How one training run packs quantised gradients: a sum unpacks as grad · scale + hess. */
export interface Quantization {
  /** Gradients round to integers in [−levels, levels], hessians to [0, levels]. */
  readonly levels: number;
  /** 2^shift: the hessian sum of any set of rows stays below it. */
  readonly scale: number;
}

/** Per-tree units of the integers: gradient = integer · gradUnit, likewise the hessian. */
export interface QuantizedUnits {
  readonly gradUnit: number;
  readonly hessUnit: number;
}

// Finer than this gains nothing measurable over float64 sums for the split search.
const MAX_LEVELS = 1 << 15;
const EXACT_INTEGERS = 2 ** 53;

/**
 * The finest quantisation whose packed sums over `numRows` rows stay exact integers: hessian sums
 * need log2(numRows · levels) bits below the gradient's, and both together at most 53.
 */
export function quantizationFor(numRows: number): Quantization {
  for (let levels = MAX_LEVELS; levels >= 1; levels /= 2) {
    const maxHess = numRows * levels;
    let scale = 1;
    while (scale <= maxHess) scale *= 2;
    if ((maxHess + 1) * scale <= EXACT_INTEGERS / 2) return { levels, scale };
  }
  throw new EngineInputError('table', `has ${numRows} training rows; at most 2^25 are supported`);
}

/** The quantised gradient of a packed sum (an integer; multiply by `gradUnit`). */
export function packedGrad(sum: number, q: Quantization): number {
  return Math.floor(sum / q.scale);
}

/** The quantised hessian of a packed sum (an integer; multiply by `hessUnit`). */
export function packedHess(sum: number, q: Quantization): number {
  return sum - Math.floor(sum / q.scale) * q.scale;
}

/** Largest |gradient| and hessian of rows [from, to), for `unitsFor`. */
export function gradientMaxima(
  grad: Float64Array,
  hess: Float64Array,
  from: number,
  to: number,
): [number, number] {
  let maxGrad = 0;
  let maxHess = 0;
  for (let i = from; i < to; i++) {
    maxGrad = Math.max(maxGrad, Math.abs(grad[i]!));
    maxHess = Math.max(maxHess, hess[i]!);
  }
  return [maxGrad, maxHess];
}

/** Units that map the largest |gradient| and hessian to `levels`. */
export function unitsFor(maxGrad: number, maxHess: number, q: Quantization): QuantizedUnits {
  return {
    gradUnit: maxGrad > 0 ? maxGrad / q.levels : 1,
    hessUnit: maxHess > 0 ? maxHess / q.levels : 1,
  };
}

/**
 * Writes the packed quantised gradient and hessian of rows [from, to) to `packed`. Rounding is
 * stochastic, from a hash of (seed, row): the same on every thread and platform, so a run stays
 * deterministic however its rows are shared out.
 */
export function quantizeRows(
  grad: Float64Array,
  hess: Float64Array,
  packed: Float64Array,
  q: Quantization,
  units: QuantizedUnits,
  seed: number,
  from: number,
  to: number,
): void {
  const levels = q.levels;
  const toGrad = 1 / units.gradUnit;
  const toHess = 1 / units.hessUnit;
  const gradSeed = mix(seed ^ 0x68e31da4);
  const hessSeed = mix(seed ^ 0x1b56c4e9);
  for (let i = from; i < to; i++) {
    // Uniform draws in [0, 1): floor(x + u) rounds x up with probability frac(x).
    const ug = (mix(i ^ gradSeed) >>> 0) * 2 ** -32;
    const uh = (mix(i ^ hessSeed) >>> 0) * 2 ** -32;
    // Clamped: x · (1 / unit) may exceed the level count by an ulp.
    const g = Math.min(levels, Math.max(-levels, Math.floor(grad[i]! * toGrad + ug)));
    const h = Math.min(levels, Math.max(0, Math.floor(hess[i]! * toHess + uh)));
    packed[i] = g * q.scale + h;
  }
}

/** Quantises every row (see `quantizeRows`) and returns the units. */
export function quantizeGradients(
  grad: Float64Array,
  hess: Float64Array,
  packed: Float64Array,
  q: Quantization,
  seed: number,
): QuantizedUnits {
  const units = unitsFor(...gradientMaxima(grad, hess, 0, grad.length), q);
  quantizeRows(grad, hess, packed, q, units, seed, 0, grad.length);
  return units;
}

// murmur3's 32-bit finaliser: a cheap hash whose bits look uniform even for consecutive inputs.
function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

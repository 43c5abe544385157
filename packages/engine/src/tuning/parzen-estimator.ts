import {
  sampleTruncatedNormal,
  truncatedNormalLogMass,
  truncatedNormalLogPdf,
} from './truncated-normal.js';

/** Settings shared by every Parzen estimator of a TPE sampler. */
export interface ParzenSettings {
  /** Weight of the prior kernel (a broad one over the whole range), 1 as in Optuna/hyperopt. */
  readonly priorWeight: number;
}

/** Mixture of truncated normals over a numeric parameter's sampling line. */
export interface NumericParzen {
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** Mixture weights, summing to 1. */
  readonly weights: Float64Array;
  readonly low: number;
  readonly high: number;
}

/**
 * One kernel per observation plus a prior kernel at the middle of the range. A kernel's width is
 * the larger gap to its sorted neighbours (the outermost use their inner gap), clipped to
 * [range / min(100, kernels + 1), range] so a cluster of observations cannot collapse to a spike.
 */
export function fitNumericParzen(
  observations: readonly number[],
  observationWeights: readonly number[],
  low: number,
  high: number,
  settings: ParzenSettings,
): NumericParzen {
  const n = observations.length;
  const range = high - low;
  const mus = Float64Array.from([...observations, 0.5 * (low + high)]);
  const order = Array.from(mus.keys()).sort((a, b) => mus[a]! - mus[b]! || a - b);
  const sorted = [low, ...order.map((i) => mus[i]!), high];
  const sigmas = new Float64Array(n + 1);
  order.forEach((i, rank) => {
    const j = rank + 1;
    let sigma = Math.max(sorted[j]! - sorted[j - 1]!, sorted[j + 1]! - sorted[j]!);
    // The outermost kernels ignore the range ends, which would inflate them.
    if (sorted.length >= 4 && rank === 0) sigma = sorted[2]! - sorted[1]!;
    if (sorted.length >= 4 && rank === order.length - 1) sigma = sorted[j]! - sorted[j - 1]!;
    sigmas[i] = sigma;
  });
  const minSigma = range / Math.min(100, n + 2);
  for (let i = 0; i < n; i++) sigmas[i] = Math.min(range, Math.max(minSigma, sigmas[i]!));
  sigmas[n] = range;
  return { mus, sigmas, weights: mixtureWeights(observationWeights, settings), low, high };
}

/** Draws one value: a kernel by weight, then a point from it. */
export function sampleNumericParzen(p: NumericParzen, random: () => number): number {
  const k = pickByWeight(p.weights, random());
  return sampleTruncatedNormal(p.mus[k]!, p.sigmas[k]!, p.low, p.high, random);
}

/**
 * Log density at x, or for an integer parameter the log probability of the cell [a, b] that
 * rounds to its value.
 */
export function numericParzenLogDensity(
  p: NumericParzen,
  x: number,
  cell?: [number, number],
): number {
  const terms = Array.from(p.mus, (mu, k) => {
    const sigma = p.sigmas[k]!;
    const logKernel = cell
      ? truncatedNormalLogMass(cell[0], cell[1], mu, sigma, p.low, p.high)
      : truncatedNormalLogPdf(x, mu, sigma, p.low, p.high);
    return Math.log(p.weights[k]!) + logKernel;
  });
  return logSumExp(terms);
}

/**
 * Probabilities of each choice: each observation's kernel puts most of its mass on its own choice
 * and spreads priorWeight / (n + 1) over all; the prior kernel is uniform.
 */
export function fitCategoricalParzen(
  observations: readonly number[],
  observationWeights: readonly number[],
  numChoices: number,
  settings: ParzenSettings,
): Float64Array {
  const n = observations.length;
  const weights = mixtureWeights(observationWeights, settings);
  const spread = settings.priorWeight / (n + 1);
  const probabilities = new Float64Array(numChoices).fill(weights[n]! / numChoices);
  observations.forEach((choice, i) => {
    const total = 1 + spread * numChoices;
    for (let c = 0; c < numChoices; c++) {
      probabilities[c]! += (weights[i]! * (spread + (c === choice ? 1 : 0))) / total;
    }
  });
  return probabilities;
}

/** Index drawn with probability proportional to `weights`, given a uniform u in [0, 1). */
export function pickByWeight(weights: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  let target = u * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) return i;
  }
  return weights.length - 1;
}

// Observation weights then the prior's, normalised to sum to 1.
function mixtureWeights(
  observationWeights: readonly number[],
  settings: ParzenSettings,
): Float64Array {
  const weights = Float64Array.from([...observationWeights, settings.priorWeight]);
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}

function logSumExp(terms: readonly number[]): number {
  const max = Math.max(...terms);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(terms.reduce((a, t) => a + Math.exp(t - max), 0));
}

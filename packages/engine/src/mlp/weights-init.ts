import type { Network } from './network.js';
import type { MlpActivation } from './params.js';

/** Independent random streams of one seed, so that no choice shifts another's numbers. */
export const Streams = { init: 1, validation: 2, epoch: 3 } as const;

/** Seed of stream `stream`, index `index` (an epoch number), derived from the run's `seed`. */
export function streamSeed(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Glorot-uniform initialisation as scikit-learn does it: weights and biases of layer l uniform in
 * ±sqrt(f / (fanIn + fanOut)), f = 2 for sigmoid hidden units and 6 otherwise, weights first.
 */
export function initialiseWeights(
  network: Network,
  sizes: readonly number[],
  activation: MlpActivation,
  random: () => number,
): void {
  const factor = activation === 'sigmoid' ? 2 : 6;
  for (let l = 0; l < sizes.length - 1; l++) {
    const bound = Math.sqrt(factor / (sizes[l]! + sizes[l + 1]!));
    for (const values of [network.weights(l), network.biases(l)]) {
      for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * bound;
    }
  }
}

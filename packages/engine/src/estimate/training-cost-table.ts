import type { Algorithm } from '../model.js';

/** Fitted seconds per unit of each cost term, and the spread of measured / estimated time. */
export interface CostCoefficients {
  /** Seconds per unit, by term name (see `trainingCostTerms`). */
  readonly perUnit: Readonly<Record<string, number>>;
  /** Measured ÷ estimated time at the low and high end seen in calibration (e.g. 0.7, 1.4). */
  readonly low: number;
  readonly high: number;
}

/**
 * Calibrated by bench/training/estimate.mjs on 2026-12-03 (one thread of the shared 2-core bench
 * machine, CPU seconds; held-out error in bench/results/training-estimate.json). A zero means the
 * fit found no weight for that term. Paste the bench's printed table here after re-running it.
 */
export const TRAINING_COST: Readonly<Record<Algorithm, CostCoefficients>> = {
  gbdt: {
    perUnit: {
      constant: 0.02042,
      binning: 3.265e-7,
      histograms: 3.725e-9,
      rowUpdates: 1.738e-7,
      splitSearch: 3.616e-8,
    },
    low: 0.851,
    high: 1.403,
  },
  forest: {
    perUnit: { constant: 0.003216, binning: 0, histograms: 2.97e-8, splitSearch: 7.79e-8 },
    low: 0.762,
    high: 1.71,
  },
  tree: {
    perUnit: { constant: 0.0007604, binning: 0, histograms: 5.081e-8, splitSearch: 1.703e-8 },
    low: 0.846,
    high: 1.497,
  },
  linear: {
    perUnit: {
      constant: 0.0001712,
      preprocessing: 6.904e-8,
      gradientPasses: 1.982e-9,
      normalEquations: 2.486e-8,
    },
    low: 0.803,
    high: 1.353,
  },
  mlp: {
    perUnit: {
      constant: 0.000241,
      preprocessing: 2.429e-7,
      forwardBackward: 0,
      activations: 3.23e-8,
      optimizerSteps: 5.075e-7,
    },
    low: 0.844,
    high: 1.394,
  },
};

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
 * Calibrated by bench/training/estimate.mjs (one thread of this repository's 2-core bench
 * machine, CPU seconds); paste its printed table here after re-running it.
 */
export const TRAINING_COST: Readonly<Record<Algorithm, CostCoefficients>> = {
  gbdt: {
    perUnit: {
      constant: 0.01,
      binning: 5e-8,
      histograms: 5e-9,
      rowUpdates: 2e-8,
      splitSearch: 1e-9,
    },
    low: 0.5,
    high: 2,
  },
  forest: {
    perUnit: { constant: 0.01, binning: 5e-8, histograms: 1e-8, splitSearch: 1e-7 },
    low: 0.5,
    high: 2,
  },
  tree: {
    perUnit: { constant: 0.01, binning: 5e-8, histograms: 1e-8, splitSearch: 1e-7 },
    low: 0.5,
    high: 2,
  },
  linear: {
    perUnit: { constant: 0.01, gradientPasses: 1e-9, normalEquations: 1e-9 },
    low: 0.5,
    high: 2,
  },
  mlp: {
    perUnit: { constant: 0.01, forwardBackward: 3e-9, optimizerSteps: 1e-8 },
    low: 0.5,
    high: 2,
  },
};

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
 * Calibrated by bench/training/estimate.mjs on 2026-12-03: 15 runs per algorithm on synthetic
 * tables with 0–80 % of their features categorical, one thread of the shared 2-core bench machine
 * at load ~23, CPU seconds; held-out error in bench/results/training-estimate.json. A zero means
 * the fit found no weight for that term. Paste the bench's printed table here after re-running it.
 */
export const TRAINING_COST: Readonly<Record<Algorithm, CostCoefficients>> = {
  gbdt: {
    perUnit: {
      constant: 0.02452,
      binning: 0,
      histograms: 3.659e-9,
      rowUpdates: 2.17e-7,
      splitSearch: 2.43e-8,
    },
    low: 0.913,
    high: 1.263,
  },
  forest: {
    perUnit: {
      constant: 0.038,
      binning: 0,
      histograms: 2.745e-8,
      splitSearch: 9.753e-8,
    },
    low: 0.862,
    high: 1.176,
  },
  tree: {
    perUnit: {
      constant: 0.01489,
      binning: 0,
      histograms: 3.881e-8,
      splitSearch: 2.426e-8,
    },
    low: 0.819,
    high: 1.895,
  },
  // Refitted 2026-12-03 18:00 on 24 runs whose iteration budget was drawn (maxIter 2–200 in 3 of
  // 4): at the default budget alone gradientPasses could not be told from preprocessing. Held out,
  // median 60 %, p90 73 % (the previous row: 59 %, p90 624 % on the same runs).
  linear: {
    perUnit: {
      constant: 0.004179,
      preprocessing: 4.107e-8,
      gradientPasses: 1.772e-9,
      normalEquations: 0,
    },
    low: 0.75,
    high: 2.8,
  },
  mlp: {
    perUnit: {
      constant: 0.0029,
      preprocessing: 0,
      forwardBackward: 0,
      activations: 2.825e-8,
      optimizerSteps: 1.264e-7,
    },
    low: 0.773,
    high: 3.695,
  },
};

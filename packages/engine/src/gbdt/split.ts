import { BIN_STRIDE, type HistogramLayout } from './histogram.js';

/** The best split of one node: value bins <= `bin` go left, missing values follow `defaultLeft`. */
export interface SplitCandidate {
  readonly gain: number;
  readonly feature: number;
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly gradLeft: number;
  readonly hessLeft: number;
  readonly countLeft: number;
}

/** Limits a split must respect. */
export interface SplitConstraints {
  readonly minSamplesLeaf: number;
  readonly minHessian: number;
  readonly l2: number;
  readonly minGain: number;
}

/** Scans every feature's histogram for the split of highest gain; null when none is allowed. */
export function findBestSplit(
  hist: Float64Array,
  layout: HistogramLayout,
  sumGrad: number,
  sumHess: number,
  count: number,
  limits: SplitConstraints,
): SplitCandidate | null {
  const { minSamplesLeaf, minHessian, l2 } = limits;
  const parentScore = (sumGrad * sumGrad) / (sumHess + l2);
  let bestGain = limits.minGain;
  let best: SplitCandidate | null = null;
  // Strict ">" keeps the first of equal gains (lowest feature, then lowest bin): deterministic.
  const consider = (
    feature: number,
    bin: number,
    defaultLeft: boolean,
    gL: number,
    hL: number,
    cL: number,
  ): void => {
    const cR = count - cL;
    const hR = sumHess - hL;
    if (cL < minSamplesLeaf || cR < minSamplesLeaf || hL < minHessian || hR < minHessian) return;
    const gR = sumGrad - gL;
    const gain = (gL * gL) / (hL + l2) + (gR * gR) / (hR + l2) - parentScore;
    if (gain > bestGain) {
      bestGain = gain;
      best = { gain, feature, bin, defaultLeft, gradLeft: gL, hessLeft: hL, countLeft: cL };
    }
  };
  for (let f = 0; f < layout.numBins.length; f++) {
    const numBins = layout.numBins[f]!;
    const base = layout.offsets[f]! * BIN_STRIDE;
    const missing = base + numBins * BIN_STRIDE;
    const gM = hist[missing]!;
    const hM = hist[missing + 1]!;
    const cM = hist[missing + 2]!;
    let gL = 0;
    let hL = 0;
    let cL = 0;
    for (let b = 0; b < numBins - 1; b++) {
      const k = base + b * BIN_STRIDE;
      gL += hist[k]!;
      hL += hist[k + 1]!;
      cL += hist[k + 2]!;
      if (cL === 0) continue;
      if (cM === 0) {
        // No missing values here: at predict time they join the child that saw more rows.
        consider(f, b, cL >= count - cL, gL, hL, cL);
      } else {
        consider(f, b, false, gL, hL, cL);
        consider(f, b, true, gL + gM, hL + hM, cL + cM);
      }
    }
    // Missing values alone on the right: splits "has a value" from "is missing".
    if (cM > 0 && numBins > 0)
      consider(f, numBins - 1, false, sumGrad - gM, sumHess - hM, count - cM);
  }
  return best;
}

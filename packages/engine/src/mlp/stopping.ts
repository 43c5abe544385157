/** scikit-learn's stopping bookkeeping; plain JSON so a checkpoint can carry it. */
export interface StoppingState {
  /** Best training loss (lowest) or validation score (highest) so far; null before epoch 1. */
  best: number | null;
  /** Consecutive epochs that failed to improve on `best` by `tol`. */
  noImprovement: number;
  /** Epoch that set `best` (its weights are kept when early stopping). */
  bestEpoch: number;
}

/** A fresh state, before the first epoch. */
export function initialStopping(): StoppingState {
  return { best: null, noImprovement: 0, bestEpoch: 0 };
}

/**
 * Records one epoch's figure as scikit-learn's `_update_no_improvement_count` does: the training
 * loss must fall below best − tol, or the validation score rise above best + tol. Returns true
 * when this epoch is the new best.
 */
export function recordEpoch(
  state: StoppingState,
  epoch: number,
  value: number,
  higherIsBetter: boolean,
  tol: number,
): boolean {
  const best = state.best ?? (higherIsBetter ? -Infinity : Infinity);
  const improvedByTol = higherIsBetter ? value >= best + tol : value <= best - tol;
  state.noImprovement = improvedByTol ? 0 : state.noImprovement + 1;
  const isBest = higherIsBetter ? value > best : value < best;
  if (isBest) {
    state.best = value;
    state.bestEpoch = epoch;
  }
  return isBest;
}

/** scikit-learn stops once more than `nIterNoChange` epochs in a row failed to improve. */
export function shouldStop(state: StoppingState, nIterNoChange: number): boolean {
  return state.noImprovement > nIterNoChange;
}

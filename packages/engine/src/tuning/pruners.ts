import type {
  Direction,
  MedianPrunerConfig,
  PrunerConfig,
  SuccessiveHalvingPrunerConfig,
  TrialRecord,
} from './study-state.js';

/** Defaults of the median pruner (Optuna's). */
export const MEDIAN_DEFAULTS = { nStartupTrials: 5, nWarmupSteps: 0, nMinTrials: 1 } as const;
/** Defaults of successive halving (Optuna's, with the first rung after one step). */
export const HALVING_DEFAULTS = {
  minResource: 1,
  reductionFactor: 4,
  minEarlyStoppingRate: 0,
} as const;

/**
 * Decides, right after `trial` reported a value, whether to stop it. Successive halving records
 * the rungs the trial reaches, so call this once per report.
 */
export function shouldPrune(
  pruner: PrunerConfig,
  trial: TrialRecord,
  trials: readonly TrialRecord[],
  direction: Direction,
): boolean {
  const last = trial.intermediate[trial.intermediate.length - 1];
  if (!last) return false;
  return pruner.type === 'median'
    ? medianSaysPrune(pruner, trial, last.step, trials, direction)
    : halvingSaysPrune(pruner, trial, last.step, last.value, trials, direction);
}

function medianSaysPrune(
  config: MedianPrunerConfig,
  trial: TrialRecord,
  step: number,
  trials: readonly TrialRecord[],
  direction: Direction,
): boolean {
  const completed = trials.filter((t) => t.state === 'complete');
  if (completed.length < (config.nStartupTrials ?? MEDIAN_DEFAULTS.nStartupTrials)) return false;
  if (step < (config.nWarmupSteps ?? MEDIAN_DEFAULTS.nWarmupSteps)) return false;
  // NaN reports are skipped, as numpy's nanmin does; a trial with nothing but NaN is pruned.
  const values = trial.intermediate.map((v) => v.value).filter((v) => !Number.isNaN(v));
  if (values.length === 0) return true;
  const best = direction === 'minimize' ? Math.min(...values) : Math.max(...values);
  const atStep = completed.flatMap((t) => t.intermediate.filter((v) => v.step === step));
  if (atStep.length < (config.nMinTrials ?? MEDIAN_DEFAULTS.nMinTrials)) return false;
  const others = atStep.map((v) => v.value).filter((v) => !Number.isNaN(v));
  if (others.length === 0) return false;
  const m = median(others);
  return direction === 'minimize' ? best > m : best < m;
}

function halvingSaysPrune(
  config: SuccessiveHalvingPrunerConfig,
  trial: TrialRecord,
  step: number,
  value: number,
  trials: readonly TrialRecord[],
  direction: Direction,
): boolean {
  const minResource = config.minResource ?? HALVING_DEFAULTS.minResource;
  const factor = config.reductionFactor ?? HALVING_DEFAULTS.reductionFactor;
  const rate = config.minEarlyStoppingRate ?? HALVING_DEFAULTS.minEarlyStoppingRate;
  for (let rung = trial.rungs.length; ; rung++) {
    if (step < minResource * factor ** (rate + rung)) return false;
    if (Number.isNaN(value)) return true;
    const competing = trials.flatMap((t) =>
      t !== trial && t.rungs.length > rung ? [t.rungs[rung]!] : [],
    );
    competing.push(value);
    trial.rungs.push(value);
    if (!promotable(value, competing, factor, direction)) return true;
  }
}

// In the best 1/factor of the values at a rung; while fewer than `factor` trials got there, only
// the best so far continues (trials cannot be paused to wait for more).
function promotable(
  value: number,
  competing: number[],
  factor: number,
  direction: Direction,
): boolean {
  const index = Math.max(0, Math.floor(competing.length / factor) - 1);
  competing.sort((a, b) => a - b);
  return direction === 'maximize'
    ? value >= competing[competing.length - 1 - index]!
    : value <= competing[index]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

import type { AutoMlAlgorithm, AutoMlLeaderboardEntry, AutoMlTrial } from './types.js';

// Which standing fills each slot of a round: the leader twice, the runners-up once each. A fixed
// round size keeps the plan independent of how many trials run at once.
const SLOT_STANDINGS = [0, 0, 1, 2] as const;

/** Orders trials best first: complete ones by score, then lower loss, then earlier. */
export function compareTrials(a: AutoMlTrial, b: AutoMlTrial): number {
  const aDone = a.status === 'complete';
  const bDone = b.status === 'complete';
  if (aDone !== bDone) return aDone ? -1 : 1;
  if (aDone && a.score !== b.score) return b.score! - a.score!;
  if (aDone && a.loss !== b.loss) return a.loss! - b.loss!;
  return a.number - b.number;
}

/** The trials ranked best first. */
export function leaderboardOf(trials: readonly AutoMlTrial[]): AutoMlLeaderboardEntry[] {
  return [...trials].sort(compareTrials).map((trial, i) => ({ rank: i + 1, ...trial }));
}

/** A planned trial: an algorithm's defaults, or a point its search proposes. */
export interface PlannedSlot {
  readonly algorithm: AutoMlAlgorithm;
  readonly baseline: boolean;
}

/**
 * The next round: first every algorithm's defaults, then tuned trials for the algorithms in the
 * lead (the leader gets half the round). An algorithm none of whose trials completed drops out,
 * and so, for this round, does one whose trials no longer `fit` in the time left.
 */
export function planRound(
  algorithms: readonly AutoMlAlgorithm[],
  trials: readonly AutoMlTrial[],
  fits: (algorithm: AutoMlAlgorithm) => boolean,
): PlannedSlot[] {
  const untried = algorithms.filter((a) => fits(a) && !trials.some((t) => t.algorithm === a));
  if (untried.length > 0) return untried.map((algorithm) => ({ algorithm, baseline: true }));
  const standings: AutoMlAlgorithm[] = [];
  for (const trial of leaderboardOf(trials)) {
    const { status, algorithm } = trial;
    if (status === 'complete' && !standings.includes(algorithm) && fits(algorithm)) {
      standings.push(algorithm);
    }
  }
  if (standings.length === 0) return [];
  return SLOT_STANDINGS.map((s) => ({ algorithm: standings[s] ?? standings[0]!, baseline: false }));
}

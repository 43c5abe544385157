import { describe, expect, it } from 'vitest';
import { leaderboardOf, planRound } from '../leaderboard.js';
import type { AutoMlAlgorithm, AutoMlTrial, AutoMlTrialStatus } from '../types.js';

let next = 0;
function trial(
  algorithm: AutoMlAlgorithm,
  status: AutoMlTrialStatus,
  score: number | null = null,
  loss: number | null = null,
): AutoMlTrial {
  return {
    number: next++,
    algorithm,
    params: {},
    status,
    score,
    loss,
    metric: 'accuracy',
    durationMs: 1,
  };
}

describe('automl leaderboard', () => {
  it('ranks complete trials by score, then lower loss, then earlier; the rest after them', () => {
    const trials = [
      trial('gbdt', 'pruned'),
      trial('linear', 'complete', 0.9, 0.3),
      trial('forest', 'complete', 0.95, 0.4),
      trial('mlp', 'complete', 0.9, 0.2),
      trial('gbdt', 'complete', 0.9, 0.2),
      trial('gbdt', 'failed'),
    ];
    const board = leaderboardOf(trials);
    expect(board.map((t) => [t.rank, t.algorithm, t.status])).toEqual([
      [1, 'forest', 'complete'],
      [2, 'mlp', 'complete'],
      [3, 'gbdt', 'complete'],
      [4, 'linear', 'complete'],
      [5, 'gbdt', 'pruned'],
      [6, 'gbdt', 'failed'],
    ]);
  });

  it('plans the defaults of untried algorithms first, then gives the leader half a round', () => {
    const all = () => true;
    expect(planRound(['linear', 'gbdt'], [], all)).toEqual([
      { algorithm: 'linear', baseline: true },
      { algorithm: 'gbdt', baseline: true },
    ]);
    const trials = [
      trial('linear', 'complete', 0.8, 0.5),
      trial('gbdt', 'complete', 0.9, 0.3),
      trial('forest', 'complete', 0.85, 0.4),
      trial('mlp', 'failed'),
    ];
    const round = planRound(['linear', 'gbdt', 'forest', 'mlp'], trials, all);
    expect(round.map((s) => s.algorithm)).toEqual(['gbdt', 'gbdt', 'forest', 'linear']);
    expect(round.every((s) => !s.baseline)).toBe(true);
  });

  it('leaves out algorithms whose trials no longer fit the time left', () => {
    const trials = [trial('linear', 'complete', 0.8, 0.5), trial('gbdt', 'complete', 0.9, 0.3)];
    const quickOnly = (a: AutoMlAlgorithm) => a !== 'gbdt';
    expect(planRound(['linear', 'gbdt'], trials, quickOnly).map((s) => s.algorithm)).toEqual([
      'linear',
      'linear',
      'linear',
      'linear',
    ]);
    expect(planRound(['linear', 'gbdt'], trials, () => false)).toEqual([]);
  });
});

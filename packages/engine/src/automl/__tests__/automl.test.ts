import { describe, expect, it } from 'vitest';
import { TrainingAbortedError } from '../../errors.js';
import { predict } from '../../model.js';
import { createRandom } from '../../random.js';
import { Table } from '../../table.js';
import { train } from '../../train.js';
import { poolMap } from '../../tuning/tune.js';
import { automl } from '../automl.js';
import type { AutoMlTrial } from '../types.js';

// Synthetic tables where a linear rule plus noise decides the target.
function data(task: 'binary' | 'multiclass' | 'regression', rows = 160, seed = 1): Table {
  const random = createRandom(seed);
  const a = Float64Array.from({ length: rows }, () => random() * 4 - 2);
  const b = Float64Array.from({ length: rows }, () => random() * 4 - 2);
  const noise = Float64Array.from({ length: rows }, () => random() - 0.5);
  const signal = Array.from(a, (x, i) => x + 0.5 * b[i]! + noise[i]!);
  const y =
    task === 'regression'
      ? Float64Array.from(signal, (s) => 3 * s)
      : task === 'binary'
        ? signal.map((s) => (s > 0 ? 'yes' : 'no'))
        : signal.map((s) => (s < -0.7 ? 'low' : s < 0.7 ? 'mid' : 'high'));
  return Table.fromColumns({ a, b, y });
}

const withoutTimes = (trials: readonly AutoMlTrial[]) =>
  trials.map(({ durationMs: _, ...rest }) => rest);

// Each test runs whole searches (ten fits per trial on these small tables).
describe('automl', { timeout: 60_000 }, () => {
  it('ranks every trial best first and refits the winner on all rows (binary)', async () => {
    const table = data('binary');
    const seen: AutoMlTrial[] = [];
    const result = await automl(table, {
      target: 'y',
      timeBudgetMs: 60_000,
      maxTrials: 7,
      onTrial: (t) => seen.push(t),
    });
    expect(result.task).toBe('binary');
    expect(result.metric).toBe('accuracy');
    expect(result.validation).toEqual({ kind: 'kFold', folds: 5, repeats: 2 });
    expect(result.stoppedBy).toBe('maxTrials');
    expect(result.leaderboard).toHaveLength(7);
    expect(seen.map((t) => t.number).sort()).toEqual(
      result.leaderboard.map((t) => t.number).sort(),
    );
    expect(result.leaderboard.map((t) => t.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const complete = result.leaderboard.filter((t) => t.status === 'complete');
    for (let i = 1; i < complete.length; i++) {
      expect(complete[i]!.score!).toBeLessThanOrEqual(complete[i - 1]!.score!);
    }
    // Defaults of every algorithm that suits 160 rows come first.
    expect(seen.slice(0, 3).map((t) => t.algorithm)).toEqual(['linear', 'forest', 'gbdt']);
    expect(result.best).toEqual(result.leaderboard[0]);
    expect(result.best.score!).toBeGreaterThan(0.8);
    expect(result.spec).toMatchObject({
      target: 'y',
      algorithm: result.best.algorithm,
      task: 'binary',
    });
    const again = await train(result.spec, table);
    expect(predict(again, table).probabilities).toEqual(predict(result.model, table).probabilities);
  });

  it('tunes multiclass targets on accuracy and regression targets on R²', async () => {
    const multi = await automl(data('multiclass', 180), {
      target: 'y',
      timeBudgetMs: 60_000,
      maxTrials: 4,
    });
    expect(multi.task).toBe('multiclass');
    expect(multi.model.target.classes).toEqual(['high', 'low', 'mid']);
    expect(multi.best.score!).toBeGreaterThan(0.7);

    const regression = await automl(data('regression'), {
      target: 'y',
      timeBudgetMs: 60_000,
      maxTrials: 4,
    });
    expect(regression.metric).toBe('r2');
    expect(regression.model.task).toBe('regression');
    // A linear rule: the linear model should lead.
    expect(regression.best.algorithm).toBe('linear');
    expect(regression.best.score!).toBeGreaterThan(0.9);
  });

  it('gives the same leaderboard for a seed, one trial at a time or three at once', async () => {
    const table = data('binary', 120, 7);
    const options = { target: 'y', timeBudgetMs: 600_000, maxTrials: 9, seed: 3 };
    const serial = await automl(table, options);
    const parallel = await automl(table, { ...options, parallel: poolMap(3) });
    expect(withoutTimes(parallel.leaderboard)).toEqual(withoutTimes(serial.leaderboard));
    expect(parallel.spec).toEqual(serial.spec);
    const otherSeed = await automl(table, { ...options, seed: 4 });
    expect(withoutTimes(otherSeed.leaderboard)).not.toEqual(withoutTimes(serial.leaderboard));
  });

  it('starts no trial once the budget is spent (fake clock: each trial takes 1 s)', async () => {
    let clock = 0;
    const result = await automl(data('binary'), {
      target: 'y',
      timeBudgetMs: 3_500,
      now: () => clock,
      onTrial: () => (clock += 1_000),
    });
    // Trials start at 0, 1, 2 and 3 s; at 4 s the 3.5 s budget is spent.
    expect(result.leaderboard).toHaveLength(4);
    expect(result.stoppedBy).toBe('budget');
  });

  it('cancels a running trial when the budget runs out, and keeps the completed ones', async () => {
    let clock = 0;
    let ticking = false;
    const result = await automl(data('binary'), {
      target: 'y',
      algorithms: ['linear', 'gbdt'],
      timeBudgetMs: 1_000,
      // After the first trial every look at the clock costs 10 ms, so GBDT runs past the budget.
      now: () => (ticking ? (clock += 10) : clock),
      onTrial: () => (ticking = true),
    });
    expect(result.leaderboard.map((t) => [t.algorithm, t.status])).toEqual([
      ['linear', 'complete'],
      ['gbdt', 'cancelled'],
    ]);
    expect(result.best.algorithm).toBe('linear');
  });

  it('rejects with TrainingAbortedError when cancelled mid-search or before it starts', async () => {
    const controller = new AbortController();
    await expect(
      automl(data('binary'), {
        target: 'y',
        timeBudgetMs: 60_000,
        signal: controller.signal,
        onTrial: () => controller.abort(),
      }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);
    await expect(
      automl(data('binary'), { target: 'y', timeBudgetMs: 60_000, signal: controller.signal }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);
  });

  it('prunes tuned trials whose running validation loss trails the median', async () => {
    const result = await automl(data('binary', 120, 5), {
      target: 'y',
      algorithms: ['gbdt'],
      timeBudgetMs: 600_000,
      maxTrials: 13,
    });
    const pruned = result.leaderboard.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) expect([t.score, t.loss]).toEqual([null, null]);
  });

  it('names the option at fault', async () => {
    const table = data('binary');
    await expect(automl(table, { target: 'y', timeBudgetMs: 0 })).rejects.toThrow(/timeBudgetMs/);
    await expect(automl(table, { target: 'nope', timeBudgetMs: 1_000 })).rejects.toThrow(/^target/);
    await expect(automl(table, { target: 'y', timeBudgetMs: 1_000, maxTrials: 0 })).rejects.toThrow(
      /maxTrials/,
    );
    await expect(
      automl(table, { target: 'y', timeBudgetMs: 1_000, features: ['a', 'zz'] }),
    ).rejects.toThrow(/features/);
  });
});

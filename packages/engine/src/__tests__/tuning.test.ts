import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { checkSearchSpace, type SearchSpace } from '../tuning/search-space.js';
import { Study } from '../tuning/study.js';
import { TrialPrunedError, tune, type ParallelMap } from '../tuning/tune.js';

const space: SearchSpace = {
  lr: { type: 'logUniform', low: 1e-4, high: 1 },
  leaves: { type: 'int', low: 2, high: 64, log: true },
  depth: { type: 'int', low: 1, high: 8 },
  ratio: { type: 'uniform', low: 0.5, high: 1 },
  booster: { type: 'categorical', choices: ['gbdt', 'dart', true, 3] },
};

function bowl(p: Record<string, unknown>): number {
  return (
    (Math.log10(p.lr as number) + 1.5) ** 2 +
    0.01 * ((p.leaves as number) - 20) ** 2 +
    ((p.depth as number) - 5) ** 2 / 10 +
    (p.booster === 'dart' ? 0 : 0.5)
  );
}

function expectInputError(run: () => unknown, subject: string): void {
  expect(run).toThrow(EngineInputError);
  try {
    run();
  } catch (error) {
    expect((error as EngineInputError).subject).toBe(subject);
  }
}

describe('search space', () => {
  it('rejects bad declarations by parameter name', () => {
    expectInputError(() => checkSearchSpace({}), 'space');
    expectInputError(() => checkSearchSpace({ a: { type: 'uniform', low: 2, high: 1 } }), 'a');
    expectInputError(
      () => checkSearchSpace({ a: { type: 'uniform', low: 0, high: Infinity } }),
      'a',
    );
    expectInputError(() => checkSearchSpace({ a: { type: 'uniform', low: NaN, high: 1 } }), 'a');
    expectInputError(() => checkSearchSpace({ b: { type: 'logUniform', low: 0, high: 1 } }), 'b');
    expectInputError(() => checkSearchSpace({ c: { type: 'int', low: 0.5, high: 3 } }), 'c');
    expectInputError(
      () => checkSearchSpace({ c: { type: 'int', low: 0, high: 3, log: true } }),
      'c',
    );
    expectInputError(() => checkSearchSpace({ d: { type: 'categorical', choices: [] } }), 'd');
    expectInputError(
      () => checkSearchSpace({ d: { type: 'categorical', choices: ['x', 'x'] } }),
      'd',
    );
    expectInputError(() => checkSearchSpace({ d: { type: 'categorical', choices: [NaN] } }), 'd');
    expectInputError(
      () => checkSearchSpace({ e: { type: 'normal' } as unknown as SearchSpace[string] }),
      'e',
    );
  });
});

describe('Study', () => {
  it('proposes values inside the declared space with both samplers', () => {
    for (const sampler of [
      { type: 'random' } as const,
      { type: 'tpe', nStartupTrials: 5 } as const,
    ]) {
      const study = Study.create({ space, sampler, seed: 3 });
      for (let i = 0; i < 30; i++) {
        const { number, params } = study.ask();
        expect(params.lr).toBeGreaterThanOrEqual(1e-4);
        expect(params.lr).toBeLessThanOrEqual(1);
        expect(Number.isInteger(params.leaves) && (params.leaves as number) >= 2).toBe(true);
        expect(params.leaves as number).toBeLessThanOrEqual(64);
        expect([1, 2, 3, 4, 5, 6, 7, 8]).toContain(params.depth);
        expect(params.ratio as number).toBeGreaterThanOrEqual(0.5);
        expect(['gbdt', 'dart', true, 3]).toContain(params.booster);
        study.tell(number, { state: 'complete', value: bowl(params) });
      }
    }
  });

  it('is deterministic for a seed and resumes from JSON exactly where it left off', () => {
    const run = (study: Study, n: number): void => {
      for (let i = 0; i < n; i++) {
        const { number, params } = study.ask();
        study.tell(number, { state: 'complete', value: bowl(params) });
      }
    };
    const straight = Study.create({ space, seed: 11 });
    run(straight, 25);
    const first = Study.create({ space, seed: 11 });
    run(first, 12);
    const resumed = Study.fromJSON(JSON.parse(JSON.stringify(first.toJSON())) as never);
    run(resumed, 13);
    expect(resumed.toJSON()).toEqual(straight.toJSON());
    const other = Study.create({ space, seed: 12 });
    run(other, 1);
    expect(other.trials[0]!.params).not.toEqual(straight.trials[0]!.params);
  });

  it('concentrates TPE proposals near the optimum once past the random start-up trials', () => {
    const study = Study.create({
      space: { x: { type: 'uniform', low: -10, high: 10 } },
      sampler: { type: 'tpe', nStartupTrials: 10 },
      seed: 5,
    });
    const distances: number[] = [];
    for (let i = 0; i < 60; i++) {
      const { number, params } = study.ask();
      distances.push(Math.abs((params.x as number) - 3));
      study.tell(number, { state: 'complete', value: ((params.x as number) - 3) ** 2 });
    }
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(distances.slice(40))).toBeLessThan(mean(distances.slice(0, 10)) / 4);
    expect(Math.abs((study.bestTrial!.params.x as number) - 3)).toBeLessThan(0.1);
  });

  it('keeps the best trial by direction, fails NaN values and guards the trial lifecycle', () => {
    const study = Study.create({ space, direction: 'maximize', sampler: { type: 'random' } });
    const a = study.ask();
    const b = study.ask();
    const c = study.ask();
    study.tell(b.number, { state: 'complete', value: 2 });
    study.tell(a.number, { state: 'complete', value: 5 });
    expect(study.tell(c.number, { state: 'complete', value: NaN }).state).toBe('failed');
    expect(study.bestTrial!.number).toBe(a.number);
    expectInputError(() => study.tell(a.number, { state: 'complete', value: 1 }), 'trial');
    expectInputError(() => study.tell(99, { state: 'pruned' }), 'trial');
    const d = study.ask();
    expect(study.report(d.number, 0, 1)).toBe(false);
    expectInputError(() => study.report(d.number, 0, 1), 'step');
    expectInputError(() => study.report(d.number, -1, 1), 'step');
    expectInputError(() => study.report(d.number, 1.5, 1), 'step');
  });

  it('rejects bad sampler, pruner and state settings by name', () => {
    expectInputError(() => Study.create({ space, seed: -1 }), 'seed');
    expectInputError(() => Study.create({ space, direction: 'up' as never }), 'direction');
    expectInputError(() => Study.create({ space, sampler: { type: 'grid' } as never }), 'sampler');
    expectInputError(
      () => Study.create({ space, sampler: { type: 'tpe', nEiCandidates: 0 } }),
      'nEiCandidates',
    );
    expectInputError(
      () => Study.create({ space, sampler: { type: 'tpe', priorWeight: Infinity } }),
      'priorWeight',
    );
    expectInputError(
      () => Study.create({ space, pruner: { type: 'successiveHalving', reductionFactor: 1 } }),
      'reductionFactor',
    );
    expectInputError(
      () => Study.create({ space, pruner: { type: 'median', nMinTrials: 0 } }),
      'nMinTrials',
    );
    expectInputError(
      () => Study.create({ space, pruner: { type: 'hyperband' } as never }),
      'pruner',
    );
    expectInputError(() => Study.fromJSON({ format: 'other' } as never), 'study');
    const good = Study.create({ space, sampler: { type: 'random' } });
    const { number, params } = good.ask();
    good.tell(number, { state: 'complete', value: 1 });
    const state = good.toJSON();
    const tampered = (change: (t: Record<string, unknown>) => void): never => {
      const copy = JSON.parse(JSON.stringify(state)) as { trials: Record<string, unknown>[] };
      change(copy.trials[0]!);
      return copy as never;
    };
    expect(Study.fromJSON(state).trials[0]!.params).toEqual(params);
    expectInputError(() => Study.fromJSON(tampered((t) => (t.number = 4))), 'trials[0]');
    expectInputError(() => Study.fromJSON(tampered((t) => (t.state = 'done'))), 'trials[0]');
    expectInputError(() => Study.fromJSON(tampered((t) => (t.value = null))), 'trials[0]');
    expectInputError(
      () => Study.fromJSON(tampered((t) => ((t.params as Record<string, unknown>).depth = 99))),
      'trials[0]',
    );
    expectInputError(
      () => Study.fromJSON(tampered((t) => ((t.params as Record<string, unknown>).booster = 'x'))),
      'trials[0]',
    );
  });
});

describe('tune', () => {
  it('runs the requested trials, reports each, and returns the best with a resumable state', async () => {
    const seen: number[] = [];
    const result = await tune(space, bowl, {
      trials: 30,
      seed: 2,
      onTrial: (trial, state) => {
        seen.push(trial.number);
        expect(state.trials.length).toBe(trial.number + 1);
      },
    });
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(result.best!.value).toBe(Math.min(...result.trials.map((t) => t.value!)));
    const more = await tune(space, bowl, { trials: 5, study: result.state });
    expect(more.trials.length).toBe(35);
    expect(more.best!.value).toBeLessThanOrEqual(result.best!.value!);
  });

  it('runs at most `concurrency` trials at once and goes through a provided parallel map', async () => {
    let running = 0;
    let peak = 0;
    const objective = async (p: Record<string, unknown>): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return bowl(p);
    };
    await tune(space, objective, { trials: 12, concurrency: 3 });
    expect(peak).toBe(3);
    let mapped = 0;
    const countingMap: ParallelMap = async (items, run) => {
      const out = [];
      for (const [i, item] of items.entries()) {
        mapped++;
        out.push(await run(item, i));
      }
      return out;
    };
    const result = await tune(space, objective, { trials: 4, parallelMap: countingMap });
    expect(mapped).toBe(4);
    expect(result.trials.every((t) => t.state === 'complete')).toBe(true);
  });

  it('prunes trials through report and keeps going when one objective throws', async () => {
    const result = await tune(
      { x: { type: 'uniform', low: 0, high: 1 } },
      (params, trial) => {
        if (trial.number === 3) throw new Error('out of memory');
        const x = params.x as number;
        for (let step = 0; step < 10; step++) {
          if (trial.report(step, x + 1 / (step + 1))) throw new TrialPrunedError();
        }
        return x;
      },
      { trials: 25, pruner: { type: 'median', nStartupTrials: 3 }, seed: 1 },
    );
    const states = result.trials.map((t) => t.state);
    expect(states[3]).toBe('failed');
    expect(result.trials[3]!.error).toContain('out of memory');
    expect(states.filter((s) => s === 'pruned').length).toBeGreaterThan(3);
    expect(states.filter((s) => s === 'complete').length).toBeGreaterThan(3);
  });

  it('stops asking for trials on abort and rejects with an AbortError', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = tune(
      space,
      (p) => {
        if (++calls === 4) controller.abort();
        return bowl(p);
      },
      { trials: 50, signal: controller.signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(4);
  });

  it('rejects bad options by name', async () => {
    await expect(tune(space, bowl, { trials: 0 })).rejects.toMatchObject({ subject: 'trials' });
    await expect(tune(space, bowl, { trials: 1e12 })).rejects.toMatchObject({ subject: 'trials' });
    await expect(tune(space, bowl, { trials: 2, concurrency: 0 })).rejects.toMatchObject({
      subject: 'concurrency',
    });
    await expect(tune({}, bowl, { trials: 2 })).rejects.toMatchObject({ subject: 'space' });
    const { state } = await tune(space, bowl, { trials: 1 });
    await expect(
      tune({ x: { type: 'uniform', low: 0, high: 1 } }, bowl, { trials: 1, study: state }),
    ).rejects.toMatchObject({ subject: 'space' });
  });
});

import { describe, expect, it } from 'vitest';
import { CreateSweepBody } from '@aistudio/contracts';
import { Study, type DataShape } from '@aistudio/engine';
import { UnprocessableError } from '../../../../http/errors.js';
import { planSweep, trialPlanOf } from '../sweep-spec.js';

const body = (extra: Record<string, unknown> = {}) =>
  CreateSweepBody.parse({
    datasetVersionId: '00000000-0000-7000-8000-000000000000',
    target: 'y',
    ...extra,
  });
const small: DataShape = { rows: 300, task: 'multiclass', fitRows: 240 };
const large: DataShape = { rows: 50_000, task: 'regression', fitRows: 40_000 };

const fieldOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof UnprocessableError) return error.errors?.map((e) => e.field);
    throw error;
  }
  return null;
};

describe('planSweep', () => {
  it('fills in the metric and its direction per task', () => {
    expect(planSweep(body(), small).spec).toMatchObject({
      metric: 'log_loss',
      direction: 'minimize',
      trials: 20,
      parallelism: 2,
      pruning: 'median',
    });
    expect(planSweep(body(), large).spec).toMatchObject({ metric: 'rmse', direction: 'minimize' });
    expect(planSweep(body({ metric: 'accuracy' }), small).spec.direction).toBe('maximize');
    expect(planSweep(body({ metric: 'r2' }), large).spec.direction).toBe('maximize');
  });

  it("defaults to the engine's AutoML space of the algorithm", () => {
    const { spec } = planSweep(body({ algorithm: 'forest' }), small);
    expect(Object.keys(spec.space).sort()).toEqual(
      ['maxFeatures', 'maxSamples', 'minSamplesLeaf', 'nTrees'].sort(),
    );
  });

  it('lets AutoML pick the algorithm from one flat space of prefixed parameters', () => {
    const state = planSweep(body({ algorithm: 'auto', sampler: 'random', seed: 4 }), small);
    expect(state.spec.space.algorithm).toEqual({
      type: 'categorical',
      choices: ['linear', 'forest', 'gbdt'],
    });
    expect(Object.keys(state.spec.space)).toContain('gbdt.learningRate');
    const study = Study.fromJSON(state.study);
    const plans = Array.from({ length: 12 }, () => trialPlanOf(state, study.ask().params));
    expect(new Set(plans.map((p) => p.algorithm)).size).toBeGreaterThan(1);
    for (const plan of plans) {
      // Only the chosen algorithm's parameters, unprefixed.
      expect(Object.keys(plan.params).every((name) => !name.includes('.'))).toBe(true);
      if (plan.algorithm === 'linear') expect(plan.params).toHaveProperty('maxIter', 1000);
    }
  });

  it("turns an MLP's units and layers into its layer sizes", () => {
    const state = planSweep(
      body({
        algorithm: 'mlp',
        space: {
          units: { type: 'int', low: 8, high: 8 },
          layers: { type: 'int', low: 2, high: 2 },
        },
      }),
      small,
    );
    const plan = trialPlanOf(state, Study.fromJSON(state.study).ask().params);
    expect(plan).toEqual({ algorithm: 'mlp', params: { hiddenLayerSizes: [8, 8] } });
  });

  it('keeps what AutoML fixes for large data unless the space samples it', () => {
    const state = planSweep(body({ algorithm: 'gbdt' }), large);
    expect(state.fixedParams.gbdt).toEqual({ nIter: 1000, earlyStopping: true });
    const custom = planSweep(
      body({ algorithm: 'gbdt', space: { nIter: { type: 'int', low: 10, high: 10 } } }),
      large,
    );
    expect(trialPlanOf(custom, { nIter: 10 }).params).toEqual({ nIter: 10, earlyStopping: true });
  });

  it('names the field of a request it refuses', () => {
    expect(fieldOf(() => planSweep(body({ trials: 201 }), small))).toEqual(['trials']);
    expect(fieldOf(() => planSweep(body({ parallelism: 17 }), small))).toEqual(['parallelism']);
    expect(fieldOf(() => planSweep(body({ metric: 'accuracy' }), large))).toEqual(['metric']);
    const space = { subsample: { type: 'uniform', low: 0.5, high: 1.5 } };
    expect(fieldOf(() => planSweep(body({ space }), small))).toEqual(['space.subsample']);
    expect(fieldOf(() => planSweep(body({ space: {} }), small))).toEqual(['space']);
  });
});

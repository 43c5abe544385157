import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../../errors.js';
import type { Algorithm } from '../../model.js';
import type { TrainSpec } from '../../train.js';
import { encodedFeatureCount, trainingCostTerms, type TrainingShape } from '../cost-terms.js';
import { estimateTrainingSeconds } from '../estimate-training.js';
import { TRAINING_COST } from '../training-cost-table.js';

const ALGORITHMS: Algorithm[] = ['gbdt', 'forest', 'tree', 'linear', 'mlp'];
// The parameter that sets each algorithm's number of iterations (trees, epochs, solver steps).
const ITERATIONS: Record<Algorithm, string | null> = {
  gbdt: 'nIter',
  forest: 'nTrees',
  tree: null,
  linear: 'maxIter',
  mlp: 'maxEpochs',
};

const spec = (algorithm: Algorithm, params: Record<string, unknown> = {}): TrainSpec => ({
  target: 'y',
  algorithm,
  params,
});

function subjectOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof EngineInputError ? error.subject : error;
  }
  return null;
}

describe('estimateTrainingSeconds', () => {
  it.each(ALGORITHMS)('%s: grows with rows, never shrinks', (algorithm) => {
    let previous = 0;
    for (const rows of [100, 1_000, 10_000, 100_000, 1_000_000]) {
      const { seconds } = estimateTrainingSeconds(spec(algorithm), {
        rows,
        features: 10,
        classes: 2,
      });
      expect(seconds).toBeGreaterThanOrEqual(previous);
      previous = seconds;
    }
    const small = estimateTrainingSeconds(spec(algorithm), {
      rows: 1_000,
      features: 10,
      classes: 2,
    });
    expect(previous).toBeGreaterThan(small.seconds);
  });

  it.each(ALGORITHMS.filter((a) => ITERATIONS[a] !== null))(
    '%s: grows with iterations',
    (algorithm) => {
      const shape = { rows: 50_000, features: 20, classes: 2 };
      const at = (n: number) =>
        estimateTrainingSeconds(spec(algorithm, { [ITERATIONS[algorithm]!]: n }), shape).seconds;
      expect(at(10)).toBeLessThan(at(50));
      expect(at(50)).toBeLessThanOrEqual(at(100));
    },
  );

  it('grows with features, leaves and classes for a GBDT', () => {
    const at = (shape: TrainingShape, params: Record<string, unknown> = {}) =>
      estimateTrainingSeconds(spec('gbdt', params), shape).seconds;
    expect(at({ rows: 10_000, features: 5 })).toBeLessThan(at({ rows: 10_000, features: 50 }));
    expect(at({ rows: 10_000, features: 5 }, { numLeaves: 7 })).toBeLessThan(
      at({ rows: 10_000, features: 5 }, { numLeaves: 127 }),
    );
    // Multiclass grows one tree per class and iteration.
    expect(at({ rows: 10_000, features: 5, classes: 2 })).toBeLessThan(
      at({ rows: 10_000, features: 5, classes: 5 }),
    );
  });

  it('is in seconds: a 100k × 28 binary GBDT of 100 trees lands between 1 s and a minute', () => {
    // bench/results/engine-gbdt.json measured 5.4 s for this case on one thread.
    const estimate = estimateTrainingSeconds(spec('gbdt', { nIter: 100, earlyStopping: false }), {
      rows: 100_000,
      features: 28,
      classes: 2,
    });
    expect(estimate.seconds).toBeGreaterThan(1);
    expect(estimate.seconds).toBeLessThan(60);
  });

  it.each(ALGORITHMS)('%s: gives a finite, positive range around the estimate', (algorithm) => {
    for (const shape of [
      { rows: 1, features: 1 },
      { rows: 5_000, features: 12, classes: 3 },
    ]) {
      const { seconds, low, high } = estimateTrainingSeconds(spec(algorithm), shape);
      expect(Number.isFinite(high)).toBe(true);
      expect(seconds).toBeGreaterThan(0);
      expect(low).toBeLessThanOrEqual(seconds);
      expect(high).toBeGreaterThanOrEqual(seconds);
    }
  });

  it.each(ALGORITHMS)('%s: has a coefficient for every cost term', (algorithm) => {
    const { names } = trainingCostTerms(spec(algorithm), { rows: 10, features: 2 });
    expect(Object.keys(TRAINING_COST[algorithm].perUnit).sort()).toEqual([...names].sort());
  });

  it('names the bad shape field or parameter', () => {
    const shape = { rows: 1_000, features: 10 };
    expect(subjectOf(() => estimateTrainingSeconds(spec('gbdt'), { ...shape, rows: 0 }))).toBe(
      'rows',
    );
    expect(
      subjectOf(() => estimateTrainingSeconds(spec('gbdt'), { ...shape, features: 1.5 })),
    ).toBe('features');
    expect(subjectOf(() => estimateTrainingSeconds(spec('gbdt'), { ...shape, classes: 1 }))).toBe(
      'classes',
    );
    expect(
      subjectOf(() => estimateTrainingSeconds({ ...spec('gbdt'), task: 'multiclass' }, shape)),
    ).toBe('classes');
    expect(subjectOf(() => estimateTrainingSeconds(spec('gbdt', { nIter: -1 }), shape))).toBe(
      'nIter',
    );
    expect(subjectOf(() => estimateTrainingSeconds(spec('mlp', { epochs: 5 }), shape))).toBe(
      'epochs',
    );
    expect(
      subjectOf(() =>
        estimateTrainingSeconds({ ...spec('gbdt'), algorithm: 'svm' as never }, shape),
      ),
    ).toBe('algorithm');
    expect(
      subjectOf(() => estimateTrainingSeconds(spec('linear'), { ...shape, encodedFeatures: 9 })),
    ).toBe('encodedFeatures');
  });

  it('counts one-hot columns, up to the cap, for linear models and MLPs but not for trees', () => {
    // 4 numbers and 2 airport columns of 224 values (flights), and a 3-level column.
    expect(encodedFeatureCount(4, [224, 224, 3])).toBe(4 + 20 + 20 + 3);
    const numeric = { rows: 100_000, features: 7, classes: 2 };
    const encoded = { ...numeric, encodedFeatures: encodedFeatureCount(4, [224, 224, 3]) };
    for (const algorithm of ['linear', 'mlp'] as const) {
      expect(estimateTrainingSeconds(spec(algorithm), encoded).seconds).toBeGreaterThan(
        estimateTrainingSeconds(spec(algorithm), numeric).seconds,
      );
    }
    for (const algorithm of ['gbdt', 'forest', 'tree'] as const) {
      expect(estimateTrainingSeconds(spec(algorithm), encoded)).toEqual(
        estimateTrainingSeconds(spec(algorithm), numeric),
      );
    }
  });
});

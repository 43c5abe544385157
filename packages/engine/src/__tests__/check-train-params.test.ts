import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { checkTrainParams, plannedIterations } from '../train.js';

describe('checkTrainParams', () => {
  it('accepts defaults and valid values of every algorithm', () => {
    expect(() => checkTrainParams('gbdt', {})).not.toThrow();
    expect(() =>
      checkTrainParams('gbdt', { nIter: 50, numLeaves: 15, learningRate: 0.05 }),
    ).not.toThrow();
    expect(() => checkTrainParams('gbdt', { objective: 'huber' })).not.toThrow();
    expect(() => checkTrainParams('forest', { nTrees: 20 }, 'multiclass')).not.toThrow();
    expect(() => checkTrainParams('tree', { maxDepth: 4 })).not.toThrow();
    expect(() => checkTrainParams('linear', { C: 0.5 }, 'binary')).not.toThrow();
    expect(() =>
      checkTrainParams('mlp', { hiddenLayerSizes: [16, 8] }, 'regression'),
    ).not.toThrow();
  });

  it.each([
    ['gbdt', { nIter: 0 }, undefined, /^nIter:/],
    ['gbdt', { numLeaf: 31 }, undefined, /^numLeaf: is not a GBDT parameter/],
    ['gbdt', { objective: 'huber' }, 'binary', /^objective:/],
    ['forest', { nTrees: -1 }, undefined, /^nTrees:/],
    ['linear', { C: 0 }, 'binary', /^C:/],
    ['mlp', { learningRate: 'fast' }, 'regression', /^learningRate:/],
    ['svm', {}, undefined, /^algorithm:/],
  ] as const)('refuses %s %j', (algorithm, params, task, message) => {
    const check = () => checkTrainParams(algorithm as never, params, task);
    expect(check).toThrow(EngineInputError);
    expect(check).toThrow(message);
  });
});

describe('plannedIterations', () => {
  it('is the iteration cap the parameters set, or the default', () => {
    expect(plannedIterations('gbdt', {})).toBe(100);
    expect(plannedIterations('gbdt', { nIter: 40 })).toBe(40);
    expect(plannedIterations('forest', { nTrees: 7 })).toBe(7);
    expect(plannedIterations('tree', {})).toBe(1);
    expect(plannedIterations('mlp', {})).toBe(200);
    expect(plannedIterations('linear', {})).toBeNull();
    expect(plannedIterations('linear', { maxIter: 50 })).toBe(50);
  });
});

import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { fitPipeline, transformTable, type Pipeline } from '../preprocess/pipeline.js';
import type { PipelineStep } from '../preprocess/steps.js';
import { Table } from '../table.js';

const table = Table.fromColumns({
  x: [1, 2, 3, 4],
  z: [0.5, NaN, 1.5, 2],
  c: ['a', 'b', 'a', 'b'],
  t: { text: ['red fox', 'blue fox', null, 'fox'] },
});

function fitError(steps: unknown[], options: object = {}, on: Table = table): EngineInputError {
  try {
    fitPipeline(steps as PipelineStep[], on, options);
  } catch (error) {
    expect(error).toBeInstanceOf(EngineInputError);
    return error as EngineInputError;
  }
  throw new Error('expected fitPipeline to throw');
}

describe('preprocessing rejects bad input with an EngineInputError naming the culprit', () => {
  it.each([
    ['an unknown step type', [{ type: 'pca' }], 'steps[0].type'],
    ['an unknown option', [{ type: 'standardize', withMedian: true }], 'steps[0].withMedian'],
    ['a step that is not an object', [null], 'steps[0]'],
    ['degree 0', [{ type: 'polynomial', degree: 0 }], 'steps[0].degree'],
    ['a fractional degree', [{ type: 'polynomial', degree: 2.5 }], 'steps[0].degree'],
    ['maxCategories 0', [{ type: 'oneHot', maxCategories: 0 }], 'steps[0].maxCategories'],
    ['an unknown unknown-policy', [{ type: 'oneHot', unknown: 'error' }], 'steps[0].unknown'],
    ['a reversed minMax range', [{ type: 'minMax', range: [1, 0] }], 'steps[0].range'],
    ['an infinite range', [{ type: 'minMax', range: [0, Infinity] }], 'steps[0].range'],
    ['an unknown impute strategy', [{ type: 'impute', strategy: 'mode' }], 'steps[0].strategy'],
    [
      'a text fill for a numeric column',
      [{ type: 'impute', strategy: 'constant', fillValue: 'n/a', columns: ['z'] }],
      'steps[0].fillValue',
    ],
    [
      'a negative variance threshold',
      [{ type: 'varianceThreshold', threshold: -1 }],
      'steps[0].threshold',
    ],
    [
      'a correlation threshold above 1',
      [{ type: 'correlationFilter', threshold: 2 }],
      'steps[0].threshold',
    ],
    ['a NaN threshold', [{ type: 'correlationFilter', threshold: NaN }], 'steps[0].threshold'],
    ['minDf of 0', [{ type: 'tfidf', minDf: 0 }], 'steps[0].minDf'],
    ['a fractional document count', [{ type: 'tfidf', maxDf: 2.5 }], 'steps[0].maxDf'],
    ['a huge hashing width', [{ type: 'hashing', numFeatures: 1e9 }], 'steps[0].numFeatures'],
    ['a bad n-gram range', [{ type: 'tfidf', ngramRange: [2, 1] }], 'steps[0].ngramRange'],
    ['datetime without columns', [{ type: 'datetime' }], 'steps[0].columns'],
    [
      'an unknown date part',
      [{ type: 'datetime', columns: ['x'], parts: ['century'] }],
      'steps[0].parts',
    ],
    ['k of 0', [{ type: 'selectMutualInfo', k: 0 }], 'steps[0].k'],
    [
      'a kind the step cannot take',
      [{ type: 'standardize', columns: { kind: 'text' } }],
      'columns.kind',
    ],
    ['a named column of the wrong kind', [{ type: 'standardize', columns: ['c'] }], 'c'],
    ['a named column that does not exist', [{ type: 'oneHot', columns: ['nope'] }], 'nope'],
    ['one fold', [{ type: 'targetEncode', folds: 1 }], 'steps[0].folds'],
  ])('%s', (_name, steps, subject) => {
    expect(fitError(steps, { target: [0, 1, 0, 1] }).subject).toBe(subject);
  });

  it('refuses a polynomial expansion past 10,000 columns', () => {
    const wide = Table.fromColumns(
      Object.fromEntries(Array.from({ length: 30 }, (_, j) => [`f${j}`, [j, j + 1]])),
    );
    expect(fitError([{ type: 'polynomial', degree: 4 }], {}, wide).subject).toBe('steps[0].degree');
  });

  it('refuses an empty table', () => {
    const empty = Table.fromColumns({ x: [] });
    expect(fitError([{ type: 'standardize' }], {}, empty).subject).toBe('table');
  });

  it.each([
    ['a NaN target', [0, NaN, 1, 1], /row 1/],
    ['an infinite target', [0, 1, Infinity, 1], /row 2/],
    ['a target of the wrong length', [0, 1], /2 values for 4 rows/],
    ['a target mixing numbers and labels', [0, 'a', 1, 1], /all numbers or all strings/],
  ])('refuses %s', (_name, target, message) => {
    const error = fitError([{ type: 'targetEncode' }], { target });
    expect(error.subject).toBe('target');
    expect(error.message).toMatch(message);
  });

  it('refuses a missing label in a target column', () => {
    const labelled = Table.fromColumns({ c: ['a', 'b', 'a'], y: ['p', null, 'q'] });
    expect(fitError([], { target: 'y' }, labelled).message).toMatch(/missing value at row 1/);
  });

  it('needs a target for target encoding and mutual information', () => {
    expect(fitError([{ type: 'targetEncode' }]).subject).toBe('target');
    expect(fitError([{ type: 'selectMutualInfo', k: 1 }]).subject).toBe('target');
  });

  it('refuses a single-class target for a class encoding', () => {
    const error = fitError([{ type: 'targetEncode', targetType: 'binary', folds: 2 }], {
      target: [1, 1, 1, 1],
    });
    expect(error.message).toMatch(/two target classes/);
  });

  it('refuses a mean over an all-missing column and infinite values when scaling', () => {
    const missing = Table.fromColumns({ m: [NaN, NaN] });
    expect(fitError([{ type: 'impute' }], {}, missing).subject).toBe('m');
    const infinite = Table.fromColumns({ v: [1, Infinity] });
    expect(fitError([{ type: 'standardize' }], {}, infinite).subject).toBe('v');
    expect(fitError([{ type: 'minMax' }], {}, infinite).subject).toBe('v');
  });

  it('refuses a date column without one readable date, and TF-IDF with no terms left', () => {
    const dates = Table.fromColumns({ d: { text: ['soon', 'later'] } });
    expect(fitError([{ type: 'datetime', columns: ['d'] }], {}, dates).subject).toBe('d');
    expect(fitError([{ type: 'tfidf', minDf: 4 }]).subject).toBe('t');
  });

  it('refuses a bad seed', () => {
    expect(fitError([], { seed: -1 }).subject).toBe('seed');
  });

  it('refuses an object that is not a fitted pipeline', () => {
    const pipeline = fitPipeline([{ type: 'standardize' }], table);
    const forged = { ...pipeline, version: 99 } as unknown as Pipeline;
    expect(() => transformTable(forged, table)).toThrow(/^pipeline: is not/);
  });
});

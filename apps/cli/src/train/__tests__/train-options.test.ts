import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli-error.js';
import { parseDuration, parseTrainOptions } from '../train-options.js';

const parse = (...args: string[]) => parseTrainOptions(['data.csv', '--target', 'y', ...args]);

function usageError(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return error as CliError;
  }
  throw new Error('expected a usage error');
}

describe('parseTrainOptions', () => {
  it('fills in the defaults: GBDT, a 20% holdout, seed 0, no deadline', () => {
    expect(parse()).toEqual({
      file: 'data.csv',
      target: 'y',
      algorithm: 'gbdt',
      features: null,
      task: null,
      timeBudgetMs: null,
      holdout: 0.2,
      seed: 0,
      params: {},
      out: null,
      onnx: null,
      json: false,
    });
  });

  it('gives AutoML a 60 s budget unless told otherwise', () => {
    expect(parse('--algorithm', 'auto')).toMatchObject({ timeBudgetMs: 60_000 });
    expect(parse('--algorithm', 'auto', '--time-budget', '2m')).toMatchObject({
      timeBudgetMs: 120_000,
    });
  });

  it('reads --param values as JSON, and as text when they are not JSON', () => {
    const options = parse(
      '--algorithm',
      'mlp',
      '--param',
      'maxEpochs=50',
      '--param',
      'hiddenLayerSizes=[16, 8]',
      '--param',
      'solver=adam',
      '--param',
      'earlyStopping=false',
    );
    expect(options).toMatchObject({
      params: { maxEpochs: 50, hiddenLayerSizes: [16, 8], solver: 'adam', earlyStopping: false },
    });
  });

  it('checks parameters against the engine when the task is known', () => {
    const error = usageError(() => parse('--task', 'binary', '--param', 'nIter=-3'));
    expect(error.message).toMatch(/^aistudio train: --param nIter: /);
    // Without a task, alpha (regression only) waits for the target to be read.
    expect(parse('--algorithm', 'linear', '--param', 'alpha=0.5')).toMatchObject({
      params: { alpha: 0.5 },
    });
  });

  it('splits and checks --features', () => {
    expect(parse('--features', 'a, b,c')).toMatchObject({ features: ['a', 'b', 'c'] });
    expect(usageError(() => parse('--features', 'a,,b')).message).toContain('empty column name');
    expect(usageError(() => parse('--features', 'a,b,a')).message).toContain('"a" twice');
  });

  it.each([
    [
      ['--algorithm', 'xgboost'],
      /--algorithm must be one of gbdt, linear, forest, tree, mlp, auto/,
    ],
    [['--task', 'ranking'], /--task must be one of regression, binary, multiclass/],
    [['--holdout', '0'], /--holdout must be a fraction between 0 and 1/],
    [['--holdout', 'half'], /--holdout must be a fraction/],
    [['--seed=-1'], /--seed must be an integer/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--param', 'nIter'], /--param needs key=value, got "nIter"/],
    [['--param', 'a=1', '--param', 'a=2'], /--param a is given twice/],
    [['--algorithm', 'auto', '--param', 'nIter=5'], /--param does not apply to --algorithm auto/],
    [['--time-budget', 'soon'], /--time-budget must be a duration/],
    [['--out'], /--out/],
  ])('refuses %j with a message naming the flag', (args, message) => {
    expect(usageError(() => parse(...args)).message).toMatch(message);
  });

  it('needs exactly one file and a target', () => {
    expect(usageError(() => parseTrainOptions(['--target', 'y'])).message).toContain(
      'give the data file',
    );
    expect(
      usageError(() => parseTrainOptions(['a.csv', 'b.csv', '--target', 'y'])).message,
    ).toContain('one file only');
    expect(usageError(() => parseTrainOptions(['a.csv'])).message).toContain(
      '--target is required',
    );
  });

  it('answers help', () => {
    expect(parseTrainOptions(['--help'])).toBe('help');
  });
});

describe('parseDuration', () => {
  it.each([
    ['90', 90_000],
    ['90s', 90_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['2500ms', 2500],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses less than a second', () => {
    expect(() => parseDuration('500ms')).toThrow(/at least 1s/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { predict, type TrainedModel } from '../model.js';
import { recordsToTable, RecordsError } from '../records.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';
import { prepareTarget } from '../task.js';
import { train, type TrainCheckpoint } from '../train.js';
import { ENGINE_VERSION } from '../version.js';

const random = createRandom(11);
const rows = Array.from({ length: 600 }, (_, i) => {
  const x = random() * 4 - 2;
  const colour = ['red', 'green', 'blue'][i % 3]!;
  const species =
    x + (colour === 'green' ? 1.5 : 0) > 0.5 ? 'Gentoo' : x < -1 ? 'Adelie' : 'Chinstrap';
  return { x, colour, species, mass: 3000 + 500 * x + (colour === 'red' ? 200 : 0) };
});
const table = Table.fromRecords(rows);
const quick = { nIter: 30, earlyStopping: false };

describe('prepareTarget (task detection)', () => {
  const numeric = (values: number[]) => Table.fromColumns({ y: values }).column('y');
  it.each([
    [[0, 1, 1, 0], 'binary', 'numeric target with only 2 distinct integer values'],
    [[1, 2, 3, 2, 1], 'multiclass', 'numeric target with only 3 distinct integer values'],
    [[0.5, 1.5, 2.25, 3], 'regression', 'numeric target with 4 distinct values'],
    [
      Array.from({ length: 30 }, (_, i) => i),
      'regression',
      'numeric target with 30 distinct values',
    ],
  ])('%j is %s', (values, task, reason) => {
    const target = prepareTarget(numeric(values));
    expect(target.task).toBe(task);
    expect(target.taskReason).toBe(reason);
  });

  it('reads string targets as classes in code-point order and drops missing targets', () => {
    const column = Table.fromColumns({ y: ['b', null, 'a', 'c', 'a'] }).column('y');
    const target = prepareTarget(column);
    expect(target.task).toBe('multiclass');
    expect(target.classes).toEqual(['a', 'b', 'c']);
    expect(Array.from(target.values)).toEqual([1, 0, 2, 0]);
    expect(Array.from(target.rows)).toEqual([0, 2, 3, 4]);
  });

  it('reads only the categories rows use, whatever order the dictionary has', () => {
    const column = {
      kind: 'categorical' as const,
      name: 'y',
      codes: Int32Array.from([2, -1, 0, 2, 0]),
      categories: ['on time', 'never used', 'late'],
    };
    const target = prepareTarget(column);
    expect(target.task).toBe('binary');
    expect(target.classes).toEqual(['late', 'on time']);
    expect(Array.from(target.values)).toEqual([0, 1, 0, 1]);
    expect(Array.from(target.rows)).toEqual([0, 2, 3, 4]);
  });

  it('keeps numeric rows with a value and regresses on them as given', () => {
    const target = prepareTarget(numeric([0.5, NaN, -2.25, 3, 0.5]), 'regression');
    expect(Array.from(target.rows)).toEqual([0, 2, 3, 4]);
    expect(Array.from(target.values)).toEqual([0.5, -2.25, 3, 0.5]);
    expect(target.taskReason).toBe('regression as requested');
  });

  it('reads a text target as classes', () => {
    const column = { kind: 'text' as const, name: 'y', values: ['no', null, 'yes', 'no'] };
    const target = prepareTarget(column);
    expect(target.classes).toEqual(['no', 'yes']);
    expect(target.taskReason).toBe('text target with 2 classes');
    expect(Array.from(target.values)).toEqual([0, 1, 0]);
  });

  it('refuses a single class, infinite values and a task the values cannot have', () => {
    expect(() => prepareTarget(numeric([1, 1, 1]))).toThrow(/^y: has a single class \(1\)/);
    expect(() => prepareTarget(numeric([1, Infinity]))).toThrow(/^y: row 1 is Infinity/);
    const labels = Table.fromColumns({ y: ['a', 'b', 'c'] }).column('y');
    expect(() => prepareTarget(labels, 'regression')).toThrow(/regression needs a numeric target/);
    expect(() => prepareTarget(labels, 'binary')).toThrow(/has 3 classes; binary/);
  });
});

describe('train and predict', () => {
  it('trains a multiclass model on string labels and predicts labels and probabilities', async () => {
    const model = await train(
      { target: 'species', features: ['x', 'colour'], params: quick },
      table,
    );
    expect(model.task).toBe('multiclass');
    expect(model.target.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(model.engineVersion).toBe(ENGINE_VERSION);
    expect(model.inputs).toEqual([
      { name: 'x', kind: 'numeric' },
      { name: 'colour', kind: 'categorical', categories: ['red', 'green', 'blue'] },
    ]);
    const { labels, probabilities } = predict(model, table);
    let correct = 0;
    labels!.forEach((label, i) => (correct += label === rows[i]!.species ? 1 : 0));
    expect(correct / rows.length).toBeGreaterThan(0.95);
    expect(probabilities!.length).toBe(3 * rows.length);
  });

  it('binary models give two probability columns in class order', async () => {
    const withBig = Table.fromRecords(
      rows.map((r) => ({ x: r.x, big: r.mass > 3000 ? 'yes' : 'no' })),
    );
    const binary = await train({ target: 'big', params: quick }, withBig);
    expect(binary.task).toBe('binary');
    const { labels, probabilities } = predict(binary, withBig);
    expect(labels![0]).toBe(rows[0]!.mass > 3000 ? 'yes' : 'no');
    expect(probabilities![0]! + probabilities![1]!).toBeCloseTo(1, 15);
  });

  it('regresses with a chosen robust objective; JSON round trip predicts bit-identically', async () => {
    const model = await train(
      {
        target: 'mass',
        features: ['x', 'colour'],
        params: { ...quick, objective: 'absolute' },
      },
      table,
    );
    expect(model.task).toBe('regression');
    const copy = JSON.parse(JSON.stringify(model)) as TrainedModel;
    expect(predict(copy, table).values).toEqual(predict(model, table).values);
    let mae = 0;
    predict(model, table).values!.forEach((v, i) => (mae += Math.abs(v - rows[i]!.mass)));
    expect(mae / rows.length).toBeLessThan(60);
  });

  it('leaves out rows with a missing target and says how many', async () => {
    const gappy = Table.fromRecords(
      rows.map((r, i) => ({ x: r.x, mass: i % 10 === 0 ? null : r.mass })),
    );
    const model = await train({ target: 'mass', params: quick }, gappy);
    expect(model.training).toMatchObject({ rows: 540, droppedRows: 60 });
  });

  it.each([
    ['gbdt', { nIter: 12, earlyStopping: false }],
    ['mlp', { hiddenLayerSizes: [8], maxEpochs: 12, batchSize: 50 }],
  ] as const)(
    '%s: resumes a checkpoint to the model an uninterrupted run gives',
    async (algorithm, params) => {
      const spec = { target: 'species', algorithm, params };
      const whole = await train(spec, table);
      let checkpoint: TrainCheckpoint | undefined;
      const controller = new AbortController();
      await expect(
        train(spec, table, {
          checkpointEvery: 4,
          onCheckpoint: (c) => (checkpoint = JSON.parse(JSON.stringify(c)) as TrainCheckpoint),
          onProgress: (e) => e.iteration === 6 && controller.abort(),
          signal: controller.signal,
        }),
      ).rejects.toThrow(TrainingAbortedError);
      expect(checkpoint!.iteration).toBe(4);
      const resumed = await train(spec, table, { resumeFrom: checkpoint! });
      expect(JSON.stringify(resumed)).toBe(JSON.stringify(whole));
    },
  );

  it.each(['linear', 'mlp'] as const)(
    '%s: preprocesses raw columns (missing values, categories) by default and predicts',
    async (algorithm) => {
      const gappy = Table.fromRecords(
        rows.map((r, i) => ({
          ...r,
          x: i % 7 === 0 ? null : r.x,
          colour: i % 11 === 0 ? null : r.colour,
        })),
      );
      const spec = { target: 'species', features: ['x', 'colour'], algorithm, seed: 3 };
      const model = await train(
        {
          ...spec,
          params:
            algorithm === 'mlp'
              ? { hiddenLayerSizes: [16], maxEpochs: 200, learningRate: 0.01 }
              : {},
        },
        gappy,
      );
      expect(model.algorithm).toBe(algorithm);
      expect(model.pipeline!.steps.map((s) => s.type)).toEqual(['impute', 'standardize', 'oneHot']);
      const { labels } = predict(model, gappy);
      let correct = 0;
      labels!.forEach((label, i) => (correct += label === rows[i]!.species ? 1 : 0));
      expect(correct / rows.length).toBeGreaterThan(0.8);
      const copy = JSON.parse(JSON.stringify(model)) as TrainedModel;
      expect(predict(copy, gappy).probabilities).toEqual(predict(model, gappy).probabilities);
    },
  );

  it('turns text columns into TF-IDF features for GBDT', async () => {
    const words = ['great value', 'terrible service', 'great staff', 'slow and terrible'];
    const reviews = Table.fromRecords(
      Array.from({ length: 400 }, (_, i) => ({
        review: words[i % 4]!,
        good: i % 4 === 0 || i % 4 === 2 ? 1 : 0,
      })),
      { text: ['review'] },
    );
    const model = await train({ target: 'good', params: quick }, reviews);
    expect(model.pipeline!.steps.map((s) => s.type)).toEqual(['tfidf']);
    const probe = Table.fromRecords([{ review: 'great' }, { review: 'terrible' }], {
      text: ['review'],
    });
    expect(predict(model, probe).labels).toEqual([1, 0]);
  });

  it.each([
    [{ target: 'nope' }, /^target: names no column of the table \(nope\)/],
    [{ target: 'mass', features: ['x', 'mass'] }, /^features: must not include the target/],
    [{ target: 'mass', features: ['ghost'] }, /^features: names no column \(ghost\)/],
    [
      { target: 'mass', algorithm: 'svm' },
      /^algorithm: must be one of gbdt, forest, tree, linear, mlp/,
    ],
    [
      { target: 'species', params: { objective: 'huber' } },
      /^objective: must be one of multiclass for a multiclass task/,
    ],
  ])('refuses a bad spec by name: %j', async (spec, message) => {
    await expect(train(spec as never, table)).rejects.toThrow(message);
  });

  it('predict names a missing or mistyped input column; extra columns are ignored', async () => {
    const model = await train({ target: 'mass', features: ['x', 'colour'], params: quick }, table);
    expect(() => predict(model, Table.fromColumns({ colour: ['red'] }))).toThrow(
      /^x: is missing; the model needs a numeric column/,
    );
    expect(() => predict(model, Table.fromColumns({ x: ['a'], colour: ['red'] }))).toThrow(
      /^x: is categorical; the model needs a numeric column/,
    );
    const extra = Table.fromColumns({ x: [0.5], colour: ['red'], note: ['hello'] });
    expect(predict(model, extra).values!.length).toBe(1);
  });
});

describe('recordsToTable (serving inputs)', () => {
  const inputs = [
    { name: 'x', kind: 'numeric' },
    { name: 'zip', kind: 'categorical' },
  ] as const;

  it('builds typed columns, taking numbers for categorical fields as their decimal strings', () => {
    const t = recordsToTable(inputs, [
      { x: 1.5, zip: 10115 },
      { x: null, zip: '10117' },
    ]);
    const zip = t.column('zip');
    expect(zip.kind === 'categorical' && zip.categories).toEqual(['10115', '10117']);
    const x = t.column('x');
    expect(x.kind === 'numeric' && Number.isNaN(x.values[1])).toBe(true);
  });

  it('names every bad field with its row', () => {
    let error: unknown;
    try {
      recordsToTable(inputs, [
        { x: 'one', zip: 'a' },
        { zip: 'b' },
        { x: 1, zip: 'c', extra: true },
        7,
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordsError);
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as RecordsError).issues).toEqual([
      { row: 0, field: 'x', message: 'must be a number or null, got the string "one"' },
      { row: 1, field: 'x', message: 'is missing (send null for a missing value)' },
      { row: 2, field: 'extra', message: 'is not an input of this model' },
      { row: 3, field: '(record)', message: 'must be an object of field values' },
    ]);
  });
});

describe('engine version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(ENGINE_VERSION).toBe(pkg.version);
  });
});

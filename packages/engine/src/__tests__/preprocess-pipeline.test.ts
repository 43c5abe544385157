import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { parseIsoDate } from '../preprocess/datetime.js';
import {
  fitPipeline,
  fitTransformPipeline,
  transformTable,
  type Pipeline,
} from '../preprocess/pipeline.js';
import type { PipelineStep } from '../preprocess/steps.js';
import { toMatrix } from '../preprocess/to-matrix.js';
import { Table, type Column } from '../table.js';

function values(column: Column): number[] {
  if (column.kind !== 'numeric') throw new Error(`${column.name} is not numeric`);
  return [...column.values];
}

const rows = [
  {
    age: 31,
    income: 52_000,
    city: 'Paris',
    signup: '2024-02-29T23:30:00Z',
    bio: 'Loves cats and dogs',
  },
  { age: null, income: 61_000, city: 'Lyon', signup: '2023-12-31', bio: 'dogs only' },
  { age: 45, income: null, city: 'Paris', signup: '2024-01-01T00:00:00+02:00', bio: null },
  { age: 28, income: 38_000, city: null, signup: 'not a date', bio: 'cats cats cats' },
  { age: 52, income: 90_000, city: 'Nice', signup: '2022-07-04 08:15', bio: 'birds and cats' },
  { age: 39, income: 47_000, city: 'Lyon', signup: '2021-03-15T12:00:00.250Z', bio: 'no pets' },
];
const y = [1, 0, 1, 0, 1, 0];

const everyStep: PipelineStep[] = [
  { type: 'datetime', columns: ['signup'], parts: ['year', 'month', 'weekday', 'dayOfYear'] },
  { type: 'impute', strategy: 'median', addIndicator: true, columns: ['age', 'income'] },
  { type: 'impute', strategy: 'mostFrequent', columns: { kind: 'categorical' } },
  { type: 'log1p', columns: ['income'] },
  { type: 'targetEncode', columns: ['city'], smooth: 2, folds: 2 },
  { type: 'tfidf', columns: ['bio'], sublinearTf: true },
  { type: 'hashing', columns: { kind: 'text' }, numFeatures: 4 },
  { type: 'polynomial', columns: ['age', 'income'], degree: 2 },
  { type: 'standardize', columns: { kind: 'numeric', exclude: ['age_missing'] } },
  { type: 'varianceThreshold' },
  { type: 'correlationFilter', threshold: 0.999 },
  { type: 'minMax' },
];

function mixedTable(): Table {
  return Table.fromRecords(rows, { text: ['bio'] });
}

describe('fitPipeline / transformTable', () => {
  it.each([
    ['every numeric and text step', everyStep],
    [
      'the categorical encoders and selection',
      [
        { type: 'oneHot', columns: ['city'], maxCategories: 2 },
        { type: 'ordinal', columns: ['signup'], unknownValue: null },
        { type: 'selectMutualInfo', k: 3, bins: 3, columns: { kind: 'numeric' } },
      ] as PipelineStep[],
    ],
  ])('round-trips %s through JSON and gives the identical table', (_name, steps) => {
    const table = mixedTable();
    const pipeline = fitPipeline(steps, table, { target: y });
    const copy = JSON.parse(JSON.stringify(pipeline)) as Pipeline;
    expect(copy).toEqual(pipeline);
    const a = toMatrix(transformTable(pipeline, table).drop(['bio']));
    const b = toMatrix(transformTable(copy, table).drop(['bio']));
    expect(b.columnNames).toEqual(a.columnNames);
    expect(a.data.every((v, i) => Object.is(v, b.data[i]))).toBe(true);
    expect(a.numCols).toBeGreaterThan(2);
  });

  it('runs every step kind on a mixed table and yields only numeric columns', () => {
    const table = mixedTable();
    const { pipeline, table: train } = fitTransformPipeline(everyStep, table, { target: y });
    expect(train.columns.every((c) => c.kind === 'numeric')).toBe(true);
    const m = toMatrix(transformTable(pipeline, table));
    expect(m.numRows).toBe(6);
    expect(m.columnNames).toEqual(train.columns.map((c) => c.name));
    expect(m.columnNames).toContain('city');
    expect(m.columnNames).toContain('bio:cats');
    expect(m.columnNames).not.toContain('age_missing^2');
  });

  it('handles categories and words never seen in training without throwing', () => {
    const pipeline = fitPipeline(everyStep, mixedTable(), { target: y });
    const fresh = Table.fromRecords(
      [{ age: 200, income: 1, city: 'Tokyo', signup: '1999-01-01', bio: 'zebras' }],
      { text: ['bio'] },
    );
    const out = transformTable(pipeline, fresh);
    expect(out.numRows).toBe(1);
    expect(out.columns.every((c) => c.kind === 'numeric')).toBe(true);
  });

  it('names a missing input column, and a column of the wrong kind, at transform time', () => {
    const pipeline = fitPipeline(everyStep, mixedTable(), { target: y });
    const noCity = Table.fromRecords(
      rows.map(({ city: _city, ...rest }) => rest),
      { text: ['bio'] },
    );
    expect(() => transformTable(pipeline, noCity)).toThrow(/^city: is missing/);
    const wrongKind = Table.fromRecords(rows, { text: ['bio', 'city'] });
    expect(() => transformTable(pipeline, wrongKind)).toThrow(
      /^city: expected a categorical column, got text/,
    );
  });

  it('drops a target given by name from the inputs and does not need it later', () => {
    const table = Table.fromColumns({ x: [1, 2, 3, 4], label: ['a', 'b', 'a', 'b'] });
    const pipeline = fitPipeline([{ type: 'standardize' }], table, { target: 'label' });
    expect(pipeline.input).toEqual([{ name: 'x', kind: 'numeric' }]);
    const out = transformTable(pipeline, Table.fromColumns({ x: [2.5], extra: ['ignored'] }));
    expect(out.columns.map((c) => c.name)).toEqual(['x']);
  });

  it('reads an integer target as classes, as scikit-learn does, unless told otherwise', () => {
    const table = Table.fromColumns({ c: ['a', 'b', 'a', 'b', 'c', 'c'] });
    const target = [1, 2, 3, 1, 2, 3];
    const auto = fitPipeline([{ type: 'targetEncode', folds: 2 }], table, { target });
    expect(auto.output.map((c) => c.name)).toEqual(['c:1', 'c:2', 'c:3']);
    const continuous = fitPipeline(
      [{ type: 'targetEncode', folds: 2, targetType: 'continuous' }],
      table,
      { target },
    );
    expect(continuous.output.map((c) => c.name)).toEqual(['c']);
  });
});

describe('steps', () => {
  it('ordinal-encodes sorted categories; unseen -> unknownValue, missing -> NaN', () => {
    const train = Table.fromColumns({ c: ['b', 'a', 'c', null] });
    const test = Table.fromColumns({ c: ['c', 'zz', null, 'a'] });
    const out = transformTable(fitPipeline([{ type: 'ordinal' }], train), test);
    expect(values(out.column('c'))).toEqual([2, -1, NaN, 0]);
    const asMissing = fitPipeline([{ type: 'ordinal', unknownValue: null }], train);
    expect(values(transformTable(asMissing, test).column('c'))).toEqual([2, NaN, NaN, 0]);
  });

  it('one-hot with maxCategories 1 puts every category in the other column', () => {
    const train = Table.fromColumns({ c: ['a', 'b', 'a'] });
    const pipeline = fitPipeline([{ type: 'oneHot', maxCategories: 1 }], train);
    expect(pipeline.output.map((c) => c.name)).toEqual(['c=<other>']);
    const out = transformTable(pipeline, Table.fromColumns({ c: ['b', 'new', null] }));
    expect(values(out.column('c=<other>'))).toEqual([1, 1, 0]);
  });

  it('log1p maps values and throws naming the column for a value <= -1 unless signed', () => {
    const table = Table.fromColumns({ x: [0, Math.E - 1, NaN] });
    expect(
      values(transformTable(fitPipeline([{ type: 'log1p' }], table), table).column('x')),
    ).toEqual([0, 1, NaN]);
    const bad = Table.fromColumns({ x: [1, -1] });
    expect(() => fitPipeline([{ type: 'log1p' }], bad)).toThrow(/^x: has -1 at row 1/);
    const signed = transformTable(fitPipeline([{ type: 'log1p', signed: true }], bad), bad);
    expect(values(signed.column('x'))).toEqual([Math.log(2), -Math.log(2)]);
  });

  it('correlationFilter drops the later column of each highly correlated pair', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const table = Table.fromColumns({
      a,
      b: [2, 1, 4, 3, 6, 5],
      twiceA: a.map((v) => 2 * v + 1),
      minusA: a.map((v) => -v),
      c: [1, 0, 1, 0, 1, 0],
    });
    const pipeline = fitPipeline([{ type: 'correlationFilter', threshold: 0.95 }], table);
    expect(pipeline.output.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('expands dates from ISO text and epoch milliseconds the same way, in UTC', () => {
    const iso = [
      '2024-02-29T23:30:00Z',
      '2024-03-01T01:30:00+02:00',
      'garbage',
      null,
      '0099-12-31',
    ];
    const table = Table.fromColumns({
      text: { text: iso },
      ms: iso.map((s) => (s === null ? null : parseIsoDate(s))),
    });
    const parts = [
      'year',
      'month',
      'day',
      'weekday',
      'hour',
      'minute',
      'dayOfYear',
      'quarter',
    ] as const;
    const out = transformTable(
      fitPipeline([{ type: 'datetime', columns: ['text', 'ms'], parts: [...parts] }], table),
      table,
    );
    const row = (prefix: string, i: number) =>
      parts.map((p) => values(out.column(`${prefix}_${p}`))[i]);
    expect(row('text', 0)).toEqual([2024, 2, 29, 3, 23, 30, 60, 1]);
    expect(row('text', 1)).toEqual(row('text', 0));
    expect(row('text', 2).every((v) => Number.isNaN(v))).toBe(true);
    expect(row('text', 3).every((v) => Number.isNaN(v))).toBe(true);
    expect(row('text', 4)).toEqual([99, 12, 31, 3, 0, 0, 365, 4]);
    for (let i = 0; i < iso.length; i++) expect(row('ms', i)).toEqual(row('text', i));
  });

  it('parses ISO dates without an offset as UTC and rejects impossible ones', () => {
    expect(parseIsoDate('2024-01-02 03:04:05')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseIsoDate('2024-01-02T03:04:05.5-01:30')).toBe(Date.UTC(2024, 0, 2, 4, 34, 5, 500));
    expect(parseIsoDate('2023-02-29')).toBeNaN();
    expect(parseIsoDate('2024-13-01')).toBeNaN();
    expect(parseIsoDate('yesterday')).toBeNaN();
  });

  it('imputes a categorical constant that was not a category yet', () => {
    const table = Table.fromColumns({ c: ['a', null] });
    const out = transformTable(
      fitPipeline([{ type: 'impute', strategy: 'constant' }], table),
      table,
    );
    const c = out.column('c');
    expect(c.kind === 'categorical' && Array.from(c.codes, (k) => c.categories[k])).toEqual([
      'a',
      'missing',
    ]);
  });
});

describe('toMatrix', () => {
  it('lays numeric columns out row-major in the order asked', () => {
    const table = Table.fromColumns({ a: [1, 2], b: [3, 4], c: ['x', 'y'] });
    const m = toMatrix(table, ['b', 'a']);
    expect(m.columnNames).toEqual(['b', 'a']);
    expect([...m.data]).toEqual([3, 1, 4, 2]);
  });

  it('throws naming a non-numeric column', () => {
    const table = Table.fromColumns({ a: [1, 2], c: ['x', 'y'], t: { text: ['x', 'y'] } });
    expect(() => toMatrix(table)).toThrow(EngineInputError);
    expect(() => toMatrix(table)).toThrow(/^c: is a categorical column/);
    expect(() => toMatrix(table, ['t'])).toThrow(/^t: is a text column/);
  });
});

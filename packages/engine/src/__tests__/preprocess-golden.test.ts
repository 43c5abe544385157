import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitPipeline, transformTable } from '../preprocess/pipeline.js';
import type { FittedStep, PipelineStep } from '../preprocess/steps.js';
import type { Pipeline } from '../preprocess/pipeline.js';
import { toMatrix } from '../preprocess/to-matrix.js';
import { Table } from '../table.js';

// scikit-learn's outputs on small inputs; fixtures/preprocess-golden.json records the command.
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/preprocess-golden.json', import.meta.url), 'utf8'),
) as Golden;

type Cells = (number | null)[][];
interface TfidfCase {
  name: string;
  params: Record<string, unknown>;
  vocabulary: string[];
  idf: number[] | null;
  train: number[][];
  test: number[][];
}
interface Golden {
  versions: { sklearn: string };
  numeric: { columns: string[]; rows: Cells };
  standardScaler: { mean: number[]; scale: number[]; output: Cells };
  minMaxScaler: { range: [number, number]; output: Cells };
  imputer: Record<string, { statistics?: number[]; output: Cells }> & {
    categorical: { input: (string | null)[]; statistic: string };
  };
  polynomial: {
    rows: Cells;
    cases: {
      degree: number;
      interactionOnly: boolean;
      includeBias: boolean;
      names: string[];
      output: number[][];
    }[];
  };
  oneHot: {
    train: string[];
    test: string[];
    cases: {
      maxCategories: number | null;
      handleUnknown: string;
      names: string[];
      train: number[][];
      test: number[][];
    }[];
  };
  text: {
    train: string[];
    test: string[];
    tfidf: TfidfCase[];
    hashing16: number[][];
    hashing7Counts: number[][];
  };
  varianceThreshold: {
    columns: string[];
    rows: Cells;
    cases: { threshold: number; kept: boolean[] }[];
    variances: number[];
  };
}

function stepOf<T extends FittedStep['type']>(
  pipeline: Pipeline,
  type: T,
): FittedStep & { readonly type: T } {
  const step = pipeline.steps[0]!;
  expect(step.type).toBe(type);
  return step as FittedStep & { readonly type: T };
}

function tableOf(columns: readonly string[], rows: Cells): Table {
  return Table.fromColumns(
    Object.fromEntries(
      columns.map((name, j) => [name, Float64Array.from(rows, (r) => r[j] ?? NaN)]),
    ),
  );
}

function run(steps: PipelineStep[], table: Table, on: Table = table): number[][] {
  const m = toMatrix(transformTable(fitPipeline(steps, table), on));
  return Array.from({ length: m.numRows }, (_, i) =>
    Array.from(m.data.subarray(i * m.numCols, (i + 1) * m.numCols)),
  );
}

// Relative-and-absolute closeness for every cell; null in the fixture means NaN.
function expectCells(actual: number[][], expected: Cells, tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((row, i) => {
    expect(actual[i]!.length).toBe(row.length);
    row.forEach((want, j) => {
      const got = actual[i]![j]!;
      if (want === null) expect(got, `cell ${i},${j}`).toBeNaN();
      else
        expect(Math.abs(got - want), `cell ${i},${j}: ${got} vs ${want}`).toBeLessThanOrEqual(
          tolerance * Math.max(1, Math.abs(want)),
        );
    });
  });
}

const numeric = tableOf(golden.numeric.columns, golden.numeric.rows);

describe(`preprocessing matches scikit-learn ${golden.versions.sklearn}`, () => {
  it('standardize matches StandardScaler (NaN ignored in fit, kept in output)', () => {
    const pipeline = fitPipeline([{ type: 'standardize' }], numeric);
    const step = stepOf(pipeline, 'standardize');
    expectCells([[...step.mean]], [golden.standardScaler.mean]);
    expectCells([[...step.std]], [golden.standardScaler.scale]);
    expectCells(run([{ type: 'standardize' }], numeric), golden.standardScaler.output);
  });

  it('minMax matches MinMaxScaler with a custom range', () => {
    expectCells(
      run([{ type: 'minMax', range: golden.minMaxScaler.range }], numeric),
      golden.minMaxScaler.output,
    );
  });

  it.each(['mean', 'median', 'mostFrequent'] as const)(
    'impute %s matches SimpleImputer, ties to the smallest value',
    (strategy) => {
      const expected = golden.imputer[strategy === 'mostFrequent' ? 'most_frequent' : strategy]!;
      const pipeline = fitPipeline([{ type: 'impute', strategy }], numeric);
      const fills = stepOf(pipeline, 'impute').columns.map((c) => c.fill as number);
      expectCells([fills], [expected.statistics!]);
      expectCells(run([{ type: 'impute', strategy }], numeric), expected.output);
    },
  );

  it('impute with indicators matches add_indicator (only columns that had missing values)', () => {
    const out = run([{ type: 'impute', strategy: 'median', addIndicator: true }], numeric);
    // scikit-learn appends the indicators after all columns; we put each after its column.
    const names = transformTable(
      fitPipeline([{ type: 'impute', strategy: 'median', addIndicator: true }], numeric),
      numeric,
    ).columns.map((c) => c.name);
    expect(names).toEqual(['a', 'a_missing', 'b', 'c', 'd', 'd_missing']);
    const reordered = out.map((r) => [r[0]!, r[2]!, r[3]!, r[4]!, r[1]!, r[5]!]);
    expectCells(reordered, golden.imputer.medianWithIndicator!.output);
  });

  it('mostFrequent on a categorical column breaks a tie by the smallest string', () => {
    const { input, statistic } = golden.imputer.categorical;
    const table = Table.fromColumns({ s: input });
    const out = transformTable(
      fitPipeline([{ type: 'impute', strategy: 'mostFrequent' }], table),
      table,
    );
    const s = out.column('s');
    expect(s.kind === 'categorical' && s.categories[s.codes[2]!]).toBe(statistic);
  });

  it.each(golden.polynomial.cases.map((c) => [c.degree, c.interactionOnly, c.includeBias, c]))(
    'polynomial degree %i interactionOnly %s bias %s matches PolynomialFeatures',
    (_d, _i, _b, c) => {
      const table = tableOf(['a', 'b', 'c'], golden.polynomial.rows);
      const step: PipelineStep = {
        type: 'polynomial',
        degree: c.degree,
        interactionOnly: c.interactionOnly,
        includeBias: c.includeBias,
      };
      const out = transformTable(fitPipeline([step], table), table);
      expect(out.columns.map((col) => col.name)).toEqual(c.names);
      expectCells(run([step], table), c.output);
    },
  );

  it.each(golden.oneHot.cases.map((c) => [c.maxCategories, c.handleUnknown, c]))(
    'oneHot maxCategories %s unknown %s matches OneHotEncoder',
    (_m, _u, c) => {
      const train = Table.fromColumns({ color: golden.oneHot.train });
      const test = Table.fromColumns({ color: golden.oneHot.test });
      const step: PipelineStep = {
        type: 'oneHot',
        ...(c.maxCategories === null ? {} : { maxCategories: c.maxCategories }),
        unknown: c.handleUnknown === 'ignore' ? 'zeros' : 'other',
      };
      const pipeline = fitPipeline([step], train);
      expect(pipeline.output.map((col) => col.name)).toEqual(
        c.names.map((n) => n.replace('color_', 'color=').replace('infrequent_sklearn', '<other>')),
      );
      expectCells(run([step], train), c.train);
      expectCells(run([step], train, test), c.test);
    },
  );

  it.each(golden.text.tfidf.map((c) => [c.name, c]))(
    'tfidf %s matches TfidfVectorizer',
    (_n, c) => {
      const p = c.params;
      const step: PipelineStep = {
        type: 'tfidf',
        ...(p.sublinear_tf !== undefined && { sublinearTf: p.sublinear_tf as boolean }),
        ...(p.min_df !== undefined && { minDf: p.min_df as number }),
        ...(p.max_df !== undefined && { maxDf: p.max_df as number }),
        ...(p.max_features !== undefined && { maxFeatures: p.max_features as number }),
        ...(p.ngram_range !== undefined && { ngramRange: p.ngram_range as [number, number] }),
        ...(p.use_idf !== undefined && { useIdf: p.use_idf as boolean }),
        ...(p.norm !== undefined && { norm: p.norm as 'l1' }),
      };
      const train = Table.fromColumns({ doc: { text: golden.text.train } });
      const test = Table.fromColumns({ doc: { text: golden.text.test } });
      const pipeline = fitPipeline([step], train);
      const fitted = stepOf(pipeline, 'tfidf');
      expect(fitted.columns[0]!.vocabulary).toEqual(c.vocabulary);
      if (c.idf) expectCells([[...fitted.columns[0]!.idf]], [c.idf]);
      expectCells(run([step], train), c.train);
      expectCells(run([step], train, test), c.test);
    },
  );

  it('hashing matches HashingVectorizer (signed, l2) and its plain counts', () => {
    const docs = Table.fromColumns({ doc: { text: [...golden.text.train, ...golden.text.test] } });
    expectCells(run([{ type: 'hashing', numFeatures: 16 }], docs), golden.text.hashing16);
    expectCells(
      run([{ type: 'hashing', numFeatures: 7, alternateSign: false, norm: null }], docs),
      golden.text.hashing7Counts,
    );
  });

  it.each(golden.varianceThreshold.cases.map((c) => [c.threshold, c]))(
    'varianceThreshold %s keeps the columns VarianceThreshold keeps',
    (_t, c) => {
      const { columns, rows } = golden.varianceThreshold;
      const table = tableOf(columns, rows);
      const pipeline = fitPipeline([{ type: 'varianceThreshold', threshold: c.threshold }], table);
      expect(pipeline.output.map((col) => col.name)).toEqual(columns.filter((_, j) => c.kept[j]));
      const scores = stepOf(pipeline, 'varianceThreshold').scores;
      if (c.threshold > 0) {
        expectCells([columns.map((n) => scores[n]!)], [golden.varianceThreshold.variances], 1e-9);
      }
    },
  );
});

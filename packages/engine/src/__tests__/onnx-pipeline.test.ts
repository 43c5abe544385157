import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { predict, type Algorithm, type TrainedModel } from '../model.js';
import { exportOnnx } from '../onnx/export.js';
import type { PipelineStep } from '../preprocess/steps.js';
import { createRandom } from '../random.js';
import { Table } from '../table.js';
import { train } from '../train.js';
import { checkWithOnnx, hasPythonOnnx, runOnnx, worstError } from './onnx-harness.js';

const LEVELS = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];
const DAY = 86_400_000;
const random = createRandom(21);
const records = Array.from({ length: 400 }, (_, i) => {
  const a = Math.fround(random() * 6 - 3);
  const b = i % 6 === 0 ? null : Math.fround(random() * 50 - 10);
  const level = i % 9 === 0 ? null : LEVELS[Math.floor(random() ** 2 * LEVELS.length)]!;
  // 1900–2100, with some fractional and pre-1970 milliseconds; a few missing.
  const when = i % 13 === 0 ? null : Math.floor((random() * 200 - 70) * 365.25 * DAY) + (i % 3) / 2;
  const effect = level === null ? 0 : LEVELS.indexOf(level) - 3;
  const score = a * 2 + (b ?? 5) / 10 + effect + random();
  return {
    a,
    b,
    twin: a, // perfectly correlated with a
    flat: 7, // constant
    level,
    when,
    y: score,
    band: score < 0 ? 'low' : score < 3 ? 'mid' : 'high',
  };
});
const table = Table.fromRecords(records, { categorical: ['level'] });
const odd = Table.fromRecords(
  [
    { a: 1, b: null, twin: 1, flat: 7, level: 'never-seen', when: 0 },
    { a: -2, b: 3, twin: -2, flat: 7, level: null, when: null },
    { a: 0.25, b: -9.5, twin: 0.25, flat: 7, level: 'missing', when: -1.5 },
    { a: 2, b: 40, twin: 2, flat: 7, level: 'white', when: 951_782_400_000 }, // 2000-02-29
  ],
  { categorical: ['level'] },
);

async function expectExportMatches(model: TrainedModel): Promise<Uint8Array> {
  const bytes = exportOnnx(model);
  for (const data of [table, odd]) {
    const ours = predict(model, data);
    const onnx = await runOnnx(bytes, model, data);
    const expected = model.task === 'regression' ? ours.values! : ours.probabilities!;
    expect(worstError(onnx, expected)).toBeLessThan(1e-5);
  }
  return bytes;
}

function fit(
  preprocessing: readonly PipelineStep[],
  features: readonly string[],
  options: { target?: string; algorithm?: Algorithm; params?: Record<string, unknown> } = {},
): Promise<TrainedModel> {
  return train(
    {
      target: options.target ?? 'y',
      features,
      algorithm: options.algorithm ?? 'linear',
      preprocessing,
      ...(options.params ? { params: options.params } : {}),
    },
    table,
  );
}

const MEAN_IMPUTE: PipelineStep = { type: 'impute', strategy: 'mean' };

describe('ONNX export of each pipeline step (small pipeline + linear model)', () => {
  const stepCases: [string, readonly PipelineStep[], readonly string[], string?][] = [
    ['impute (mean, indicator)', [{ type: 'impute', addIndicator: true }], ['a', 'b']],
    [
      'impute (median) + standardize without mean',
      [
        { type: 'impute', strategy: 'median' },
        { type: 'standardize', withMean: false },
      ],
      ['a', 'b'],
    ],
    [
      'impute categorical (most frequent, indicator) + one-hot',
      [
        { type: 'impute', strategy: 'mostFrequent', addIndicator: true, columns: ['level'] },
        { type: 'oneHot' },
      ],
      ['a', 'level'],
    ],
    [
      'impute categorical (constant "missing", a string the input may also send) + one-hot',
      [
        { type: 'impute', strategy: 'constant', columns: ['level'] },
        { type: 'oneHot', unknown: 'zeros' },
      ],
      ['a', 'level'],
    ],
    ['minMax to [-1, 2]', [MEAN_IMPUTE, { type: 'minMax', range: [-1, 2] }], ['a', 'b']],
    ['log1p signed', [MEAN_IMPUTE, { type: 'log1p', signed: true }], ['a', 'b']],
    ['log1p unsigned', [MEAN_IMPUTE, { type: 'log1p', columns: ['flat'] }], ['a', 'flat']],
    [
      'polynomial (degree 3, bias)',
      [MEAN_IMPUTE, { type: 'polynomial', degree: 3, includeBias: true }],
      ['a', 'b'],
    ],
    [
      'polynomial (interactions only)',
      [MEAN_IMPUTE, { type: 'polynomial', interactionOnly: true }],
      ['a', 'b', 'flat'],
    ],
    [
      'one-hot with an other bucket that takes unseen categories',
      [{ type: 'oneHot', maxCategories: 4 }],
      ['a', 'level'],
    ],
    [
      'one-hot with an other bucket, unseen to zeros',
      [{ type: 'oneHot', maxCategories: 3, unknown: 'zeros' }],
      ['a', 'level'],
    ],
    ['ordinal (unknown -1, missing imputed)', [{ type: 'ordinal' }, MEAN_IMPUTE], ['a', 'level']],
    [
      'ordinal (unknown as missing, then imputed)',
      [
        { type: 'ordinal', unknownValue: null },
        { type: 'impute', strategy: 'median' },
      ],
      ['a', 'level'],
    ],
    ['target encoding (continuous)', [{ type: 'targetEncode' }], ['a', 'level']],
    [
      'target encoding (multiclass, m-smoothing)',
      [{ type: 'targetEncode', smooth: 5 }],
      ['a', 'level'],
      'band',
    ],
    [
      'datetime from epoch ms (every part), imputed',
      [
        {
          type: 'datetime',
          columns: ['when'],
          parts: [
            'year',
            'month',
            'day',
            'weekday',
            'hour',
            'minute',
            'second',
            'dayOfYear',
            'quarter',
          ],
        },
        MEAN_IMPUTE,
      ],
      ['a', 'when'],
    ],
    [
      'varianceThreshold and correlationFilter drops',
      [MEAN_IMPUTE, { type: 'varianceThreshold' }, { type: 'correlationFilter' }],
      ['a', 'b', 'twin', 'flat'],
    ],
    [
      'selectMutualInfo drop',
      [MEAN_IMPUTE, { type: 'selectMutualInfo', k: 1 }],
      ['a', 'b', 'flat'],
    ],
  ];
  it.each(stepCases)('%s', async (_, steps, features, target) => {
    const model = await fit(steps, features, target ? { target } : {});
    const bytes = await expectExportMatches(model);
    if (hasPythonOnnx) expect(checkWithOnnx(bytes)).toBe('ok');
  });

  it('exports the same bytes from a JSON round trip of the model, and declares date inputs double', async () => {
    const model = await fit(
      [
        { type: 'datetime', columns: ['when'], parts: ['year', 'hour'] },
        MEAN_IMPUTE,
        { type: 'oneHot' },
      ],
      ['a', 'when', 'level'],
      { algorithm: 'mlp', params: { hiddenLayerSizes: [4], maxEpochs: 3 } },
    );
    const bytes = exportOnnx(model);
    expect(exportOnnx(JSON.parse(JSON.stringify(model)) as TrainedModel)).toEqual(bytes);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['a', 'when', 'level']);
    const types = session.inputMetadata.map((m) => (m.isTensor ? m.type : null));
    expect(types).toEqual(['float32', 'float64', 'string']);
  });

  it('drops do not forward the dropped columns to the model', async () => {
    const model = await fit(
      [MEAN_IMPUTE, { type: 'varianceThreshold' }, { type: 'correlationFilter' }],
      ['a', 'b', 'twin', 'flat'],
    );
    expect(model.pipeline!.output.map((c) => c.name)).toEqual(['a', 'b']);
  });
});

describe('ONNX export of tree models with a pipeline', () => {
  it.each([
    ['gbdt', 'y', { nIter: 20, numLeaves: 7 }],
    ['gbdt', 'band', { nIter: 10, numLeaves: 7 }],
    ['forest', 'band', { nTrees: 8 }],
    ['tree', 'y', { maxDepth: 5 }],
  ] as const)(
    '%s on %s after impute, log1p and categorical imputation',
    async (algorithm, target, params) => {
      const model = await fit(
        [
          { type: 'impute', strategy: 'median', addIndicator: true, columns: ['b'] },
          { type: 'log1p', signed: true, columns: ['b'] },
          { type: 'impute', strategy: 'constant', columns: ['level'] },
        ],
        ['a', 'b', 'level'],
        { target, algorithm, params },
      );
      const bytes = await expectExportMatches(model);
      if (hasPythonOnnx) expect(checkWithOnnx(bytes)).toBe('ok');
    },
  );

  it('gbdt with a numeric-only pipeline reads the raw categorical strings', async () => {
    const model = await fit([{ type: 'standardize' }], ['a', 'b', 'level'], {
      algorithm: 'gbdt',
      params: { nIter: 15 },
    });
    await expectExportMatches(model);
  });
});

describe('ONNX export refuses what it cannot express', () => {
  const texts = Table.fromColumns({
    note: { text: ['red fish', 'blue fish', null, 'one fish two fish', 'red', 'blue sky'] },
    day: { text: ['2024-01-01', '2024-02-03', null, '2023-12-31', '2024-06-01', '2024-07-04'] },
    x: [1, 2, 3, 4, 5, 6],
    y: [1.5, 2.5, 2, 4.5, 5, 6.5],
  });
  it.each([
    ['tfidf', [{ type: 'tfidf' }], ['x', 'note']],
    ['hashing', [{ type: 'hashing', numFeatures: 8 }], ['x', 'note']],
    ['datetime', [{ type: 'datetime', columns: ['day'] }, { type: 'impute' }], ['x', 'day']],
  ] as const)('a %s step throws EngineInputError naming it', async (type, steps, features) => {
    const model = await train(
      { target: 'y', features, algorithm: 'linear', preprocessing: steps },
      texts,
    );
    const error = (() => {
      try {
        exportOnnx(model);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(EngineInputError);
    expect((error as EngineInputError).subject).toBe('pipeline.steps[0]');
    expect((error as EngineInputError).message).toContain(
      type === 'datetime' ? 'text' : `'${type}'`,
    );
  });

  it.each([
    ['gbdt', 'features'],
    ['linear', 'prediction'],
  ] as const)(
    'a %s model with a column named %s throws naming the column',
    async (algorithm, name) => {
      const clash = Table.fromColumns({
        [name]: [1, 2, 3, 4, 5, 6, 7, 8],
        y: [1.5, 3.25, 2, 5.5, 4, 6.75, 8, 7.5],
      });
      const params = algorithm === 'gbdt' ? { nIter: 2, minSamplesLeaf: 1 } : {};
      const model = await train({ target: 'y', algorithm, params }, clash);
      expect(() => exportOnnx(model)).toThrow(expect.objectContaining({ subject: name }));
    },
  );

  it('rejects something that is not a model', () => {
    expect(() => exportOnnx({ format: 'other' } as unknown as TrainedModel)).toThrow(
      EngineInputError,
    );
  });
});

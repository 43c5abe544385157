// The engine in a real browser: the Vite build runs GBDT cases inside a Web Worker in headless
// Chromium, and every model and prediction must be bit-identical to the engine source in Node.
// Needs no server: the harness is served by a small static server of its own.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import {
  hexToFloat64,
  predictRaw,
  runCase,
  type CaseResult,
  type ConformanceCase,
  type TableSpec,
} from '../packages/engine/browser/conformance-cases.js';
import {
  buildBrowserEngine,
  ENGINE_BUNDLE,
  serveHarness,
} from '../packages/engine/browser/harness.mjs';
import type { ConformanceApi, ErrorSeen } from '../packages/engine/browser/protocol.js';
import type { GbdtParams } from '../packages/engine/src/index.js';
import { EngineInputError, predictGbdt, Table, trainGbdt } from '../packages/engine/src/index.js';

const nodeEngine = { Table, trainGbdt, predictGbdt };

interface Golden {
  nTrain: number;
  columns: string[];
  rows: (number | null)[][];
  yRegression: number[];
  yBinary: number[];
  yMulticlass: number[];
  yCategorical: number[];
  category: string[];
}

const golden = JSON.parse(
  readFileSync(
    new URL('../packages/engine/src/__tests__/fixtures/gbdt-golden.json', import.meta.url),
    'utf8',
  ),
) as Golden;
const nTrain = golden.nTrain;
const nRows = golden.rows.length;

/** The fixture's rows [start, end): six numeric columns with missing values, and a category. */
function goldenColumns(start: number, end: number, withCategory = false): TableSpec {
  const rows = golden.rows.slice(start, end);
  const numeric = Object.fromEntries(
    golden.columns.map((name, j) => [name, rows.map((r) => r[j]!)]),
  );
  if (!withCategory) return { numeric };
  const category: (string | null)[] = golden.category.slice(start, end);
  return { numeric, categorical: { category } };
}

function goldenCase(name: string, params: GbdtParams, target: number[], withCategory = false) {
  return {
    name,
    params,
    train: goldenColumns(0, nTrain, withCategory),
    target: target.slice(0, nTrain),
    predict: goldenColumns(nTrain, nRows, withCategory),
  } satisfies ConformanceCase;
}

const regression = goldenCase(
  'row and column subsampling',
  {
    objective: 'regression',
    nIter: 30,
    numLeaves: 15,
    learningRate: 0.2,
    subsample: 0.8,
    colsampleByTree: 0.8,
    seed: 7,
    earlyStopping: false,
  },
  golden.yRegression,
);
const categoricalRegression = withUnseenCategories(
  goldenCase(
    'a categorical column split by category sets',
    { objective: 'regression', nIter: 25, numLeaves: 15, seed: 3, earlyStopping: false },
    golden.yCategorical,
    true,
  ),
);
const binary = goldenCase(
  'early stopping on a seeded validation split',
  {
    objective: 'binary',
    nIter: 300,
    l2: 1,
    earlyStopping: true,
    validationFraction: 0.2,
    seed: 11,
  },
  golden.yBinary,
);
const multiclass = withUnseenCategories(
  goldenCase(
    'a categorical column',
    { objective: 'multiclass', nIter: 20, numLeaves: 15, seed: 5, earlyStopping: false },
    golden.yMulticlass,
    true,
  ),
);

/** At predict time, the first 5 rows get a category never seen in training, the next 5 none. */
function withUnseenCategories(c: ConformanceCase): ConformanceCase {
  const category = golden.category
    .slice(nTrain)
    .map((value, i) => (i < 5 ? 'never-seen' : i < 10 ? null : value));
  return { ...c, predict: { ...c.predict, categorical: { category } } };
}

// page.evaluate sends a function's source to the page, so each call spells out this cast.
type Harness = { conformance: ConformanceApi };

async function trainInBrowser(page: Page, c: ConformanceCase) {
  return page.evaluate(([c]) => (globalThis as unknown as Harness).conformance.train(c), [
    c,
  ] as const);
}

async function predictRawInBrowser(page: Page, modelJson: string, table: TableSpec) {
  return page.evaluate(
    ([m, t]) => (globalThis as unknown as Harness).conformance.predictRaw(m, t),
    [modelJson, table] as const,
  );
}

/** Every bit of a hex-encoded Float64Array, as numbers toEqual compares with Object.is. */
const bits = (hex: string) => Array.from(hexToFloat64(hex));

/** Asserts that two runs made the same model and the same predictions, bit for bit. */
function expectIdentical(browser: CaseResult, node: CaseResult): void {
  expect(JSON.parse(browser.modelJson)).toEqual(JSON.parse(node.modelJson));
  expect(bits(browser.predictionsHex)).toEqual(bits(node.predictionsHex));
  expect(browser.trees).toBe(node.trees);
}

/** What Node throws for a case, in the shape the page reports it. */
async function nodeError(c: ConformanceCase): Promise<ErrorSeen> {
  const error: unknown = await runCase(nodeEngine, c).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof EngineInputError)) throw new Error('Node did not refuse the case');
  const { name, message, subject } = error;
  return { name, message, subject, instanceOf: 'EngineInputError' };
}

/** exp, log and log1p of fixed inputs: self-contained, because it also runs in the page. */
let harness: { url: string; close(): Promise<void> };

test.beforeAll(async () => {
  await buildBrowserEngine();
  harness = await serveHarness();
});

test.afterAll(async () => {
  await harness?.close();
});

// Failures here are value diffs, not UI states: traces and screenshots of a blank page add ~10 s.
test.use({ trace: 'off', screenshot: 'off' });

let pageErrors: string[] = [];

test.beforeEach(async ({ page }) => {
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(harness.url);
  await page.waitForFunction(() => 'conformance' in globalThis, undefined, { timeout: 10_000 });
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

test.describe('engine in Chromium (Vite build, Web Worker)', () => {
  test('the browser build is one ES module that imports nothing', () => {
    const bundle = readFileSync(ENGINE_BUNDLE, 'utf8');
    expect(bundle).not.toMatch(/^\s*import\b|\bimport\s*\(|\brequire\s*\(|['"]node:/m);
    const exported = bundle
      .match(/^export \{([^}]*)\}/m)?.[1]
      ?.split(',')
      .map((s) => s.trim());
    expect(exported).toEqual(
      expect.arrayContaining(['Table', 'trainGbdt', 'predictGbdt', 'EngineInputError']),
    );
  });

  // Squared error needs no exp or log: training is pure arithmetic, identical on every runtime.
  for (const c of [regression, categoricalRegression]) {
    test(`regression with ${c.name}: model and predictions are bit-identical to Node`, async ({
      page,
    }) => {
      const [browser, node] = await Promise.all([trainInBrowser(page, c), runCase(nodeEngine, c)]);
      expect(browser.inWorker).toBe(true);
      expectIdentical(browser.result, node);
    });
  }

  for (const c of [binary, multiclass]) {
    const objective = c.params.objective;

    // Log loss and softmax need exp and log. V8 does not round Math.exp / Math.log the same in
    // every version (Node 20's V8 11.3 and Chromium 156 differ by an ulp on ~10% of exp calls),
    // and an ulp in a gradient can flip a near-tied split; so the engine computes them itself
    // from + − × ÷ (src/math.ts), and this test holds it to bit-identical models.
    test(`${objective} with ${c.name}: model and predictions are bit-identical to Node`, async ({
      page,
    }) => {
      const [browser, node] = await Promise.all([trainInBrowser(page, c), runCase(nodeEngine, c)]);
      expect(browser.inWorker).toBe(true);
      expectIdentical(browser.result, node);
    });

    test(`${objective} with ${c.name}: a model scores bit-identically in Node and Chromium`, async ({
      page,
    }) => {
      const [browser, node] = await Promise.all([trainInBrowser(page, c), runCase(nodeEngine, c)]);
      expect(browser.inWorker).toBe(true);
      // Raw scores are sums of leaf values: a model trained on one runtime serves on the other.
      for (const modelJson of [browser.result.modelJson, node.modelJson]) {
        const inBrowser = await predictRawInBrowser(page, modelJson, c.predict);
        expect(bits(inBrowser)).toEqual(bits(predictRaw(nodeEngine, modelJson, c.predict)));
      }
    });
  }

  test('the browser runs are real: early stopping stops, class probabilities sum to 1', async ({
    page,
  }) => {
    const stopped = (await trainInBrowser(page, binary)).result;
    expect(stopped.trees).toBeGreaterThan(10);
    expect(stopped.trees).toBeLessThan(300);
    const { result } = await trainInBrowser(page, multiclass);
    expect(result.trees).toBe(20 * 3);
    const p = hexToFloat64(result.predictionsHex);
    expect(p.length).toBe((nRows - nTrain) * 3);
    for (let i = 0; i < p.length; i += 3) expect(p[i]! + p[i + 1]! + p[i + 2]!).toBeCloseTo(1, 12);
  });

  test('an abort posted to the worker stops training; the worker then trains again', async ({
    page,
  }) => {
    const endless: ConformanceCase = {
      ...regression,
      name: 'long run to abort',
      params: { objective: 'regression', nIter: 100_000, numLeaves: 7, earlyStopping: false },
    };
    const { error, lastProgress, next } = await page.evaluate(
      ([c, n]) => (globalThis as unknown as Harness).conformance.trainAndAbort(c, 1, n),
      [endless, regression] as const,
    );
    expect(error.instanceOf).toBe('TrainingAbortedError');
    expect(error.name).toBe('AbortError');
    expect(error.iteration).toBeGreaterThanOrEqual(1);
    expect(error.iteration).toBeLessThan(100_000);
    expect(error.message).toBe(`training aborted after ${error.iteration} iteration(s)`);
    // Every progress message was posted before the rejection, so the page saw them all.
    expect(lastProgress).toBe(error.iteration);
    expectIdentical(next, await runCase(nodeEngine, regression));
  });

  const constant = (value: number) => Array.from({ length: nTrain }, () => value);
  const withTarget = (target: number[], params: GbdtParams): ConformanceCase => ({
    ...regression,
    params,
    target,
  });
  const withParams = (params: object): ConformanceCase => ({
    ...regression,
    params: params as GbdtParams,
  });
  const refusals: [string, string, ConformanceCase][] = [
    ['numLeaves 1', 'numLeaves', withParams({ objective: 'regression', numLeaves: 1 })],
    ['nIter 1e9', 'nIter', withParams({ objective: 'regression', nIter: 1e9 })],
    ['an unknown parameter', 'leaves', withParams({ objective: 'regression', leaves: 3 })],
    ['an empty table', 'table', { ...regression, train: { numeric: { x0: [] } }, target: [] }],
    ['a NaN target', 'target', withTarget([NaN, ...constant(1).slice(1)], regression.params)],
    [
      'an Infinity target',
      'target',
      withTarget([...constant(1).slice(1), Infinity], regression.params),
    ],
    ['a single-class binary target', 'target', withTarget(constant(1), { objective: 'binary' })],
  ];
  for (const [label, subject, c] of refusals) {
    test(`${label} crosses the worker boundary as an EngineInputError on ${subject}`, async ({
      page,
    }) => {
      const seen = await page.evaluate(
        ([c]) => (globalThis as unknown as Harness).conformance.trainExpectingError(c),
        [c] as const,
      );
      expect(seen).toEqual(await nodeError(c));
      expect(seen.subject).toBe(subject);
      expect(seen.message.startsWith(`${subject}: `)).toBe(true);
    });
  }
});

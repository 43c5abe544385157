import { EngineInputError } from '../errors.js';
import { checkInteger } from '../param-checks.js';

/** What the forest predicts: class probabilities (Gini splits) or a number (squared error). */
export type ForestTask = 'classification' | 'regression';

/**
 * Features tried per split, as scikit-learn's `max_features`: `'sqrt'`, `'log2'`, `'all'` (or
 * null), an integer count >= 1, or a fraction in (0, 1) of the features (rounded down, at least
 * one). scikit-learn's float `1.0` is `'all'` here: a plain `1` means one feature.
 */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number | null;

/** Hyperparameters of `trainForest`; names and defaults follow scikit-learn's RandomForest. */
export interface ForestParams {
  /** `classification` (target: class codes 0..k-1) or `regression`. */
  readonly task: ForestTask;
  /** Trees in the forest, default 100. */
  readonly nTrees?: number;
  /** Deepest a leaf may be (root = depth 0); null means unlimited (default). */
  readonly maxDepth?: number | null;
  /** Fewest training rows in a leaf, default 1. */
  readonly minSamplesLeaf?: number;
  /** Fewest training rows a node needs to be split, default 2. */
  readonly minSamplesSplit?: number;
  /** Most leaves per tree, grown best-first; null means unlimited (default). */
  readonly maxLeaves?: number | null;
  /** Features tried per split; default `'sqrt'` for classification, `'all'` for regression. */
  readonly maxFeatures?: MaxFeatures;
  /** Draw each tree's rows with replacement (default true); false gives every tree all rows. */
  readonly bootstrap?: boolean;
  /** Rows drawn per tree as a share of the training rows, in (0, 1]; default 1. */
  readonly maxSamples?: number;
  /** Most value bins per feature (2..255), default 255; missing values get one more bin. */
  readonly maxBins?: number;
  /** Rows sampled to fit bin edges, default 200,000. */
  readonly binSampleSize?: number;
  /** Seed of every random choice (bin sample, bootstrap, features per split), default 0. */
  readonly seed?: number;
}

/** Parameters with every default filled in; `maxFeatures` stays as given (resolved per table). */
export interface ResolvedForestParams {
  readonly task: ForestTask;
  readonly nTrees: number;
  readonly maxDepth: number | null;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  readonly maxLeaves: number | null;
  readonly maxFeatures: Exclude<MaxFeatures, null>;
  readonly bootstrap: boolean;
  readonly maxSamples: number;
  readonly maxBins: number;
  readonly binSampleSize: number;
  readonly seed: number;
}

const TASKS: readonly ForestTask[] = ['classification', 'regression'];

const DEFAULTS = {
  nTrees: 100,
  maxDepth: null,
  minSamplesLeaf: 1,
  minSamplesSplit: 2,
  maxLeaves: null,
  bootstrap: true,
  maxSamples: 1,
  maxBins: 255,
  binSampleSize: 200_000,
  seed: 0,
};

/** Checks the parameters and fills in defaults; throws `EngineInputError` naming the bad one. */
export function resolveForestParams(params: ForestParams): ResolvedForestParams {
  if (typeof params !== 'object' || params === null) {
    throw new EngineInputError('params', 'must be an object with at least `task`');
  }
  if (!TASKS.includes(params.task)) {
    throw new EngineInputError(
      'task',
      `must be one of ${TASKS.join(', ')}; got ${String(params.task)}`,
    );
  }
  const known = new Set([...Object.keys(DEFAULTS), 'task', 'maxFeatures']);
  for (const key of Object.keys(params)) {
    if (!known.has(key)) throw new EngineInputError(key, 'is not a random-forest parameter');
  }
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const maxFeatures =
    params.maxFeatures ?? (params.task === 'classification' ? 'sqrt' : ('all' as const));
  const p: ResolvedForestParams = { ...DEFAULTS, ...given, task: params.task, maxFeatures };
  checkInteger('nTrees', p.nTrees, 1, 100_000);
  if (p.maxDepth !== null) checkInteger('maxDepth', p.maxDepth, 1, 10_000);
  checkInteger('minSamplesLeaf', p.minSamplesLeaf, 1, Number.MAX_SAFE_INTEGER);
  checkInteger('minSamplesSplit', p.minSamplesSplit, 2, Number.MAX_SAFE_INTEGER);
  if (p.maxLeaves !== null) checkInteger('maxLeaves', p.maxLeaves, 2, 2 ** 31 - 1);
  checkMaxFeatures(p.maxFeatures);
  if (typeof p.bootstrap !== 'boolean')
    throw new EngineInputError('bootstrap', 'must be a boolean');
  const s = p.maxSamples;
  if (typeof s !== 'number' || !(s > 0 && s <= 1)) {
    throw new EngineInputError('maxSamples', `must be a share of the rows in (0, 1], got ${s}`);
  }
  if (s < 1 && !p.bootstrap) {
    throw new EngineInputError('maxSamples', 'only applies with bootstrap: true');
  }
  checkInteger('maxBins', p.maxBins, 2, 255);
  checkInteger('binSampleSize', p.binSampleSize, 1, Number.MAX_SAFE_INTEGER);
  checkInteger('seed', p.seed, 0, 2 ** 32 - 1);
  return p;
}

/** Number of features tried per split for a table of `numFeatures`, as scikit-learn counts it. */
export function featuresPerSplit(
  maxFeatures: Exclude<MaxFeatures, null>,
  numFeatures: number,
): number {
  if (maxFeatures === 'all') return numFeatures;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(numFeatures)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(numFeatures)));
  if (maxFeatures < 1) return Math.max(1, Math.floor(maxFeatures * numFeatures));
  if (maxFeatures > numFeatures) {
    throw new EngineInputError(
      'maxFeatures',
      `asks for ${maxFeatures} features per split but the table has ${numFeatures}`,
    );
  }
  return maxFeatures;
}

function checkMaxFeatures(value: unknown): void {
  if (value === 'sqrt' || value === 'log2' || value === 'all') return;
  const ok =
    typeof value === 'number' &&
    ((value > 0 && value < 1) || (Number.isInteger(value) && value >= 1 && value <= 2 ** 31));
  if (!ok) {
    throw new EngineInputError(
      'maxFeatures',
      `must be 'sqrt', 'log2', 'all', a count >= 1 or a fraction in (0, 1); got ${String(value)}`,
    );
  }
}

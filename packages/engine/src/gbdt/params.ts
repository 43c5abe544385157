import { EngineInputError } from '../errors.js';
import { checkInteger, checkNumber } from '../param-checks.js';

/** Loss the boosting minimises. */
export type GbdtObjective = 'regression' | 'absolute' | 'huber' | 'binary' | 'multiclass';

const OBJECTIVES: readonly GbdtObjective[] = [
  'regression',
  'absolute',
  'huber',
  'binary',
  'multiclass',
];

/** Hyperparameters of `trainGbdt`; defaults follow LightGBM / scikit-learn. */
export interface GbdtParams {
  /**
   * `regression` (squared error), `absolute` (absolute error), `huber`, `binary` (logistic loss;
   * target 0/1) or `multiclass` (softmax; target class codes 0..k-1, one tree per class and
   * iteration).
   */
  readonly objective: GbdtObjective;
  /** Boosting iterations (trees), default 100. */
  readonly nIter?: number;
  /** Shrinkage applied to every leaf value, default 0.1. */
  readonly learningRate?: number;
  /** Most leaves per tree, default 31. */
  readonly numLeaves?: number;
  /** Deepest a leaf may be (root = depth 0); null means unlimited (default). */
  readonly maxDepth?: number | null;
  /** Fewest training rows in a leaf, default 20. */
  readonly minSamplesLeaf?: number;
  /** Smallest hessian sum in a leaf, default 1e-3. */
  readonly minHessian?: number;
  /** L2 regularisation of leaf values (lambda), default 0. */
  readonly l2?: number;
  /** L1 regularisation of leaf values (alpha), default 0. */
  readonly l1?: number;
  /** Where the Huber loss turns from squared to linear, default 1. */
  readonly huberDelta?: number;
  /** Share of training rows each iteration's trees see (sampled without replacement), default 1. */
  readonly subsample?: number;
  /** Share of features each tree may split on, default 1. */
  readonly colsampleByTree?: number;
  /** Smallest gain a split must exceed, default 0. */
  readonly minGain?: number;
  /** Most value bins per feature (2..255), default 255; missing values get one more bin. */
  readonly maxBins?: number;
  /** Rows sampled to fit bin edges, default 200,000. */
  readonly binSampleSize?: number;
  /** Seed of every random choice (bin sample, validation split), default 0. */
  readonly seed?: number;
  /** Stop on a held-out validation loss; `auto` (default) enables it above 10,000 rows. */
  readonly earlyStopping?: boolean | 'auto';
  /** Share of rows held out for early stopping, default 0.1. */
  readonly validationFraction?: number;
  /** Iterations without improvement before stopping, default 10. */
  readonly nIterNoChange?: number;
  /** Smallest validation-loss decrease that counts as an improvement, default 1e-7. */
  readonly tol?: number;
  /** Derive the larger child's histogram as parent − smaller child (default true). */
  readonly histogramSubtraction?: boolean;
}

/** Parameters with every default filled in. */
export type ResolvedGbdtParams = Required<Omit<GbdtParams, 'maxDepth'>> & {
  readonly maxDepth: number | null;
};

/** Checks the parameters and fills in defaults; throws `EngineInputError` naming the bad one. */
export function resolveGbdtParams(params: GbdtParams): ResolvedGbdtParams {
  if (!OBJECTIVES.includes(params.objective)) {
    throw new EngineInputError(
      'objective',
      `must be one of ${OBJECTIVES.join(', ')}; got ${String(params.objective)}`,
    );
  }
  const known = new Set(Object.keys(DEFAULTS).concat('objective', 'maxDepth'));
  for (const key of Object.keys(params)) {
    if (!known.has(key)) throw new EngineInputError(key, 'is not a GBDT parameter');
  }
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const p = { ...DEFAULTS, maxDepth: null, ...given } as ResolvedGbdtParams;
  checkInteger('nIter', p.nIter, 1, 100_000);
  checkNumber('learningRate', p.learningRate, 0, 10, false);
  checkInteger('numLeaves', p.numLeaves, 2, 65_536);
  if (p.maxDepth !== null) checkInteger('maxDepth', p.maxDepth, 1, 1_000);
  checkInteger('minSamplesLeaf', p.minSamplesLeaf, 1, Number.MAX_SAFE_INTEGER);
  checkNumber('minHessian', p.minHessian, 0, Infinity, true);
  checkNumber('l2', p.l2, 0, Infinity, true);
  checkNumber('l1', p.l1, 0, Infinity, true);
  checkNumber('huberDelta', p.huberDelta, 0, Infinity, false);
  checkNumber('subsample', p.subsample, 0, 1, false);
  checkNumber('colsampleByTree', p.colsampleByTree, 0, 1, false);
  checkNumber('minGain', p.minGain, 0, Infinity, true);
  checkInteger('maxBins', p.maxBins, 2, 255);
  checkInteger('binSampleSize', p.binSampleSize, 1, Number.MAX_SAFE_INTEGER);
  checkInteger('seed', p.seed, 0, 2 ** 32 - 1);
  if (p.earlyStopping !== 'auto' && typeof p.earlyStopping !== 'boolean') {
    throw new EngineInputError('earlyStopping', `must be true, false or 'auto'`);
  }
  checkNumber('validationFraction', p.validationFraction, 0, 1, false);
  if (p.validationFraction >= 1) {
    throw new EngineInputError('validationFraction', 'must be below 1');
  }
  checkInteger('nIterNoChange', p.nIterNoChange, 1, 100_000);
  checkNumber('tol', p.tol, 0, Infinity, true);
  if (typeof p.histogramSubtraction !== 'boolean') {
    throw new EngineInputError('histogramSubtraction', 'must be a boolean');
  }
  return p;
}

const DEFAULTS = {
  nIter: 100,
  learningRate: 0.1,
  numLeaves: 31,
  minSamplesLeaf: 20,
  minHessian: 1e-3,
  l2: 0,
  l1: 0,
  huberDelta: 1,
  subsample: 1,
  colsampleByTree: 1,
  minGain: 0,
  maxBins: 255,
  binSampleSize: 200_000,
  seed: 0,
  earlyStopping: 'auto' as boolean | 'auto',
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  histogramSubtraction: true,
};

import { EngineInputError } from '../errors.js';
import { checkInteger, checkNumber } from '../param-checks.js';

/** What the network predicts: a value, P(class 1), or one probability per class. */
export type MlpObjective = 'regression' | 'binary' | 'multiclass';

/** Nonlinearity of the hidden layers (`sigmoid` is scikit-learn's `logistic`). */
export type MlpActivation = 'relu' | 'tanh' | 'sigmoid' | 'identity';

/** How the weights are updated from a mini-batch gradient. */
export type MlpSolver = 'adam' | 'sgd';

/** Hyperparameters of `trainMlp`; defaults follow scikit-learn's MLPClassifier / MLPRegressor. */
export interface MlpParams {
  /** `regression` (squared error), `binary` (target 0/1) or `multiclass` (target 0..k-1). */
  readonly objective: MlpObjective;
  /** Units of each hidden layer, default [100]; [] gives a linear / logistic model. */
  readonly hiddenLayerSizes?: readonly number[];
  /** Hidden-layer activation, default `relu`. */
  readonly activation?: MlpActivation;
  /** Optimizer, default `adam`. */
  readonly solver?: MlpSolver;
  /** Step size (scikit-learn's `learning_rate_init`), default 1e-3. */
  readonly learningRate?: number;
  /** Rows per mini-batch; `auto` (default) means min(200, training rows). */
  readonly batchSize?: number | 'auto';
  /** L2 penalty on the weights (not the biases), default 1e-4. */
  readonly alpha?: number;
  /** Most passes over the training rows, default 200. */
  readonly maxEpochs?: number;
  /** Shuffle the training rows before every epoch, default true. */
  readonly shuffle?: boolean;
  /** Seed of the weight init, the validation split, shuffling and dropout, default 0. */
  readonly seed?: number;
  /** Share of hidden units zeroed per row during training (inverted dropout), default 0. */
  readonly dropout?: number;
  /** SGD momentum, default 0.9. */
  readonly momentum?: number;
  /** Nesterov momentum for SGD, default true (as scikit-learn). */
  readonly nesterov?: boolean;
  /** Adam's first-moment decay, default 0.9. */
  readonly beta1?: number;
  /** Adam's second-moment decay, default 0.999. */
  readonly beta2?: number;
  /** Adam's denominator guard, default 1e-8. */
  readonly epsilon?: number;
  /** Stop on a held-out validation score (accuracy or R²) instead of the training loss. */
  readonly earlyStopping?: boolean;
  /** Share of rows held out when `earlyStopping`, default 0.1 (stratified for classification). */
  readonly validationFraction?: number;
  /** Epochs without an improvement of at least `tol` before stopping, default 10. */
  readonly nIterNoChange?: number;
  /** Smallest improvement of the loss (or validation score) that counts, default 1e-4. */
  readonly tol?: number;
  /** Number of classes for `multiclass`; default: the largest class code + 1. */
  readonly numClasses?: number;
}

/** Parameters with every default filled in (`numClasses` stays as given). */
export type ResolvedMlpParams = Required<Omit<MlpParams, 'numClasses'>> & {
  readonly hiddenLayerSizes: readonly number[];
  readonly numClasses?: number;
};

const DEFAULTS = {
  hiddenLayerSizes: [100] as readonly number[],
  activation: 'relu' as MlpActivation,
  solver: 'adam' as MlpSolver,
  learningRate: 1e-3,
  batchSize: 'auto' as number | 'auto',
  alpha: 1e-4,
  maxEpochs: 200,
  shuffle: true,
  seed: 0,
  dropout: 0,
  momentum: 0.9,
  nesterov: true,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-4,
};

// Guards memory: a Float32 weight, its gradient and two moments take 16 bytes.
const MAX_WEIGHTS = 50_000_000;

/** Checks the parameters and fills in defaults; throws `EngineInputError` naming the bad one. */
export function resolveMlpParams(params: MlpParams): ResolvedMlpParams {
  const objectives: readonly string[] = ['regression', 'binary', 'multiclass'];
  if (!objectives.includes(params.objective as string)) {
    throw new EngineInputError(
      'objective',
      `must be 'regression', 'binary' or 'multiclass', got ${String(params.objective)}`,
    );
  }
  const known = new Set(Object.keys(DEFAULTS).concat('objective', 'numClasses'));
  for (const key of Object.keys(params)) {
    if (!known.has(key)) throw new EngineInputError(key, 'is not an MLP parameter');
  }
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const p = { ...DEFAULTS, ...given } as ResolvedMlpParams;
  if (!Array.isArray(p.hiddenLayerSizes) || p.hiddenLayerSizes.length > 100) {
    throw new EngineInputError('hiddenLayerSizes', 'must be an array of at most 100 layer sizes');
  }
  p.hiddenLayerSizes.forEach((units) => checkInteger('hiddenLayerSizes', units, 1, 1_000_000));
  oneOf('activation', p.activation, ['relu', 'tanh', 'sigmoid', 'identity']);
  oneOf('solver', p.solver, ['adam', 'sgd']);
  checkNumber('learningRate', p.learningRate, 0, 1e3, false);
  if (p.batchSize !== 'auto') checkInteger('batchSize', p.batchSize, 1, 1_000_000);
  checkNumber('alpha', p.alpha, 0, 1e6, true);
  checkInteger('maxEpochs', p.maxEpochs, 1, 1_000_000);
  boolean('shuffle', p.shuffle);
  checkInteger('seed', p.seed, 0, 2 ** 32 - 1);
  checkNumber('dropout', p.dropout, 0, 1, true);
  if (p.dropout >= 1) throw new EngineInputError('dropout', 'must be below 1');
  checkNumber('momentum', p.momentum, 0, 1, true);
  if (p.momentum >= 1) throw new EngineInputError('momentum', 'must be below 1');
  boolean('nesterov', p.nesterov);
  for (const name of ['beta1', 'beta2'] as const) {
    checkNumber(name, p[name], 0, 1, true);
    if (p[name] >= 1) throw new EngineInputError(name, 'must be below 1');
  }
  checkNumber('epsilon', p.epsilon, 0, 1, false);
  boolean('earlyStopping', p.earlyStopping);
  checkNumber('validationFraction', p.validationFraction, 0, 1, false);
  if (p.validationFraction >= 1) {
    throw new EngineInputError('validationFraction', 'must be below 1');
  }
  checkInteger('nIterNoChange', p.nIterNoChange, 1, 1_000_000);
  checkNumber('tol', p.tol, 0, Infinity, true);
  if (p.numClasses !== undefined) {
    if (p.objective !== 'multiclass') {
      throw new EngineInputError('numClasses', 'is only used by the multiclass objective');
    }
    checkInteger('numClasses', p.numClasses, 2, 100_000);
  }
  return p;
}

/** Throws when the network would have more weights than fit in memory comfortably. */
export function checkNetworkSize(layerSizes: readonly number[]): void {
  let weights = 0;
  for (let l = 1; l < layerSizes.length; l++) {
    weights += (layerSizes[l - 1]! + 1) * layerSizes[l]!;
  }
  if (weights > MAX_WEIGHTS) {
    throw new EngineInputError(
      'hiddenLayerSizes',
      `gives ${weights} weights; at most ${MAX_WEIGHTS} are allowed`,
    );
  }
}

function boolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new EngineInputError(name, 'must be true or false');
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) {
    throw new EngineInputError(
      name,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`,
    );
  }
}

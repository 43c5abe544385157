import { EngineInputError } from '../errors.js';

/** What a linear model predicts: a number, P(class 1), or softmax probabilities over k classes. */
export type LinearTask = 'regression' | 'binary' | 'multiclass';

/** Penalty on the coefficients (never on the intercept). */
export type LinearPenalty = 'none' | 'l2' | 'l1' | 'elasticnet';

/**
 * How the optimum is found. `cholesky`: exact normal equations (regression, `none`/`l2`).
 * `lbfgs`: smooth problems. `owlqn`: L-BFGS restricted to orthants, for L1 / elastic-net logistic.
 * `cd`: cyclic coordinate descent, for L1 / elastic-net regression. `auto` picks one of these.
 */
export type LinearSolver = 'auto' | 'cholesky' | 'lbfgs' | 'owlqn' | 'cd';

/**
 * Hyperparameters of `trainLinear`. Objectives follow scikit-learn so results are comparable:
 * - logistic (`binary`, `multiclass`): penalty(w) + C · Σ wᵢ · logloss(i), as LogisticRegression
 *   (`multiclass` is its multinomial softmax);
 * - regression with `none` / `l2`: Σ wᵢ rᵢ² + alpha · ‖w‖², as LinearRegression / Ridge;
 * - regression with `l1` / `elasticnet`: 1/(2n) · Σ wᵢ rᵢ² + alpha · (l1Ratio · ‖w‖₁ +
 *   (1 − l1Ratio)/2 · ‖w‖²), as Lasso / ElasticNet (weights rescaled to sum to n).
 * The elastic-net logistic penalty is l1Ratio · ‖w‖₁ + (1 − l1Ratio)/2 · ‖w‖².
 */
export interface LinearParams {
  readonly task: LinearTask;
  /** Default `l2`. */
  readonly penalty?: LinearPenalty;
  /** Inverse penalty strength of logistic models, default 1 (logistic only). */
  readonly C?: number;
  /** Penalty strength of regression, default 1 (regression only; ignored by `none`). */
  readonly alpha?: number;
  /** Share of L1 in the elastic-net penalty, 0..1, default 0.5 (`elasticnet` only). */
  readonly l1Ratio?: number;
  /** Fit an unpenalised intercept, default true. */
  readonly fitIntercept?: boolean;
  /** Default `auto`: cholesky or lbfgs for smooth penalties, cd or owlqn for L1. */
  readonly solver?: LinearSolver;
  /**
   * Convergence tolerance, default 1e-4. lbfgs / owlqn: largest gradient entry of the objective
   * divided by C·Σw (logistic) or 2·Σw (regression). cd: duality gap below tol · ‖y − ȳ‖², as
   * scikit-learn.
   */
  readonly tol?: number;
  /** Most iterations (cd: passes over the columns), default 100 for lbfgs / owlqn, 1000 for cd. */
  readonly maxIter?: number;
}

/** The solver `auto` resolved to. */
export type ResolvedLinearSolver = Exclude<LinearSolver, 'auto'>;

/** Parameters with every default filled in and the solver chosen. */
export interface ResolvedLinearParams {
  readonly task: LinearTask;
  readonly penalty: LinearPenalty;
  readonly C: number;
  readonly alpha: number;
  readonly l1Ratio: number;
  readonly fitIntercept: boolean;
  readonly solver: ResolvedLinearSolver;
  readonly tol: number;
  readonly maxIter: number;
}

// Beyond these the penalty term over- or underflows double precision long before it is useful.
const MAX_STRENGTH = 1e12;
const MIN_C = 1e-12;
// Above this many columns the p×p normal equations cost more than iterating.
const MAX_CHOLESKY_COLUMNS = 2_000;

const KNOWN = new Set([
  'task',
  'penalty',
  'C',
  'alpha',
  'l1Ratio',
  'fitIntercept',
  'solver',
  'tol',
  'maxIter',
]);

/** Checks the parameters and fills in defaults; throws `EngineInputError` naming the bad one. */
export function resolveLinearParams(params: LinearParams, numCols: number): ResolvedLinearParams {
  const task = params.task;
  if (task !== 'regression' && task !== 'binary' && task !== 'multiclass') {
    throw new EngineInputError(
      'task',
      `must be 'regression', 'binary' or 'multiclass', got ${String(task)}`,
    );
  }
  for (const key of Object.keys(params)) {
    if (!KNOWN.has(key)) throw new EngineInputError(key, 'is not a linear-model parameter');
  }
  const logistic = task !== 'regression';
  if (logistic && params.alpha !== undefined) {
    throw new EngineInputError('alpha', 'is for regression; logistic models take C');
  }
  if (!logistic && params.C !== undefined) {
    throw new EngineInputError('C', 'is for logistic models; regression takes alpha');
  }
  const penalty = params.penalty ?? 'l2';
  if (!['none', 'l2', 'l1', 'elasticnet'].includes(penalty)) {
    throw new EngineInputError(
      'penalty',
      `must be 'none', 'l2', 'l1' or 'elasticnet', got ${String(penalty)}`,
    );
  }
  if (params.l1Ratio !== undefined && penalty !== 'elasticnet') {
    throw new EngineInputError('l1Ratio', `only applies to penalty 'elasticnet'`);
  }
  const C = params.C ?? 1;
  number('C', C, MIN_C, MAX_STRENGTH);
  const alpha = params.alpha ?? 1;
  number('alpha', alpha, 0, MAX_STRENGTH);
  const l1Ratio = params.l1Ratio ?? 0.5;
  number('l1Ratio', l1Ratio, 0, 1);
  const fitIntercept = params.fitIntercept ?? true;
  if (typeof fitIntercept !== 'boolean') {
    throw new EngineInputError('fitIntercept', 'must be a boolean');
  }
  const solver = resolveSolver(params.solver ?? 'auto', task, penalty, numCols);
  const tol = params.tol ?? 1e-4;
  number('tol', tol, 0, 1);
  if (tol === 0) throw new EngineInputError('tol', 'must be above 0');
  const maxIter = params.maxIter ?? (solver === 'cd' ? 1_000 : 100);
  if (!Number.isInteger(maxIter) || maxIter < 1 || maxIter > 10_000_000) {
    throw new EngineInputError('maxIter', `must be an integer in 1..10000000, got ${maxIter}`);
  }
  return { task, penalty, C, alpha, l1Ratio, fitIntercept, solver, tol, maxIter };
}

function resolveSolver(
  solver: LinearSolver,
  task: LinearTask,
  penalty: LinearPenalty,
  numCols: number,
): ResolvedLinearSolver {
  const smooth = penalty === 'none' || penalty === 'l2';
  const regression = task === 'regression';
  const allowed: ResolvedLinearSolver[] = regression
    ? smooth
      ? ['cholesky', 'lbfgs']
      : ['cd']
    : smooth
      ? ['lbfgs']
      : ['owlqn'];
  if (solver === 'auto') {
    if (regression && smooth && numCols > MAX_CHOLESKY_COLUMNS) return 'lbfgs';
    return allowed[0]!;
  }
  if (!allowed.includes(solver as ResolvedLinearSolver)) {
    throw new EngineInputError(
      'solver',
      `${String(solver)} cannot fit ${task} with penalty '${penalty}'; use ${allowed.join(' or ')}`,
    );
  }
  return solver as ResolvedLinearSolver;
}

function number(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new EngineInputError(name, `must be a number in [${min}, ${max}], got ${String(value)}`);
  }
}

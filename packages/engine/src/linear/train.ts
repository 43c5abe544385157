import { TrainingAbortedError } from '../errors.js';
import type { Matrix } from '../matrix.js';
import { solveElasticNetCd } from './coordinate-descent.js';
import { checkLinearInputs, type LinearInputs } from './inputs.js';
import { minimizeLbfgs } from './lbfgs.js';
import type { LinearModel } from './model.js';
import { smoothObjective, type PenaltyStrengths } from './objective.js';
import { minimizeOwlqn } from './owlqn.js';
import { resolveLinearParams, type LinearParams, type ResolvedLinearParams } from './params.js';
import { solveRidgeCholesky } from './ridge-cholesky.js';
import type { Solver, SolverResult } from './solver.js';

/** Reported after every solver iteration. */
export interface LinearProgress {
  /** Iterations done so far (1 after the first). */
  readonly iteration: number;
  /** The objective, scaled as documented on `LinearParams.tol`. */
  readonly loss: number;
}

/** Sample weights, callbacks and cancellation of `trainLinear`. */
export interface TrainLinearOptions {
  /** One weight per row, finite and >= 0; default all 1. */
  readonly sampleWeight?: Float64Array;
  onProgress?(event: LinearProgress): void;
  /** Checked between iterations; training then rejects with `TrainingAbortedError`. */
  readonly signal?: AbortSignal;
}

// Yield to the event loop this often so an AbortSignal (or a UI) gets a chance to run.
const YIELD_EVERY_MS = 50;

/**
 * Trains a linear model on every column of `X`: least squares, ridge, lasso or elastic net for
 * `regression`, logistic regression for `binary` (y 0/1) and `multiclass` (y codes 0..k-1).
 */
export async function trainLinear(
  params: LinearParams,
  X: Matrix,
  y: Float64Array,
  options: TrainLinearOptions = {},
): Promise<LinearModel> {
  const p = resolveLinearParams(params, X.numCols);
  const inputs = checkLinearInputs(p.task, X, y, options.sampleWeight, p.fitIntercept);
  if (options.signal?.aborted) throw new TrainingAbortedError(0);

  const solver = solverFor(p, inputs);
  const losses: number[] = [];
  let lastYield = Date.now();
  let step = solver.next();
  while (!step.done) {
    losses.push(step.value.loss);
    options.onProgress?.(step.value);
    if (Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
    }
    if (options.signal?.aborted) throw new TrainingAbortedError(step.value.iteration);
    step = solver.next();
  }
  return toModel(p, inputs, step.value, losses);
}

function solverFor(p: ResolvedLinearParams, inputs: LinearInputs): Solver {
  const limits = { tol: p.tol, maxIter: p.maxIter };
  const alpha = p.penalty === 'none' ? 0 : p.alpha;
  switch (p.solver) {
    case 'cholesky':
      return solveRidgeCholesky(inputs, alpha, p.fitIntercept);
    case 'cd':
      return solveElasticNetCd(inputs, alpha, l1Share(p), p.fitIntercept, limits);
    case 'lbfgs':
    case 'owlqn': {
      const loss =
        p.task === 'regression' ? 'squared' : p.task === 'binary' ? 'binomial' : 'multinomial';
      const objective = smoothObjective(loss, inputs, strengths(p, inputs), p.fitIntercept);
      return p.solver === 'lbfgs'
        ? minimizeLbfgs(objective, limits)
        : minimizeOwlqn(objective, limits);
    }
  }
}

function l1Share(p: ResolvedLinearParams): number {
  if (p.penalty === 'l1') return 1;
  return p.penalty === 'elasticnet' ? p.l1Ratio : 0;
}

/** The penalty per unit of weight: logistic objectives are divided by C·Σw, ridge by 2·Σw. */
function strengths(p: ResolvedLinearParams, inputs: LinearInputs): PenaltyStrengths {
  if (p.penalty === 'none') return { l1: 0, l2: 0 };
  if (p.task === 'regression') return { l1: 0, l2: p.alpha / inputs.weightSum };
  const scale = 1 / (p.C * inputs.weightSum);
  const share = l1Share(p);
  return { l1: share * scale, l2: (1 - share) * scale };
}

function toModel(
  p: ResolvedLinearParams,
  inputs: LinearInputs,
  result: SolverResult,
  losses: number[],
): LinearModel {
  const { numCols, columnNames } = inputs.X;
  const rows = p.task === 'multiclass' ? inputs.numClasses : 1;
  const { theta } = result;
  const coef = Array.from({ length: rows }, (_, c) =>
    Array.from(theta.subarray(c * numCols, (c + 1) * numCols)),
  );
  const intercept = p.fitIntercept
    ? Array.from(theta.subarray(rows * numCols, rows * numCols + rows))
    : new Array<number>(rows).fill(0);
  if (rows > 1) {
    // Softmax intercepts are only defined up to a shared shift; centre them like the golden data.
    const mean = intercept.reduce((a, b) => a + b, 0) / rows;
    for (let c = 0; c < rows; c++) intercept[c]! -= mean;
  }
  return {
    format: 'aistudio.linear',
    version: 1,
    kind: p.task === 'regression' ? 'linear-regression' : 'logistic-regression',
    task: p.task,
    params: p,
    features: [...columnNames],
    numClasses: inputs.numClasses,
    coef,
    intercept,
    constantColumns: columnNames.filter((_, j) => inputs.pinned[j]),
    converged: result.stopReason === 'tolerance' || result.stopReason === 'no-progress',
    stopReason: result.stopReason,
    iterations: result.iterations,
    history: { loss: losses },
  };
}

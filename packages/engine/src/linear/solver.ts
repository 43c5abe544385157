/** Why an iterative solver stopped. */
export type StopReason =
  /** The gradient (or duality gap) fell below `tol`. */
  | 'tolerance'
  /** The objective stopped decreasing at machine precision: as good as it gets. */
  | 'no-progress'
  /** `maxIter` iterations ran without meeting `tol`. */
  | 'max-iter'
  /** No step along the search direction decreased the objective. */
  | 'line-search-failed';

/** One finished iteration, as the solver reports it. */
export interface SolverStep {
  readonly iteration: number;
  /** The objective after this iteration, in the solver's normalised scale. */
  readonly loss: number;
}

/** What a solver ends with. */
export interface SolverResult {
  readonly theta: Float64Array;
  readonly iterations: number;
  readonly stopReason: StopReason;
}

/**
 * Solvers are synchronous generators: they yield after every iteration and return the result, so
 * the async driver decides when to report progress, yield to the event loop or stop on abort.
 */
export type Solver = Generator<SolverStep, SolverResult, void>;

/** Limits shared by the iterative solvers. */
export interface SolverLimits {
  readonly tol: number;
  readonly maxIter: number;
}

// scipy's L-BFGS-B default `ftol`: a relative decrease this small is the end of the road.
const FTOL = 64 * Number.EPSILON;

/** True when going from `before` to `after` gained nothing measurable (scipy's rule). */
export function madeNoProgress(before: number, after: number): boolean {
  return before - after <= FTOL * Math.max(Math.abs(before), Math.abs(after), 1);
}

/** Largest |v[i]|. */
export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}

/** Σ a[i]·b[i]. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

import type { SmoothObjective } from './objective.js';
import { dot } from './solver.js';

/** Where a line search ended: on success `xNew`, `gNew` hold the point at `step`. */
export interface LineSearchResult {
  readonly ok: boolean;
  readonly step: number;
  readonly f: number;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_EVALUATIONS = 40;

/**
 * Finds a step along `d` meeting the strong Wolfe conditions (Nocedal & Wright, algorithms 3.5
 * and 3.6, with safeguarded cubic interpolation), so the L-BFGS curvature pairs stay positive.
 */
export function wolfeLineSearch(
  objective: SmoothObjective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
  firstStep: number,
  xNew: Float64Array,
  gNew: Float64Array,
): LineSearchResult {
  const slope0 = dot(g0, d);
  let evaluations = 0;
  let lastStep = NaN;
  const phi = (step: number): { f: number; slope: number } => {
    evaluations++;
    lastStep = step;
    for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + step * d[i]!;
    const f = objective.evaluate(xNew, gNew);
    return { f, slope: dot(gNew, d) };
  };
  const sufficient = (step: number, f: number): boolean => f <= f0 + C1 * step * slope0;
  const curvature = (slope: number): boolean => Math.abs(slope) <= -C2 * slope0;
  const finish = (step: number, f: number, ok: boolean): LineSearchResult => {
    if (ok && step !== lastStep) phi(step);
    return { ok, step, f };
  };

  let prev = { step: 0, f: f0, slope: slope0 };
  let step = firstStep;
  while (evaluations < MAX_EVALUATIONS) {
    const { f, slope } = phi(step);
    if (!Number.isFinite(f) || !sufficient(step, f) || (evaluations > 1 && f >= prev.f)) {
      return zoom(prev, { step, f, slope });
    }
    if (curvature(slope)) return finish(step, f, true);
    if (slope >= 0) return zoom({ step, f, slope }, prev);
    prev = { step, f, slope };
    step *= 2;
  }
  return finish(prev.step, prev.f, prev.step > 0);

  function zoom(
    lo: { step: number; f: number; slope: number },
    hi: { step: number; f: number; slope: number },
  ): LineSearchResult {
    while (evaluations < MAX_EVALUATIONS) {
      const step = interpolate(lo, hi);
      const { f, slope } = phi(step);
      if (!Number.isFinite(f) || !sufficient(step, f) || f >= lo.f) {
        hi = { step, f, slope };
      } else {
        if (curvature(slope)) return finish(step, f, true);
        if (slope * (hi.step - lo.step) >= 0) hi = lo;
        lo = { step, f, slope };
      }
      if (Math.abs(hi.step - lo.step) <= 1e-16 * Math.max(1, lo.step)) break;
    }
    // Out of budget: a step with sufficient decrease still makes progress.
    return finish(lo.step, lo.f, lo.step > 0 && lo.f < f0);
  }
}

/** Minimiser of the cubic through both ends, kept at least 10% inside the bracket. */
function interpolate(
  a: { step: number; f: number; slope: number },
  b: { step: number; f: number; slope: number },
): number {
  const lo = Math.min(a.step, b.step);
  const width = Math.abs(b.step - a.step);
  const mid = lo + width / 2;
  if (!Number.isFinite(b.f) || !Number.isFinite(b.slope)) return mid;
  const d1 = a.slope + b.slope - (3 * (a.f - b.f)) / (a.step - b.step);
  const root = d1 * d1 - a.slope * b.slope;
  if (!(root >= 0)) return mid;
  const d2 = Math.sign(b.step - a.step) * Math.sqrt(root);
  const t = b.step - (b.step - a.step) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2));
  if (!Number.isFinite(t)) return mid;
  return Math.min(Math.max(t, lo + 0.1 * width), lo + 0.9 * width);
}

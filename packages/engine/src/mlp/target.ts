import { EngineInputError } from '../errors.js';
import type { ResolvedMlpParams } from './params.js';

/** Checks `y` against the objective; returns the number of output units. */
export function checkTarget(p: ResolvedMlpParams, y: Float64Array, numRows: number): number {
  if (y.length !== numRows) {
    throw new EngineInputError('y', `has ${y.length} values for ${numRows} rows`);
  }
  let largest = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) throw new EngineInputError('y', `row ${i} is ${v}; must be finite`);
    if (p.objective === 'binary' && v !== 0 && v !== 1) {
      throw new EngineInputError('y', `row ${i} is ${v}; binary targets must be 0 or 1`);
    }
    if (p.objective === 'multiclass') {
      if (!Number.isInteger(v) || v < 0) {
        throw new EngineInputError('y', `row ${i} is ${v}; class codes must be integers 0..k-1`);
      }
      largest = Math.max(largest, v);
    }
  }
  if (p.objective === 'regression' || p.objective === 'binary') return 1;
  if (p.numClasses === undefined) return Math.max(largest + 1, 2);
  if (largest >= p.numClasses) {
    throw new EngineInputError('y', `has class code ${largest}; numClasses is ${p.numClasses}`);
  }
  return p.numClasses;
}

/** Classification needs rows of two classes at least, after any validation hold-out. */
export function requireTwoClasses(y: Float64Array): void {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return;
  throw new EngineInputError('y', 'has a single class; classification needs at least two');
}

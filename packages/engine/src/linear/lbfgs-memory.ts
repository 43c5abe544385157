import { dot } from './solver.js';

/** The last few (step, gradient change) pairs of L-BFGS and the two-loop product with them. */
export class LbfgsMemory {
  readonly #s: Float64Array[] = [];
  readonly #y: Float64Array[] = [];
  readonly #rho: number[] = [];
  readonly #alpha: Float64Array;

  constructor(
    readonly size: number,
    readonly capacity = 10,
  ) {
    this.#alpha = new Float64Array(capacity);
  }

  /** Forgets every pair (steepest descent next). */
  clear(): void {
    this.#s.length = 0;
    this.#y.length = 0;
    this.#rho.length = 0;
  }

  /** Remembers s = x' − x and y = g' − g; skips pairs without positive curvature. */
  push(s: Float64Array, y: Float64Array): void {
    const sy = dot(s, y);
    // Curvature this small would blow the inverse-Hessian estimate up.
    if (!(sy > 1e-10 * dot(y, y))) return;
    if (this.#s.length === this.capacity) {
      this.#s.shift();
      this.#y.shift();
      this.#rho.shift();
    }
    this.#s.push(Float64Array.from(s));
    this.#y.push(Float64Array.from(y));
    this.#rho.push(1 / sy);
  }

  /** Writes −H·g into `out`, H being the inverse-Hessian estimate (−g when memory is empty). */
  direction(g: Float64Array, out: Float64Array): void {
    const m = this.#s.length;
    for (let i = 0; i < out.length; i++) out[i] = -g[i]!;
    for (let i = m - 1; i >= 0; i--) {
      const a = this.#rho[i]! * dot(this.#s[i]!, out);
      this.#alpha[i] = a;
      axpy(-a, this.#y[i]!, out);
    }
    if (m > 0) {
      const y = this.#y[m - 1]!;
      const scale = 1 / (this.#rho[m - 1]! * dot(y, y));
      for (let i = 0; i < out.length; i++) out[i]! *= scale;
    }
    for (let i = 0; i < m; i++) {
      const b = this.#rho[i]! * dot(this.#y[i]!, out);
      axpy(this.#alpha[i]! - b, this.#s[i]!, out);
    }
  }
}

function axpy(a: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i]! += a * x[i]!;
}

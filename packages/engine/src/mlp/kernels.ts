// The dense products a Network runs, behind one interface with two implementations: WebAssembly
// SIMD (`simd-kernels.ts`) where the runtime has it, plain JavaScript otherwise. Each is
// deterministic; they differ in rounding only (SIMD sums in float32, JavaScript in double).
import { multiply, multiplyTransposedA } from './dense-kernels.js';

/** Matrix products on row-major float32 buffers obtained from `allocate`. */
export interface MlpKernels {
  readonly name: 'wasm-simd' | 'javascript';
  /** Whether skipping ReLU's zeros (the compressed kernels) beats the dense products here. */
  readonly sparseHelps: boolean;
  /** One buffer per length, in memory the products can address. Call once per instance. */
  allocate(lengths: readonly number[]): Float32Array[];
  /** C (m×k·k×n) = A · B. */
  multiply(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
  ): void;
  /** C (k×n) = Aᵀ · B, where A is m×k and B is m×n. */
  multiplyTransposedA(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
  ): void;
}

/** The JavaScript kernels: ordinary Float32Arrays, double-precision sums. */
export const javascriptKernels: MlpKernels = {
  name: 'javascript',
  sparseHelps: true,
  allocate: (lengths) => lengths.map((length) => new Float32Array(length)),
  multiply,
  multiplyTransposedA,
};

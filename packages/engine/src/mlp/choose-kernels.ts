import { javascriptKernels, type MlpKernels } from './kernels.js';
import { createSimdKernels, simdSupported } from './simd-kernels.js';

/** Which implementation runs the products; `auto` picks SIMD where the runtime supports it. */
export type MlpKernelChoice = 'auto' | 'wasm-simd' | 'javascript';

/** Kernels for one network: SIMD unless unsupported or `choice` says JavaScript. */
export function createMlpKernels(choice: MlpKernelChoice = 'auto'): MlpKernels {
  if (choice === 'javascript') return javascriptKernels;
  if (choice === 'wasm-simd' || simdSupported()) return createSimdKernels();
  return javascriptKernels;
}

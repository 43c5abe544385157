// The MLP's products as WebAssembly SIMD, on a memory owned by one network: its parameters,
// activations and gradients live there, so a call passes addresses and copies nothing.
import { gemmFunction } from '../wasm/gemm.js';
import { encodeModule } from '../wasm/module-encoder.js';
import { wasmRuntime, type WasmMemory, type WasmModule } from '../wasm/runtime.js';
import type { MlpKernels } from './kernels.js';

const PAGE_BYTES = 65_536;

let compiled: WasmModule | null | undefined;

// Compiled once per thread; null where WebAssembly or its SIMD proposal is missing, or where a
// Content Security Policy without 'wasm-unsafe-eval' forbids compiling (a page's main thread).
function simdModule(): WasmModule | null {
  if (compiled === undefined) {
    const bytes = encodeModule([gemmFunction()]);
    try {
      compiled = wasmRuntime?.validate(bytes) ? new wasmRuntime.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether this runtime runs WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  return simdModule() !== null;
}

type Gemm = (...args: number[]) => void;

/** SIMD kernels on a fresh memory; throws where `simdSupported()` is false. */
export function createSimdKernels(): MlpKernels {
  const module = simdModule();
  const wasm = wasmRuntime;
  if (!module || !wasm) throw new Error('WebAssembly SIMD is not available in this runtime');
  let memory: WasmMemory | null = null;
  let gemm: Gemm | null = null;

  // The kernel sees only its own memory: a buffer from elsewhere would read the wrong floats.
  const address = (array: Float32Array): number => {
    if (array.buffer !== memory?.buffer) throw new Error('buffer not from these kernels');
    return array.byteOffset;
  };
  return {
    name: 'wasm-simd',
    // Dense SIMD runs at several times the scalar rate, more than skipping half the terms saves.
    sparseHelps: false,
    allocate(lengths) {
      if (memory) throw new Error('the buffers of these kernels are already allocated');
      // 16-byte aligned starts: a row of a multiple of 4 floats is then loaded in aligned vectors.
      const starts: number[] = [];
      let bytes = 0;
      for (const length of lengths) {
        starts.push(bytes);
        bytes += Math.ceil((length * 4) / 16) * 16;
      }
      memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
      const instance = new wasm.Instance(module, { env: { memory } });
      gemm = instance.exports.gemm as Gemm;
      const buffer = memory.buffer;
      return lengths.map((length, i) => new Float32Array(buffer, starts[i], length));
    },
    multiply(a, b, c, m, k, n) {
      gemm!(address(a), address(b), address(c), m, k, n, k * 4, 4);
    },
    multiplyTransposedA(a, b, c, m, k, n) {
      // Row i of Aᵀ is column i of A: consecutive floats across rows, k floats apart along them.
      gemm!(address(a), address(b), address(c), k, m, n, 4, k * 4);
    },
  };
}

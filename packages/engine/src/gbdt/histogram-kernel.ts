// Where histograms are built: the arrays the kernel reads live in one WebAssembly memory (shared
// between threads when there are any), so the wasm kernel reads them in place; without
// WebAssembly the same arrays are plain (or SharedArrayBuffer) typed arrays and a JavaScript loop
// builds. Both give identical sums: they are integers (see quantize.ts).
import { histogramFunction } from '../wasm/histogram.js';
import { encodeModule } from '../wasm/module-encoder.js';
import { wasmRuntime, type WasmMemory, type WasmModule } from '../wasm/runtime.js';
import { buildHistogramScalar, toRowMajorCodes } from './histogram.js';

/** The arrays a histogram kernel reads and writes, all views of `memory` when it is set. */
export interface KernelArrays {
  /** The WebAssembly memory holding every array below, or null (JavaScript kernel). */
  readonly memory: WasmMemory | null;
  /** Row-major bin codes, numRows × numFeatures. */
  readonly codes: Uint8Array;
  readonly numFeatures: number;
  /** Row ids, partitioned by the tree builder so each node owns a contiguous range. */
  readonly rows: Uint32Array;
  /** Packed quantised gradient and hessian of every row. */
  readonly packed: Float64Array;
  /** `numPartials` histograms the kernel builds into (each `histogramSize` long). */
  readonly partials: Float64Array;
  /** A word the wasm kernel may overwrite. */
  readonly scratch: Int32Array;
}

// Below this share of the table's rows, a node's rows are far enough apart that the kernel
// touching rows ahead (see wasm/histogram.ts) pays for its extra loads.
const SPARSE_NODE_SHARE = 0.25;

/** Builds the histogram of rows[start..end) into `hist`, a histogram of `KernelArrays.partials`. */
export type HistogramBuilder = (hist: Float64Array, start: number, end: number) => void;

const PAGE_BYTES = 65_536;
const MAX_PAGES = 65_536;

const compiled = new Map<boolean, WasmModule | null>();

// Compiled once per thread and memory kind; null where WebAssembly is missing or a Content
// Security Policy without 'wasm-unsafe-eval' forbids compiling.
function histogramModule(shared: boolean): WasmModule | null {
  if (!compiled.has(shared)) {
    const functions = [histogramFunction('dense', false), histogramFunction('sparse', true)];
    const bytes = encodeModule(functions, 1, { shared, maxPages: MAX_PAGES });
    let module: WasmModule | null;
    try {
      module = wasmRuntime?.validate(bytes) ? new wasmRuntime.Module(bytes) : null;
    } catch {
      module = null;
    }
    compiled.set(shared, module);
  }
  return compiled.get(shared) ?? null;
}

/**
 * Allocates the kernel's arrays for `data` (column-major codes), in a WebAssembly memory when this
 * runtime can build with it, and fills the codes. `shared`: the arrays must be visible to other
 * threads (SharedArrayBuffer).
 */
export function allocateKernelArrays(
  columns: readonly Uint8Array[],
  numRows: number,
  numPartials: number,
  histogramSize: number,
  shared: boolean,
): KernelArrays {
  const numFeatures = columns.length;
  const lengths = { codes: numRows * numFeatures, rows: numRows, packed: numRows, partials: 0 };
  lengths.partials = numPartials * histogramSize;
  // 8-byte aligned regions: codes, rows, packed values, partial histograms.
  const align = (bytes: number) => Math.ceil(bytes / 8) * 8;
  const at = { codes: 0, rows: 0, packed: 0, partials: 0, scratch: 0, end: 0 };
  at.rows = align(lengths.codes);
  at.packed = align(at.rows + lengths.rows * 4);
  at.partials = at.packed + lengths.packed * 8;
  at.scratch = at.partials + lengths.partials * 8;
  at.end = at.scratch + 8;
  const memory = histogramModule(shared)
    ? wasmMemory(Math.ceil(at.end / PAGE_BYTES), shared)
    : null;
  const buffer = memory
    ? memory.buffer
    : shared
      ? new SharedArrayBuffer(Math.max(8, at.end))
      : new ArrayBuffer(Math.max(8, at.end));
  const arrays: KernelArrays = {
    memory,
    codes: new Uint8Array(buffer, at.codes, lengths.codes),
    numFeatures,
    rows: new Uint32Array(buffer, at.rows, lengths.rows),
    packed: new Float64Array(buffer, at.packed, lengths.packed),
    partials: new Float64Array(buffer, at.partials, lengths.partials),
    scratch: new Int32Array(buffer, at.scratch, 1),
  };
  toRowMajorCodes(columns, numRows, arrays.codes);
  return arrays;
}

// A memory of exactly `pages`, or null when the runtime refuses one that large (then the
// JavaScript kernel runs on ordinary arrays).
function wasmMemory(pages: number, shared: boolean): WasmMemory | null {
  if (!wasmRuntime || pages > MAX_PAGES) return null;
  try {
    const size = Math.max(1, pages);
    return new wasmRuntime.Memory(
      shared ? { initial: size, maximum: size, shared: true } : { initial: size },
    );
  } catch {
    return null;
  }
}

/** A builder over `arrays`: the wasm kernel when they live in a WebAssembly memory. */
export function histogramBuilder(arrays: KernelArrays): HistogramBuilder {
  const { memory, codes, numFeatures, rows, packed, scratch } = arrays;
  const shared = memory !== null && !(memory.buffer instanceof ArrayBuffer);
  const module = memory ? histogramModule(shared) : null;
  if (!memory || !module || !wasmRuntime) {
    return (hist, start, end) =>
      buildHistogramScalar(hist, numFeatures, codes, rows, start, end, packed);
  }
  const instance = new wasmRuntime.Instance(module, { env: { memory } });
  type Kernel = (...args: number[]) => void;
  const dense = instance.exports.dense as Kernel;
  const sparse = instance.exports.sparse as Kernel;
  const sparseBelow = SPARSE_NODE_SHARE * rows.length;
  return (hist, start, end) => {
    hist.fill(0);
    const kernel = end - start < sparseBelow ? sparse : dense;
    const rowsAt = rows.byteOffset + start * 4;
    const [codesAt, valuesAt] = [codes.byteOffset, packed.byteOffset];
    kernel(
      rowsAt,
      end - start,
      codesAt,
      numFeatures,
      valuesAt,
      hist.byteOffset,
      scratch.byteOffset,
    );
  };
}

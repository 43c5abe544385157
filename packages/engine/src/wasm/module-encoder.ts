// A tiny WebAssembly binary encoder: enough to emit a module of numeric kernels that imports its
// memory. The engine builds its kernels at load time from TypeScript, so it needs no assembler and
// ships no binary blob (spec: https://webassembly.github.io/spec/core/binary/).

/** Value types of the binary format. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export const F64 = 0x7c;

/** One function: its signature, extra locals and body (without the final `end`). */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly locals: readonly number[];
  readonly body: readonly number[];
}

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function vector(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, items: readonly number[][]): number[] {
  const content = vector(items);
  return [id, ...uleb(content.length), ...content];
}

/** Groups consecutive equal local types, as the code section declares them. */
function localDeclarations(locals: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const type of locals) {
    const last = runs[runs.length - 1];
    if (last && last[1] === type) last[0]!++;
    else runs.push([1, type]);
  }
  return runs.map(([count, type]) => [...uleb(count!), type!]);
}

/**
 * A module importing `env.memory` (at least `minPages` of 64 KiB) and exporting `functions`,
 * each returning nothing. A `shared` memory (threads) must declare its maximum, `maxPages`.
 */
export function encodeModule(
  functions: readonly WasmFunction[],
  minPages = 1,
  memory: { readonly shared: boolean; readonly maxPages: number } | null = null,
): Uint8Array {
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  // Limits flag 0x03: a shared memory with a maximum (threads proposal).
  const limits = memory?.shared
    ? [0x03, ...uleb(minPages), ...uleb(memory.maxPages)]
    : [0x00, ...uleb(minPages)];
  const memoryImport = [...utf8('env'), ...utf8('memory'), 0x02, ...limits];
  const bodies = functions.map((f) => {
    const code = [...vector(localDeclarations(f.locals)), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(2, [memoryImport]),
    ...section(
      3,
      functions.map((_, i) => uleb(i)),
    ),
    ...section(
      7,
      functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]),
    ),
    ...section(10, bodies),
  ]);
}

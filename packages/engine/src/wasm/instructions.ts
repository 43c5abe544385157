// The few WebAssembly instructions the engine's kernels use, as byte sequences to concatenate.
import { sleb, uleb } from './module-encoder.js';

type Code = readonly number[];

const simd = (opcode: number, ...immediates: number[]): number[] => [
  0xfd,
  ...uleb(opcode),
  ...immediates,
];
// Alignment hint (log2 bytes) and offset; the hint never exceeds 4 bytes, so any f32 address works.
const memarg = (offset: number): number[] => [2, ...uleb(offset)];
// Memory arguments with the natural alignment hint of each access width.
const memargAligned = (log2Bytes: number, offset: number): number[] => [log2Bytes, ...uleb(offset)];

export const get = (local: number): number[] => [0x20, ...uleb(local)];
export const set = (local: number): number[] => [0x21, ...uleb(local)];
/** local.tee: sets the local and leaves the value on the stack. */
export const tee = (local: number): number[] => [0x22, ...uleb(local)];
export const i32 = (value: number): number[] => [0x41, ...sleb(value)];
export const i32Add: Code = [0x6a];
export const i32Mul: Code = [0x6c];
export const i32And: Code = [0x71];
export const i32LtS: Code = [0x48];
export const i32LeS: Code = [0x4c];
export const i32LtU: Code = [0x49];
export const i32Shl: Code = [0x74];
export const i32Xor: Code = [0x73];
/** Pops c, b, a; pushes c ? a : b. */
export const select: Code = [0x1b];
export const drop: Code = [0x1a];

export const i32Load = (offset = 0): number[] => [0x28, ...memargAligned(2, offset)];
export const i32Store = (offset = 0): number[] => [0x36, ...memargAligned(2, offset)];
export const i32Load8U = (offset = 0): number[] => [0x2d, ...memargAligned(0, offset)];
export const f64Load = (offset = 0): number[] => [0x2b, ...memargAligned(3, offset)];
export const f64Store = (offset = 0): number[] => [0x39, ...memargAligned(3, offset)];
export const f64Add: Code = [0xa0];

export const f32Load = (offset = 0): number[] => [0x2a, ...memarg(offset)];
export const f32Store = (offset = 0): number[] => [0x38, ...memarg(offset)];
export const f32Add: Code = [0x92];
export const f32Sub: Code = [0x93];
export const f32Mul: Code = [0x94];
export const f32Div: Code = [0x95];
export const f32Sqrt: Code = [0x91];
export const f32Zero: Code = [0x43, 0, 0, 0, 0];

export const v128Load = (offset = 0): number[] => simd(0x00, ...memarg(offset));
export const v128Store = (offset = 0): number[] => simd(0x0b, ...memarg(offset));
export const v128LoadSplat32 = (offset = 0): number[] => simd(0x09, ...memarg(offset));
export const v128Zero: Code = simd(0x0c, ...new Array<number>(16).fill(0));
export const f32x4Splat: Code = simd(0x13);
export const f32x4Add: Code = simd(0xe4);
export const f32x4Sub: Code = simd(0xe5);
export const f32x4Mul: Code = simd(0xe6);
export const f32x4Div: Code = simd(0xe7);
export const f32x4Sqrt: Code = simd(0xe3);

/** `local += step` for an i32 local. */
export function increment(local: number, step: Code): number[] {
  return [...get(local), ...step, ...i32Add, ...set(local)];
}

/** Runs `body` while `condition` (an i32 expression) holds. */
export function whileLoop(condition: Code, body: Code): number[] {
  // block { loop { if (!condition) break; body; continue } }
  return [0x02, 0x40, 0x03, 0x40, ...condition, 0x45, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
}

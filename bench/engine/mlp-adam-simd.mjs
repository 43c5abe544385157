// Adam's update over every parameter in WebAssembly SIMD, four parameters per instruction, in
// float32, built with the engine's encoder. Only the kernel microbench uses it: the update is ~2% of
// an MLP step's CPU time (bench/results/engine-mlp-kernels.json), too little to carry a second code path.
import {
  f32Add,
  f32Div,
  f32Load,
  f32Mul,
  f32Store,
  f32Sqrt,
  f32Sub,
  f32x4Add,
  f32x4Div,
  f32x4Mul,
  f32x4Splat,
  f32x4Sqrt,
  f32x4Sub,
  get,
  i32,
  i32Add,
  i32And,
  i32LeS,
  i32LtS,
  i32Mul,
  increment,
  set,
  v128Load,
  v128Store,
  whileLoop,
} from '../../packages/engine/src/wasm/instructions.js';
import { F32, I32, V128 } from '../../packages/engine/src/wasm/module-encoder.js';

// Parameters: addresses of the parameters, gradients and both moments, their count, then the
// float32 settings. Locals: the byte offset, the end of the vector part, the splatted settings
// and the per-element temporaries.
const PARAMS = 0,
  GRADS = 1,
  FIRST = 2,
  SECOND = 3,
  COUNT = 4;
const SETTINGS = 5; // beta1, beta2, 1 − beta1, 1 − beta2, rate, epsilon
const OFFSET = 11,
  VECTOR_END = 12,
  SPLATS = 13,
  V_G = 19,
  V_M = 20,
  V_V = 21,
  F_G = 22,
  F_M = 23,
  F_V = 24;

const vectorLanes = {
  load: v128Load(),
  store: v128Store(),
  add: f32x4Add,
  sub: f32x4Sub,
  mul: f32x4Mul,
  div: f32x4Div,
  sqrt: f32x4Sqrt,
  setting: (s) => get(SPLATS + s),
  g: V_G,
  m: V_M,
  v: V_V,
};
const scalarLanes = {
  load: f32Load(),
  store: f32Store(),
  add: f32Add,
  sub: f32Sub,
  mul: f32Mul,
  div: f32Div,
  sqrt: f32Sqrt,
  setting: (s) => get(SETTINGS + s),
  g: F_G,
  m: F_M,
  v: F_V,
};

const at = (base) => [...get(base), ...get(OFFSET), ...i32Add];

/** m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − rate·m / (√v + ε), for one lane group. */
function update(l) {
  return [
    ...at(GRADS),
    ...l.load,
    ...set(l.g),
    ...at(FIRST),
    ...l.setting(0),
    ...at(FIRST),
    ...l.load,
    ...l.mul,
    ...l.setting(2),
    ...get(l.g),
    ...l.mul,
    ...l.add,
    ...set(l.m),
    ...get(l.m),
    ...l.store,
    ...at(SECOND),
    ...l.setting(1),
    ...at(SECOND),
    ...l.load,
    ...l.mul,
    ...l.setting(3),
    ...get(l.g),
    ...get(l.g),
    ...l.mul,
    ...l.mul,
    ...l.add,
    ...set(l.v),
    ...get(l.v),
    ...l.store,
    ...at(PARAMS),
    ...at(PARAMS),
    ...l.load,
    ...l.setting(4),
    ...get(l.m),
    ...l.mul,
    ...get(l.v),
    ...l.sqrt,
    ...l.setting(5),
    ...l.add,
    ...l.div,
    ...l.sub,
    ...l.store,
  ];
}

/** `adam(params, grads, first, second, count, beta1, beta2, 1 − beta1, 1 − beta2, rate, eps)`. */
export function adamFunction() {
  const splats = [];
  for (let s = 0; s < 6; s++) splats.push(...get(SETTINGS + s), ...f32x4Splat, ...set(SPLATS + s));
  return {
    name: 'adam',
    params: [...new Array(5).fill(I32), ...new Array(6).fill(F32)],
    locals: [I32, I32, ...new Array(9).fill(V128), F32, F32, F32],
    body: [
      ...splats,
      // Vector part ends at the last multiple of 16 bytes.
      ...get(COUNT),
      ...i32(-4),
      ...i32And,
      ...i32(4),
      ...i32Mul,
      ...set(VECTOR_END),
      ...whileLoop(
        [...get(OFFSET), ...i32(16), ...i32Add, ...get(VECTOR_END), ...i32LeS],
        [...update(vectorLanes), ...increment(OFFSET, i32(16))],
      ),
      ...whileLoop(
        [...get(OFFSET), ...get(COUNT), ...i32(4), ...i32Mul, ...i32LtS],
        [...update(scalarLanes), ...increment(OFFSET, i32(4))],
      ),
    ],
  };
}

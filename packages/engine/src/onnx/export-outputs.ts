import { TensorType, type OnnxValue } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';

/** `prediction` [N, 1] float from a float64 [N, 1] tensor of values. */
export function regressionOutput(b: GraphBuilder, values: string): OnnxValue {
  b.opNamed('Cast', [values], 'prediction', { attributes: { to: { int: TensorType.FLOAT } } });
  return { name: 'prediction', type: TensorType.FLOAT, shape: [null, 1] };
}

/**
 * `probabilities` [N, 2] float, [1 − p, p], from a float64 [N, 1] tensor of P(class 1): the
 * columns `predict` gives, with 1 − p taken in float64 as the engine takes it.
 */
export function binaryOutput(b: GraphBuilder, p1: string): OnnxValue {
  const p0 = b.op('Sub', [b.scalar(1), p1], { name: 'p0' });
  const both = b.op('Concat', [p0, p1], { name: 'p_f64', attributes: { axis: { int: 1 } } });
  return probabilitiesOutput(b, both, 2);
}

/** `probabilities` [N, k] float from float64 [N, k] class scores, by Softmax. */
export function softmaxOutput(b: GraphBuilder, scores: string, k: number): OnnxValue {
  const p = b.op('Softmax', [scores], { name: 'softmax', attributes: { axis: { int: 1 } } });
  return probabilitiesOutput(b, p, k);
}

/** `probabilities` [N, k] float from float64 probabilities. */
export function probabilitiesOutput(b: GraphBuilder, p: string, k: number): OnnxValue {
  b.opNamed('Cast', [p], 'probabilities', { attributes: { to: { int: TensorType.FLOAT } } });
  return { name: 'probabilities', type: TensorType.FLOAT, shape: [null, k] };
}

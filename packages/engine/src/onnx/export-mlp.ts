import type { MlpModel } from '../mlp/model.js';
import { binaryOutput, probabilitiesOutput, regressionOutput } from './export-outputs.js';
import { featureMatrix, type PipelineGraph } from './export-pipeline.js';
import { TensorType, type OnnxValue } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';

const ACTIVATION_OPS = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', identity: null } as const;

/**
 * Adds an MLP on top of the pipeline graph with the engine's arithmetic: float32 weights (stored
 * as float32 initializers), products summed in float64, and every layer's pre-activation and
 * activation rounded to float32, as the engine's Float32Array buffers round them. Outputs then
 * differ from `predict` by a few float32 ulps (2.1e-7 worst on a 30-100-100-3 network over 2,000
 * rows, against 3.6e-7 for a plain float32 MatMul), and regression outputs keep the pipeline's
 * float64 precision.
 */
export function mlpGraph(b: GraphBuilder, model: MlpModel, pipeline: PipelineGraph): OnnxValue {
  const toFloat32 = (x: string, name: string) =>
    b.cast(b.cast(x, TensorType.FLOAT, `${name}_f32`), TensorType.DOUBLE, name);
  let h = toFloat32(featureMatrix(b, pipeline, model.featureNames), 'mlp_input');
  const last = model.layers.length - 1;
  model.layers.forEach((layer, l) => {
    const w = b.cast(
      b.floats(`w${l}`, layer.weights, [layer.inputs, layer.outputs]),
      TensorType.DOUBLE,
      `w${l}_f64`,
    );
    const bias = b.cast(
      b.floats(`b${l}`, layer.biases, [1, layer.outputs]),
      TensorType.DOUBLE,
      `b${l}_f64`,
    );
    const z = b.op('Add', [b.op('MatMul', [h, w], { name: `layer${l}_product` }), bias], {
      name: `layer${l}_z`,
    });
    h = toFloat32(z, `layer${l}_z32`);
    if (l === last) return;
    const op = ACTIVATION_OPS[model.activation];
    if (op) h = toFloat32(b.op(op, [h], { name: `layer${l}_${model.activation}` }), `layer${l}_h`);
  });
  if (model.objective === 'regression') return regressionOutput(b, h);
  if (model.objective === 'binary') {
    return binaryOutput(b, toFloat32(b.op('Sigmoid', [h], { name: 'p1_f64' }), 'p1'));
  }
  const k = model.layers[last]!.outputs;
  return probabilitiesOutput(
    b,
    b.op('Softmax', [h], { name: 'softmax', attributes: { axis: { int: 1 } } }),
    k,
  );
}

import type { LinearModel } from '../linear/model.js';
import { binaryOutput, regressionOutput, softmaxOutput } from './export-outputs.js';
import { featureMatrix, type PipelineGraph } from './export-pipeline.js';
import type { OnnxValue } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';

/**
 * Adds a linear or logistic model on top of the pipeline graph: MatMul + Add in float64 (the
 * engine's precision, so rows agree to float32 output rounding), then Sigmoid (binary, as
 * [1 − p, p]) or Softmax (multiclass). Coefficients keep their float64 values.
 */
export function linearGraph(
  b: GraphBuilder,
  model: LinearModel,
  pipeline: PipelineGraph,
): OnnxValue {
  const x = featureMatrix(b, pipeline, model.features);
  const k = model.coef.length;
  const p = model.features.length;
  // coef is k × p (scikit-learn's coef_); MatMul wants p × k.
  const weights = new Float64Array(p * k);
  model.coef.forEach((row, c) => row.forEach((w, f) => (weights[f * k + c] = w)));
  const product = b.op('MatMul', [x, b.doubles('coef', weights, [p, k])], {
    name: 'linear_product',
  });
  const z = b.op('Add', [product, b.doubles('intercept', model.intercept, [1, k])], {
    name: 'margin',
  });
  if (model.task === 'regression') return regressionOutput(b, z);
  if (model.task === 'binary') return binaryOutput(b, b.op('Sigmoid', [z], { name: 'p1' }));
  return softmaxOutput(b, z, k);
}

import { EngineInputError } from '../errors.js';
import type { TrainedModel } from '../model.js';
import { encodeModel } from './graph.js';
import { forestGraph, gbdtGraph, type GbdtGraph } from './export-trees.js';

/** Opsets the exported graphs use: ONNX 15 and ai.onnx.ml 3 (TreeEnsembleRegressor-3). */
const OPSETS = { '': 15, 'ai.onnx.ml': 3 };

/**
 * Exports a trained model as the bytes of one `.onnx` file that takes the raw input columns
 * (one [N, 1] tensor per input: float for numeric, string for categorical with "" = missing)
 * and outputs `prediction` (regression) or `probabilities` (classification, in the order of
 * the `classes` metadata entry). Task, target, classes and input schema travel as metadata.
 */
export function exportOnnx(model: TrainedModel): Uint8Array {
  if (model.pipeline) {
    throw new EngineInputError(
      'model',
      'has a preprocessing pipeline, which ONNX export does not cover yet',
    );
  }
  const graph = treeGraph(model);
  return encodeModel({
    graphName: `aistudio_${model.algorithm}_${model.task}`,
    producerVersion: model.engineVersion,
    docString: `AI Studio ${model.algorithm} ${model.task} model predicting ${model.target.name}`,
    opsets: OPSETS,
    nodes: graph.nodes,
    inputs: graph.inputs,
    outputs: [graph.output],
    initializers: graph.initializers,
    metadata: {
      task: model.task,
      target: model.target.name,
      classes: JSON.stringify(model.target.classes),
      inputs: JSON.stringify(model.inputs.map(({ name, kind }) => ({ name, kind }))),
      engine_version: model.engineVersion,
    },
  });
}

function treeGraph(model: TrainedModel): GbdtGraph {
  switch (model.algorithm) {
    case 'gbdt':
      return gbdtGraph(model.estimator);
    case 'forest':
    case 'tree':
      return forestGraph(model.estimator);
    default:
      throw new EngineInputError(
        'model',
        `is a ${model.algorithm} model; ONNX export covers tree models (gbdt, forest, tree) so far`,
      );
  }
}

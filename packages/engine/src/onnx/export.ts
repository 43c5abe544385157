import { EngineInputError } from '../errors.js';
import type { TrainedModel } from '../model.js';
import { encodeModel, TensorType, type OnnxValue } from './graph.js';
import { GraphBuilder } from './graph-builder.js';
import { linearGraph } from './export-linear.js';
import { mlpGraph } from './export-mlp.js';
import { pipelineGraph, type PipelineGraph } from './export-pipeline.js';
import { forestGraph, gbdtGraph, type GbdtGraph } from './export-trees.js';

/** Opsets the exported graphs use: ONNX 15 and ai.onnx.ml 3 (TreeEnsembleRegressor-3). */
const OPSETS = { '': 15, 'ai.onnx.ml': 3 };

/** The ONNX element type name of each input, for the `inputs` metadata entry. */
const TYPE_NAMES: Record<number, string> = {
  [TensorType.FLOAT]: 'float',
  [TensorType.DOUBLE]: 'double',
  [TensorType.STRING]: 'string',
};

/**
 * Exports a trained model, with its preprocessing pipeline, as the bytes of one `.onnx` file
 * that takes the raw input columns (one [N, 1] tensor per input: float for numeric with NaN =
 * missing, string for categorical with "" = missing; double for a numeric column a `datetime`
 * step reads) and outputs `prediction` (regression) or `probabilities` (classification, in the
 * order of the `classes` metadata entry). Task, target, classes and input schema travel as
 * metadata. Steps ONNX cannot express (tfidf, hashing, dates from text) throw an
 * EngineInputError naming the step.
 */
export function exportOnnx(model: TrainedModel): Uint8Array {
  const graph = estimatorGraph(model);
  checkTensorNames(graph);
  const typeNames = new Map(graph.inputs.map((input) => [input.name, TYPE_NAMES[input.type]]));
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
      inputs: JSON.stringify(
        model.inputs.map(({ name, kind }) => ({ name, kind, type: typeNames.get(name) })),
      ),
      engine_version: model.engineVersion,
    },
  });
}

/**
 * Column names become tensor names, so a column called `features` or `prediction` would collide
 * with a tensor of the graph and make an invalid file: refuse it, naming the column.
 */
function checkTensorNames(graph: GbdtGraph): void {
  const produced = new Set<string>();
  for (const name of [
    ...graph.initializers.map((i) => i.name),
    ...graph.nodes.flatMap((n) => n.outputs),
  ]) {
    if (produced.has(name)) {
      throw new EngineInputError(
        'model',
        `column names make two tensors named ${name}; rename a column to export`,
      );
    }
    produced.add(name);
  }
  for (const input of graph.inputs) {
    if (produced.has(input.name)) {
      throw new EngineInputError(
        input.name,
        'is also the name of a tensor inside the exported graph; rename the column to export the model',
      );
    }
  }
}

function estimatorGraph(model: TrainedModel): GbdtGraph {
  if (model.format !== 'aistudio.model' || model.version !== 1) {
    throw new EngineInputError('model', 'is not an aistudio.model version 1');
  }
  const isTree =
    model.algorithm === 'gbdt' || model.algorithm === 'forest' || model.algorithm === 'tree';
  // Tree models without preprocessing keep the tree exporter's graph exactly.
  if (isTree && !model.pipeline) return treeGraph(model);

  const b = new GraphBuilder(model.inputs.map((f) => f.name));
  const trees = isTree ? treeGraph(model) : null;
  if (trees) {
    b.reserve(trees.nodes.flatMap((n) => n.outputs));
    b.reserve(trees.initializers.map((i) => i.name));
  }
  const pipeline = pipelineGraph(b, model);
  let output: OnnxValue;
  switch (model.algorithm) {
    case 'linear':
      output = linearGraph(b, model.estimator, pipeline);
      break;
    case 'mlp':
      output = mlpGraph(b, model.estimator, pipeline);
      break;
    default:
      output = attachTrees(b, trees!, pipeline);
  }
  return { inputs: pipeline.inputs, nodes: b.nodes, initializers: b.initializers, output };
}

/**
 * Feeds the tree graph from the pipeline's outputs: numeric features as float32 (the trees'
 * thresholds are float32), categorical ones as strings, where a string the training data never
 * had becomes "" (missing), which is how the engine's trees read it.
 */
function attachTrees(b: GraphBuilder, trees: GbdtGraph, pipeline: PipelineGraph): OnnxValue {
  const rename = new Map<string, string>();
  for (const input of trees.inputs) {
    const column = pipeline.columns.get(input.name);
    if (!column || column.kind === 'text') {
      throw new EngineInputError('model', `feature ${input.name} is not an output of its pipeline`);
    }
    if (column.kind === 'numeric') {
      rename.set(input.name, b.cast(column.tensor, TensorType.FLOAT, `${input.name}_f32`));
    } else if (column.raw !== null) {
      rename.set(input.name, column.raw);
    } else {
      const table = b.strings(`${input.name}_strings`, [...column.dictionary, '', '']);
      const strings = b.op('Gather', [table, column.codes()], {
        name: `${input.name}_str`,
        attributes: { axis: { int: 0 } },
      });
      rename.set(input.name, strings);
    }
  }
  for (const node of trees.nodes) {
    b.nodes.push({ ...node, inputs: node.inputs.map((name) => rename.get(name) ?? name) });
  }
  b.initializers.push(...trees.initializers);
  return trees.output;
}

function treeGraph(model: TrainedModel): GbdtGraph {
  switch (model.algorithm) {
    case 'gbdt':
      return gbdtGraph(model.estimator);
    case 'forest':
    case 'tree':
      return forestGraph(model.estimator);
    default:
      throw new EngineInputError('model', `is a ${model.algorithm} model, not a tree model`);
  }
}

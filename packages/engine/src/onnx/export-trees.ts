import { FLOAT32_MAX } from '../binning.js';
import type { ForestModel } from '../forest/model.js';
import type { GbdtFeature, GbdtModel } from '../gbdt/model.js';
import { TensorType, type OnnxInitializer, type OnnxNode, type OnnxValue } from './graph.js';

/** The part of a graph that computes a GBDT's output from its raw input columns. */
export interface GbdtGraph {
  readonly inputs: readonly OnnxValue[];
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  /** `prediction` [N, 1] for regression, `probabilities` [N, k] for classification. */
  readonly output: OnnxValue;
}

const ML = 'ai.onnx.ml';

/**
 * Builds the ONNX graph of a GBDT. Inputs are the raw columns, one [N, 1] tensor each: float
 * for numeric features (NaN = missing), string for categorical ones (empty string = missing).
 *
 * Trees become one `TreeEnsembleRegressor` (ai.onnx.ml opset 3) that sums raw scores, followed by
 * an explicit Sigmoid or Softmax: ONNX Runtime's own post_transform is skipped when every leaf
 * weight is >= 0, so it cannot be trusted. Numeric splits are BRANCH_LEQ on the float32
 * threshold the engine trained with, with the learned missing-value direction.
 *
 * A categorical split sends a set of categories left, which TreeEnsemble cannot express. Each
 * distinct set becomes an indicator column, 0 (goes left) or 1 (goes right; unknown and missing
 * strings follow the split's default), and the tree tests it with BRANCH_LEQ 0.5. Routing stays
 * exact and no subtree is duplicated. See `categoricalSplitColumns` for how they are computed.
 */
export function gbdtGraph(model: GbdtModel): GbdtGraph {
  const k = model.treesPerIteration;
  return treeEnsembleGraph({
    features: model.features,
    trees: model.trees,
    numTargets: k,
    baseValues: model.baseline,
    leafTargets: (tree, t, node) => [[t % k, tree.value[node]!]],
    output:
      model.objective === 'binary'
        ? 'sigmoid'
        : model.objective === 'multiclass'
          ? 'softmax'
          : 'value',
  });
}

/**
 * The graph of a random forest or decision tree: the mean over trees, so every leaf adds its
 * value (or class probabilities) divided by the number of trees, and classifiers need no
 * transform at the end.
 */
export function forestGraph(model: ForestModel): GbdtGraph {
  const k = model.numOutputs;
  const share = 1 / model.trees.length;
  return treeEnsembleGraph({
    features: model.features,
    trees: model.trees,
    numTargets: k,
    baseValues: new Array<number>(k).fill(0),
    leafTargets: (tree, _t, node) =>
      Array.from({ length: k }, (_, c) => [c, tree.value[node * k + c]! * share] as const),
    output: model.task === 'classification' ? 'probabilities' : 'value',
  });
}

/** What the exporter needs of any ensemble of binned trees. */
interface TreeEnsemble {
  readonly features: readonly GbdtFeature[];
  readonly trees: readonly ExportedTree[];
  readonly numTargets: number;
  readonly baseValues: readonly number[];
  /** The (target, weight) pairs leaf `node` of tree `t` adds. */
  leafTargets(tree: ExportedTree, t: number, node: number): readonly (readonly [number, number])[];
  /** `value`: raw sums; `sigmoid` / `softmax`: probabilities from raw scores; `probabilities`: sums already are. */
  readonly output: 'value' | 'sigmoid' | 'softmax' | 'probabilities';
}

/** The tree layout GBDT and forest models share. */
interface ExportedTree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly leftBins: readonly (readonly number[] | null)[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly defaultLeft: readonly boolean[];
  readonly value: readonly number[];
}

function treeEnsembleGraph(model: TreeEnsemble): GbdtGraph {
  const inputs: OnnxValue[] = model.features.map((f) => ({
    name: f.name,
    type: f.kind === 'numeric' ? TensorType.FLOAT : TensorType.STRING,
    shape: [null, 1],
  }));
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  // TreeEnsemble reads one float matrix: numeric inputs, then each feature's split indicators.
  const columns: string[] = [];
  const columnOf = new Map<string, number>();
  model.features.forEach((f, i) => {
    if (f.kind === 'numeric') {
      columnOf.set(`numeric:${i}`, columns.length);
      columns.push(f.name);
    }
  });
  let width = columns.length;
  model.features.forEach((feature, f) => {
    if (feature.kind !== 'categorical') return;
    const block = categoricalSplitColumns(feature, f, model.trees, width);
    if (!block) return;
    nodes.push(...block.nodes);
    initializers.push(...block.initializers);
    columns.push(block.output);
    for (const [key, index] of block.columnOf) columnOf.set(key, index);
    width += block.width;
  });

  const attrs = {
    featureIds: [] as number[],
    modes: [] as string[],
    nodeIds: [] as number[],
    treeIds: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    values: [] as number[],
    missingTrue: [] as number[],
    targetIds: [] as number[],
    targetNodeIds: [] as number[],
    targetTreeIds: [] as number[],
    targetWeights: [] as number[],
  };
  const k = model.numTargets;
  model.trees.forEach((tree, t) => {
    tree.feature.forEach((f, node) => {
      attrs.nodeIds.push(node);
      attrs.treeIds.push(t);
      if (f < 0) {
        attrs.featureIds.push(0);
        attrs.modes.push('LEAF');
        attrs.trueIds.push(0);
        attrs.falseIds.push(0);
        attrs.values.push(0);
        attrs.missingTrue.push(0);
        for (const [target, weight] of model.leafTargets(tree, t, node)) {
          attrs.targetIds.push(target);
          attrs.targetNodeIds.push(node);
          attrs.targetTreeIds.push(t);
          attrs.targetWeights.push(weight);
        }
        return;
      }
      const feature = model.features[f]!;
      const leftBins = tree.leftBins[node];
      attrs.modes.push('BRANCH_LEQ');
      attrs.trueIds.push(tree.left[node]!);
      attrs.falseIds.push(tree.right[node]!);
      if (feature.kind === 'numeric' || !leftBins) {
        attrs.featureIds.push(columnOf.get(`numeric:${f}`)!);
        // FLOAT32_MAX marks the "has a value / is missing" split; as +Infinity it also sends
        // +Infinity left, as binning (and predict, by clamping) does.
        const threshold = tree.threshold[node]!;
        attrs.values.push(threshold === FLOAT32_MAX ? Infinity : threshold);
        attrs.missingTrue.push(tree.defaultLeft[node]! ? 1 : 0);
        return;
      }
      attrs.featureIds.push(columnOf.get(splitKey(f, leftBins, tree.defaultLeft[node]!))!);
      attrs.values.push(0.5);
      attrs.missingTrue.push(0);
    });
  });

  if (width === 0) {
    // Only constant trees: still read a column, as floats, so the graph has a batch dimension.
    const first = inputs[0]!;
    if (first.type === TensorType.FLOAT) columns.push(first.name);
    else {
      columns.push('batch');
      nodes.push({
        opType: 'LabelEncoder',
        domain: ML,
        name: 'batch',
        inputs: [first.name],
        outputs: ['batch'],
        attributes: {
          keys_strings: { strings: [''] },
          values_floats: { floats: [0] },
          default_float: { float: 0 },
        },
      });
    }
  }
  nodes.push({
    opType: 'Concat',
    name: 'features',
    inputs: columns,
    outputs: ['features'],
    attributes: { axis: { int: 1 } },
  });
  nodes.push({
    opType: 'TreeEnsembleRegressor',
    domain: ML,
    name: 'trees',
    inputs: ['features'],
    outputs: ['raw_scores'],
    attributes: {
      aggregate_function: { string: 'SUM' },
      post_transform: { string: 'NONE' },
      n_targets: { int: k },
      base_values: { floats: model.baseValues },
      nodes_featureids: { ints: attrs.featureIds },
      nodes_modes: { strings: attrs.modes },
      nodes_nodeids: { ints: attrs.nodeIds },
      nodes_treeids: { ints: attrs.treeIds },
      nodes_truenodeids: { ints: attrs.trueIds },
      nodes_falsenodeids: { ints: attrs.falseIds },
      nodes_values: { floats: attrs.values },
      nodes_missing_value_tracks_true: { ints: attrs.missingTrue },
      target_ids: { ints: attrs.targetIds },
      target_nodeids: { ints: attrs.targetNodeIds },
      target_treeids: { ints: attrs.targetTreeIds },
      target_weights: { floats: attrs.targetWeights },
    },
  });

  if (model.output === 'sigmoid') {
    initializers.push({ name: 'one', dims: [], floats: [1] });
    nodes.push(
      { opType: 'Sigmoid', name: 'p1', inputs: ['raw_scores'], outputs: ['p1'] },
      { opType: 'Sub', name: 'p0', inputs: ['one', 'p1'], outputs: ['p0'] },
      {
        opType: 'Concat',
        name: 'probabilities',
        inputs: ['p0', 'p1'],
        outputs: ['probabilities'],
        attributes: { axis: { int: 1 } },
      },
    );
    return { inputs, nodes, initializers, output: probabilities(2) };
  }
  if (model.output === 'probabilities') {
    nodes.push({
      opType: 'Identity',
      name: 'probabilities',
      inputs: ['raw_scores'],
      outputs: ['probabilities'],
    });
    return { inputs, nodes, initializers, output: probabilities(k) };
  }
  if (model.output === 'softmax') {
    nodes.push({
      opType: 'Softmax',
      name: 'probabilities',
      inputs: ['raw_scores'],
      outputs: ['probabilities'],
      attributes: { axis: { int: 1 } },
    });
    return { inputs, nodes, initializers, output: probabilities(k) };
  }
  nodes.push({
    opType: 'Identity',
    name: 'prediction',
    inputs: ['raw_scores'],
    outputs: ['prediction'],
  });
  return {
    inputs,
    nodes,
    initializers,
    output: { name: 'prediction', type: TensorType.FLOAT, shape: [null, 1] },
  };
}

const splitKey = (f: number, leftBins: readonly number[], defaultLeft: boolean) =>
  `set:${f}:${leftBins.join(',')}:${defaultLeft}`;

/**
 * The indicator columns of categorical feature `f`'s distinct split sets, as one [N, S] block
 * whose column s is feature id `first + s`: a LabelEncoder maps each string to its category's
 * index (unknown and missing to one extra index), and a Gather reads that row of a constant
 * [categories + 1, S] table of 0/1. Strings are hashed once per row, not once per split: a
 * LabelEncoder per split made high-cardinality columns dominate batch scoring.
 */
function categoricalSplitColumns(
  feature: Extract<GbdtFeature, { kind: 'categorical' }>,
  f: number,
  trees: readonly ExportedTree[],
  first: number,
) {
  const sets = new Map<string, { left: ReadonlySet<number>; defaultLeft: boolean }>();
  for (const tree of trees) {
    tree.feature.forEach((g, node) => {
      const leftBins = tree.leftBins[node];
      if (g !== f || !leftBins) return;
      const defaultLeft = tree.defaultLeft[node]!;
      const key = splitKey(f, leftBins, defaultLeft);
      if (!sets.has(key)) sets.set(key, { left: new Set(leftBins), defaultLeft });
    });
  }
  if (sets.size === 0) return null;
  const splits = [...sets.values()];
  const goesRight = (left: boolean) => (left ? 0 : 1);
  const table = [
    ...feature.categoryBins.flatMap((bin) => splits.map((s) => goesRight(s.left.has(bin)))),
    ...splits.map((s) => goesRight(s.defaultLeft)),
  ];
  const name = feature.name;
  const codes = `${name}__category`;
  const output = `${name}__splits`;
  const nodes: OnnxNode[] = [
    {
      opType: 'LabelEncoder',
      domain: ML,
      name: codes,
      inputs: [name],
      outputs: [codes],
      attributes: {
        keys_strings: { strings: feature.categories },
        values_int64s: { ints: feature.categories.map((_, i) => i) },
        default_int64: { int: feature.categories.length },
      },
    },
    {
      opType: 'Gather',
      name: `${output}_gather`,
      inputs: [`${output}_table`, codes],
      outputs: [`${output}_gathered`],
      attributes: { axis: { int: 0 } },
    },
    {
      opType: 'Reshape',
      name: output,
      inputs: [`${output}_gathered`, `${output}_shape`],
      outputs: [output],
    },
  ];
  const initializers: OnnxInitializer[] = [
    {
      name: `${output}_table`,
      dims: [feature.categories.length + 1, splits.length],
      floats: table,
    },
    { name: `${output}_shape`, dims: [2], int64s: [-1, splits.length] },
  ];
  return {
    nodes,
    initializers,
    output,
    width: splits.length,
    columnOf: new Map([...sets.keys()].map((key, s) => [key, first + s])),
  };
}

function probabilities(k: number): OnnxValue {
  return { name: 'probabilities', type: TensorType.FLOAT, shape: [null, k] };
}

import { EngineInputError } from '../errors.js';
import { addTreeExpectation, type ShapTree } from './shap-tree.js';
import { TreeShapExplainer } from './tree-shap.js';

/** One tree of an ensemble and which outputs its leaves add to. */
export interface ShapEnsembleTree {
  readonly tree: ShapTree;
  /** First output the leaf values add to, default 0 (a GBDT class tree: its class). */
  readonly firstOutput?: number;
  /** Values per leaf, default 1 (a forest classifier tree: one per class). */
  readonly width?: number;
  /** Factor on the tree's values, default 1 (a forest average: 1 / number of trees). */
  readonly scale?: number;
}

/** A tree ensemble whose raw output is baseline + Σ scale × leaf value, per output. */
export interface ShapEnsemble {
  readonly trees: readonly ShapEnsembleTree[];
  readonly numFeatures: number;
  readonly numOutputs: number;
  /** Constant added to each output, default 0. */
  readonly baseline?: readonly number[];
}

/** SHAP values of many rows. */
export interface ShapValues {
  readonly numRows: number;
  readonly numOutputs: number;
  readonly numFeatures: number;
  /** Row r, output k, feature f at `(r * numOutputs + k) * numFeatures + f`. */
  readonly values: Float64Array;
  /** Expected raw output per output: values of a row sum to its raw output minus this. */
  readonly expectedValue: Float64Array;
}

/** SHAP values of a trained model, with its feature names in `values` order. */
export interface ModelShapValues extends ShapValues {
  readonly featureNames: readonly string[];
}

/**
 * Exact path-dependent TreeSHAP of every row. `inputs[f][r]` is row r's value of feature f (NaN
 * when missing) in whatever form the trees' `goesLeft` compares.
 */
export function explainTrees(
  ensemble: ShapEnsemble,
  inputs: readonly ArrayLike<number>[],
): ShapValues {
  const { numFeatures, numOutputs } = ensemble;
  checkEnsemble(ensemble);
  if (inputs.length !== numFeatures) {
    throw new EngineInputError('inputs', `has ${inputs.length} features, expected ${numFeatures}`);
  }
  const numRows = inputs[0]?.length ?? 0;
  if (numRows === 0) throw new EngineInputError('inputs', 'has no rows to explain');
  inputs.forEach((column, f) => {
    if (column.length !== numRows) {
      throw new EngineInputError(
        'inputs',
        `feature ${f} has ${column.length} rows, expected ${numRows}`,
      );
    }
  });
  const expectedValue = new Float64Array(numOutputs);
  ensemble.baseline?.forEach((b, k) => (expectedValue[k] = b));
  const values = new Float64Array(numRows * numOutputs * numFeatures);
  for (const member of ensemble.trees) {
    const width = member.width ?? 1;
    const first = member.firstOutput ?? 0;
    const scale = member.scale ?? 1;
    const treeExpectation = new Float64Array(width);
    addTreeExpectation(member.tree, width, treeExpectation);
    treeExpectation.forEach((e, j) => (expectedValue[first + j]! += scale * e));
    const explainer = new TreeShapExplainer(member.tree, width);
    const phi = new Float64Array(width * numFeatures);
    for (let r = 0; r < numRows; r++) {
      phi.fill(0);
      explainer.addRow((f) => inputs[f]![r]!, numFeatures, phi);
      const base = (r * numOutputs + first) * numFeatures;
      for (let i = 0; i < phi.length; i++) values[base + i]! += scale * phi[i]!;
    }
  }
  return { numRows, numOutputs, numFeatures, values, expectedValue };
}

function checkEnsemble(ensemble: ShapEnsemble): void {
  const { numFeatures, numOutputs } = ensemble;
  if (!Number.isInteger(numFeatures) || numFeatures < 1) {
    throw new EngineInputError(
      'numFeatures',
      `must be an integer >= 1, got ${String(numFeatures)}`,
    );
  }
  if (!Number.isInteger(numOutputs) || numOutputs < 1) {
    throw new EngineInputError('numOutputs', `must be an integer >= 1, got ${String(numOutputs)}`);
  }
  if (ensemble.trees.length === 0) throw new EngineInputError('trees', 'is empty');
  if (ensemble.baseline && ensemble.baseline.length !== numOutputs) {
    throw new EngineInputError(
      'baseline',
      `has ${ensemble.baseline.length} values, expected ${numOutputs}`,
    );
  }
  ensemble.trees.forEach((member, t) => {
    const width = member.width ?? 1;
    const first = member.firstOutput ?? 0;
    if (
      !Number.isInteger(width) ||
      !Number.isInteger(first) ||
      first < 0 ||
      width < 1 ||
      first + width > numOutputs
    ) {
      throw new EngineInputError(
        `trees[${t}]`,
        `outputs ${first}..${first + width - 1} are not within 0..${numOutputs - 1}`,
      );
    }
    if (!Number.isFinite(member.scale ?? 1))
      throw new EngineInputError(`trees[${t}]`, 'scale must be finite');
    checkTreeShape(member.tree, `trees[${t}]`, numFeatures, width);
  });
}

// A malformed tree (a cycle, a shared child, an index out of range) would hang or read garbage.
function checkTreeShape(tree: ShapTree, name: string, numFeatures: number, width: number): void {
  const numNodes = tree.feature.length;
  if (numNodes === 0) throw new EngineInputError(name, 'has no nodes');
  if (tree.value.length < numNodes * width) {
    throw new EngineInputError(
      name,
      `has ${tree.value.length} values for ${numNodes} nodes × ${width}`,
    );
  }
  const seen = new Uint8Array(numNodes);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!Number.isInteger(node) || node < 0 || node >= numNodes || seen[node]) {
      throw new EngineInputError(
        name,
        `is not a tree: node ${node} is out of range or reached twice`,
      );
    }
    seen[node] = 1;
    const cover = tree.cover[node]!;
    if (!(cover >= 0) || !Number.isFinite(cover)) {
      throw new EngineInputError(
        name,
        `node ${node} has cover ${cover}; expected a finite number >= 0`,
      );
    }
    const f = tree.feature[node]!;
    if (f < 0) {
      for (let k = 0; k < width; k++) {
        if (!Number.isFinite(tree.value[node * width + k]!)) {
          throw new EngineInputError(name, `leaf ${node} has a non-finite value`);
        }
      }
      continue;
    }
    if (!Number.isInteger(f) || f >= numFeatures) {
      throw new EngineInputError(
        name,
        `node ${node} splits on feature ${f}; expected 0..${numFeatures - 1}`,
      );
    }
    stack.push(tree.left[node]!, tree.right[node]!);
  }
}

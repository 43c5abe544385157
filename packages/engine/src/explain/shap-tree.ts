/**
 * The least a decision tree must expose for TreeSHAP, so GBDT and random-forest trees (or a
 * foreign model's trees) can all be explained by the same code. Node 0 is the root.
 */
export interface ShapTree {
  /** Feature split on at each node; -1 marks a leaf. */
  readonly feature: ArrayLike<number>;
  readonly left: ArrayLike<number>;
  readonly right: ArrayLike<number>;
  /**
   * Weight of training data that reached each node (row count, or hessian sum): the expectation
   * over features left out of a coalition follows both children in these proportions.
   */
  readonly cover: ArrayLike<number>;
  /** Leaf outputs, `numOutputs` per node: output k of node n is at `n * numOutputs + k`. */
  readonly value: ArrayLike<number>;
  /** True when a row whose split feature is `x` (NaN when missing) goes left at `node`. */
  goesLeft(node: number, x: number): boolean;
}

/**
 * Share of the parent's cover that went to `child`. A node that saw no training data (possible
 * in a foreign model) splits its expectation evenly rather than dividing by zero.
 */
export function coverShare(tree: ShapTree, node: number, child: number): number {
  const total = tree.cover[node]!;
  return total > 0 ? tree.cover[child]! / total : 0.5;
}

/** Deepest leaf's depth (root = 0). */
export function treeDepth(tree: ShapTree): number {
  let deepest = 0;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (tree.feature[node]! >= 0) {
      stack.push([tree.left[node]!, depth + 1], [tree.right[node]!, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Adds the tree's expected output under its cover weights to `out` (length numOutputs): the
 * value TreeSHAP's attributions start from.
 */
export function addTreeExpectation(tree: ShapTree, numOutputs: number, out: Float64Array): void {
  const stack: [number, number][] = [[0, 1]];
  while (stack.length > 0) {
    const [node, weight] = stack.pop()!;
    if (tree.feature[node]! < 0) {
      for (let k = 0; k < numOutputs; k++) out[k]! += weight * tree.value[node * numOutputs + k]!;
      continue;
    }
    const l = tree.left[node]!;
    const r = tree.right[node]!;
    stack.push([l, weight * coverShare(tree, node, l)], [r, weight * coverShare(tree, node, r)]);
  }
}

import { categoryBinsFor, FLOAT32_MAX } from './binning.js';
import { EngineInputError } from './errors.js';
import type { Table } from './table.js';

/** An input feature of a tree model (GBDT, forest) and how its values were binned. */
export type TreeFeature =
  | { readonly name: string; readonly kind: 'numeric' }
  | {
      readonly name: string;
      readonly kind: 'categorical';
      /** Bin of the missing value; categories not listed below go there too. */
      readonly missingBin: number;
      readonly categories: readonly string[];
      readonly categoryBins: readonly number[];
    };

/**
 * One feature's column as the trees compare it (GBDT, forest, TreeSHAP): numbers as float32,
 * categories as their bin, NaN when missing or never seen in training. Numbers above the float32
 * range (+Infinity included) are clamped to FLOAT32_MAX: binning put them in the last value bin,
 * which sits left of the "has a value / is missing" split at FLOAT32_MAX, so they route here as
 * they did in training. (The ONNX export writes that threshold as +Infinity to the same effect.)
 */
export function treeInput(feature: TreeFeature, table: Table): Float32Array {
  const column = table.column(feature.name);
  if (column.kind === 'numeric' && feature.kind === 'numeric') {
    return Float32Array.from(column.values, (x) => (x > FLOAT32_MAX ? FLOAT32_MAX : x));
  }
  if (column.kind !== 'categorical' || feature.kind !== 'categorical') {
    throw new EngineInputError(
      feature.name,
      `expected a ${feature.kind} column, got ${column.kind}`,
    );
  }
  const bins = categoryBinsFor(column, { ...feature, numBins: feature.missingBin });
  return Float32Array.from(column.codes, (code) => {
    const bin = code < 0 ? feature.missingBin : bins[code]!;
    return bin === feature.missingBin ? NaN : bin;
  });
}

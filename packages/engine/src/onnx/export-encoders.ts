import { OTHER_CATEGORY, type FittedOneHot, type FittedOrdinal } from '../preprocess/encode.js';
import type { FittedTargetEncode } from '../preprocess/target-encode.js';
import { TensorType } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { categorical, lookup, numericColumn, replace, type Columns } from './graph-columns.js';

/** One-hot columns from categorical codes, with the engine's other bucket and unseen rule. */
export function oneHotGraph(
  b: GraphBuilder,
  step: FittedOneHot,
  columns: Columns,
  where: string,
): Columns {
  const replacements = new Map<string, Columns>();
  for (const spec of step.columns) {
    const c = categorical(columns, spec.name, where);
    const hasOther = spec.infrequent.length > 0;
    const outputOf = new Map<string, number>(spec.categories.map((cat, i) => [cat, i]));
    const otherIndex = spec.categories.length;
    for (const cat of spec.infrequent) outputOf.set(cat, otherIndex);
    const unseen = step.unknown === 'other' && hasOther ? otherIndex : -1;
    const names = [...spec.categories, ...(hasOther ? [OTHER_CATEGORY] : [])];
    // One lookup of the output index, then one comparison per output: constants stay O(D + m)
    // where a 0/1 table per output would be O(D·m) for a column with thousands of categories.
    const table = [...c.dictionary.map((cat) => outputOf.get(cat) ?? unseen), unseen, -1];
    const index = b.op('Gather', [b.int64s(`${spec.name}_onehot_table`, table), c.codes()], {
      name: `${spec.name}_onehot_index`,
      attributes: { axis: { int: 0 } },
    });
    replacements.set(
      spec.name,
      names.map((category, k) => {
        const name = `${spec.name}=${category}`;
        const hot = b.op('Equal', [index, b.intScalar(k)], { name: `${name}_hot` });
        return [name, numericColumn(b.cast(hot, TensorType.DOUBLE, name))];
      }),
    );
  }
  return replace(columns, replacements);
}

/** Sorted category codes: unseen get `unknownValue`, missing NaN. */
export function ordinalGraph(
  b: GraphBuilder,
  step: FittedOrdinal,
  columns: Columns,
  where: string,
): Columns {
  const unknown = step.unknownValue ?? NaN;
  const replacements = new Map<string, Columns>();
  for (const spec of step.columns) {
    const c = categorical(columns, spec.name, where);
    const codeOf = new Map(spec.categories.map((cat, i) => [cat, i]));
    const tensor = lookup(
      b,
      c,
      (cat) => codeOf.get(cat) ?? unknown,
      unknown,
      NaN,
      `${spec.name}_ordinal`,
    );
    replacements.set(spec.name, [[spec.name, numericColumn(tensor)]]);
  }
  return replace(columns, replacements);
}

/** The fitted target encodings (one output per class for multiclass). */
export function targetEncodeGraph(
  b: GraphBuilder,
  step: FittedTargetEncode,
  columns: Columns,
  where: string,
): Columns {
  const replacements = new Map<string, Columns>();
  for (const spec of step.columns) {
    const c = categorical(columns, spec.name, where);
    const slotOf = new Map(spec.categories.map((cat, i) => [cat, i]));
    const outputs: Columns = step.targetMean.map((mean, k) => {
      const encoding = spec.encodings[k]!;
      const name = step.classes ? `${spec.name}:${step.classes[k]}` : spec.name;
      const value = (cat: string) => {
        const slot = slotOf.get(cat);
        return slot === undefined ? mean : encoding[slot]!;
      };
      const missing = spec.missing ? spec.missing[k]! : mean;
      return [name, numericColumn(lookup(b, c, value, mean, missing, `${name}_encoded`))];
    });
    replacements.set(spec.name, outputs);
  }
  return replace(columns, replacements);
}

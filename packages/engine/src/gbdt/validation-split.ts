import { EngineInputError } from '../errors.js';
import { createRandom, shuffleInPlace } from '../random.js';

/** Row ids of the training and validation parts, each ascending. */
export interface TrainValidationSplit {
  readonly train: Uint32Array;
  readonly valid: Uint32Array;
}

/** Holds out `fraction` of the rows (per class when `stratify`), deterministically for a seed. */
export function splitTrainValidation(
  target: Float64Array,
  fraction: number,
  options: { readonly stratify: boolean; readonly seed: number },
): TrainValidationSplit {
  const n = target.length;
  if (fraction === 0)
    return { train: Uint32Array.from({ length: n }, (_, i) => i), valid: new Uint32Array(0) };
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = options.stratify ? target[i]! : 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(i);
  }
  const random = createRandom(options.seed);
  const valid: number[] = [];
  const train: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(groups.get(key)!, random);
    const held = Math.round(rows.length * fraction);
    // A loop, not push(...rows): spreading a large class overflows the call stack.
    for (let i = 0; i < rows.length; i++) (i < held ? valid : train).push(rows[i]!);
  }
  if (valid.length === 0 || train.length === 0) {
    throw new EngineInputError('validationFraction', `leaves an empty part of ${n} rows`);
  }
  return { train: Uint32Array.from(train).sort(), valid: Uint32Array.from(valid).sort() };
}

import { fromInternal, internalRange, type Params, type SearchSpace } from './search-space.js';

/** Draws every parameter independently and uniformly (on the log line for log scales). */
export function sampleRandom(space: SearchSpace, random: () => number): Params {
  const params: Params = {};
  for (const [name, spec] of Object.entries(space)) {
    if (spec.type === 'categorical') {
      params[name] = spec.choices[Math.floor(random() * spec.choices.length)]!;
      continue;
    }
    const { low, high } = internalRange(spec);
    params[name] = fromInternal(spec, low + random() * (high - low));
  }
  return params;
}

import { shuffleInPlace } from '../random.js';

/**
 * Splits `draws` rows among classes in proportion to `counts`, as scikit-learn's
 * `_approximate_mode`: each class gets the floor of its share, then the rows left over go to the
 * classes with the largest remainders. Ties in a remainder are broken with `random` (scikit-learn
 * breaks them with numpy's RNG, so only tied cases can differ from it).
 */
export function approximateMode(
  counts: readonly number[],
  draws: number,
  random: () => number,
): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const out = continuous.map(Math.floor);
  let needToAdd = draws - out.reduce((a, b) => a + b, 0);
  const remainders = continuous.map((c, i) => c - out[i]!);
  const distinct = [...new Set(remainders)].sort((a, b) => b - a);
  for (const value of distinct) {
    if (needToAdd <= 0) break;
    const tied = remainders.flatMap((r, i) => (r === value ? [i] : []));
    const take = Math.min(tied.length, needToAdd);
    const chosen = tied.length > take ? shuffleInPlace(tied, random).slice(0, take) : tied;
    for (const i of chosen) out[i]!++;
    needToAdd -= take;
  }
  return out;
}

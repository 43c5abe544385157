/** Seeded pseudo-random generator (mulberry32): same seed, same sequence, on every platform. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `values` in place (Fisher–Yates) with the given generator and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  values: T,
  random: () => number,
): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
  return values;
}

/** Picks `size` distinct items of `values` (or all of them when fewer), sorted ascending. */
export function sampleSorted(values: Uint32Array, size: number, seed: number): Uint32Array {
  if (values.length <= size) return values;
  const picked = shuffleInPlace(Uint32Array.from(values), createRandom(seed)).subarray(0, size);
  // Sorted so the columns are read front to back.
  return picked.sort();
}

/**
 * Row indices ordered by ascending score, ties in ascending row order (a stable sort). A radix sort
 * on the bits of each double: 4 linear passes, where a comparator sort of a million rows takes
 * seconds. Scores must not be NaN; -0 sorts as +0 (the two are equal scores).
 */
export function ascendingByScore(scores: Float64Array, rows: Uint32Array): Uint32Array {
  const n = rows.length;
  const doubles = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = scores[rows[i]!]!;
    doubles[i] = s === 0 ? 0 : s;
  }
  const words = new Uint32Array(doubles.buffer);
  const [low, high] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = Uint32Array.from(rows);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + high]!;
    const l = words[2 * i + low]!;
    // Order-preserving map from IEEE bits to unsigned: flip negatives wholly, set the sign of the rest.
    const negative = h >>> 31 === 1;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
  }
  let hiOut = new Uint32Array(n);
  let loOut = new Uint32Array(n);
  let idxOut = new Uint32Array(n);
  const counts = new Uint32Array(RADIX + 1);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((word[i]! >>> shift) & MASK) + 1]!++;
    for (let d = 0; d < RADIX; d++) counts[d + 1]! += counts[d]!;
    for (let i = 0; i < n; i++) {
      const to = counts[(word[i]! >>> shift) & MASK]!++;
      hiOut[to] = hi[i]!;
      loOut[to] = lo[i]!;
      idxOut[to] = idx[i]!;
    }
    [hi, hiOut] = [hiOut, hi];
    [lo, loOut] = [loOut, lo];
    [idx, idxOut] = [idxOut, idx];
  }
  return idx;
}

const RADIX = 1 << 16;
const MASK = RADIX - 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Words as scikit-learn's default `token_pattern` `(?u)\b\w\w+\b` finds them: maximal runs of two
 * or more word characters. Python's `\w` is letters, numbers and `_` (not combining marks);
 * JavaScript's `\w` is ASCII-only even with the `u` flag, hence the explicit classes.
 */
const WORD = /[\p{L}\p{N}_]{2,}/gu;

/** The tokens of a document: lowercased (optional) words, then n-grams joined by one space. */
export function tokenize(
  text: string,
  lowercase: boolean,
  ngramRange: readonly [number, number],
): string[] {
  const words = (lowercase ? text.toLowerCase() : text).match(WORD) ?? [];
  const [low, high] = ngramRange;
  if (low === 1 && high === 1) return words;
  const out: string[] = [];
  for (let n = low; n <= Math.min(high, words.length); n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  }
  return out;
}

/** Counts of each token in one document. */
export function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

const encoder = new TextEncoder();

/** MurmurHash3 (x86, 32-bit) of the UTF-8 bytes, as a signed int32, as scikit-learn's hashing. */
export function murmurHash3(text: string, seed = 0): number {
  const bytes = encoder.encode(text);
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = bytes.length >> 2;
  for (let b = 0; b < blocks; b++) {
    const i = b << 2;
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks << 2;
  let k = 0;
  switch (bytes.length & 3) {
    case 3:
      k ^= bytes[tail + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[tail + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[tail]!;
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * One document's non-zero outputs. Output columns are dense, but a document touches few of them,
 * so the norm is taken over its entries only and each is written straight into its column.
 */
export class SparseRow {
  readonly #values = new Map<number, number>();

  clear(): void {
    this.#values.clear();
  }

  /** Adds `value` to output `j` (hash collisions add up, as in scikit-learn). */
  add(j: number, value: number): void {
    this.#values.set(j, (this.#values.get(j) ?? 0) + value);
  }

  /** Writes the entries, scaled to unit L2 (or L1) norm, into row `row` of the columns. */
  writeNormalized(columns: readonly Float64Array[], row: number, norm: 'l1' | 'l2' | null): void {
    let total = 0;
    if (norm) for (const v of this.#values.values()) total += norm === 'l2' ? v * v : Math.abs(v);
    const length = !norm || total === 0 ? 1 : norm === 'l2' ? Math.sqrt(total) : total;
    for (const [j, v] of this.#values) columns[j]![row] = v / length;
  }
}

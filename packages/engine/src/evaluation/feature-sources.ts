/**
 * Maps the estimator's feature names (the pipeline's output columns) back to the model's input
 * columns, so importances and SHAP values are shown per column the user knows. Each feature gets
 * the input columns it came from and the share of its value each receives.
 */
export type FeatureSources = readonly (readonly {
  readonly column: string;
  readonly share: number;
}[])[];

// What the pipeline steps put between an input's name and the rest of a derived name:
// one-hot `a=x`, TF-IDF and multiclass target encoding `a:x`, hashing `a#3`,
// missing indicators `a_missing`, date parts `a_year`, polynomial powers `a^2`.
const SEPARATORS = new Set(['=', ':', '#', '_', '^']);

/** Input columns of every feature; a polynomial product `a b^2` is shared equally by a and b. */
export function featureSources(
  featureNames: readonly string[],
  inputNames: readonly string[],
): FeatureSources {
  const inputs = new Set(inputNames);
  // Longest first, so `a_b_missing` goes to `a_b` rather than `a`.
  const byLength = [...inputNames].sort((a, b) => b.length - a.length);
  const sourceOf = (name: string): string | null => {
    if (inputs.has(name)) return name;
    return (
      byLength.find((input) => name.startsWith(input) && SEPARATORS.has(name[input.length]!)) ??
      null
    );
  };
  return featureNames.map((name) => {
    const whole = sourceOf(name);
    if (whole !== null && (inputs.has(name) || !name.includes(' '))) {
      return [{ column: whole, share: 1 }];
    }
    const parts = [...new Set(name.split(' ').map(sourceOf))];
    if (parts.length > 0 && parts.every((p) => p !== null)) {
      return parts.map((column) => ({ column: column!, share: 1 / parts.length }));
    }
    // Not traceable (a polynomial bias term, say): keep it under its own name.
    return [{ column: whole ?? name, share: 1 }];
  });
}

/** Sums per-feature values into per-column values, in `columns` order (unknown names appended). */
export function sumByColumn(
  sources: FeatureSources,
  values: ArrayLike<number>,
  columns: readonly string[],
): { columns: string[]; values: number[] } {
  const index = new Map(columns.map((c, i) => [c, i]));
  const names = [...columns];
  const sums = new Array<number>(columns.length).fill(0);
  sources.forEach((parts, f) => {
    for (const { column, share } of parts) {
      let i = index.get(column);
      if (i === undefined) {
        i = names.push(column) - 1;
        index.set(column, i);
        sums.push(0);
      }
      sums[i]! += share * values[f]!;
    }
  });
  return { columns: names, values: sums };
}

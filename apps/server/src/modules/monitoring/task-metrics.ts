/** Predicted → true class counts. */
export type Confusion = Map<string, Map<string, number>>;

export function addConfusion(into: Confusion, predicted: string, actual: string, n: number): void {
  const row = into.get(predicted) ?? new Map<string, number>();
  row.set(actual, (row.get(actual) ?? 0) + n);
  into.set(predicted, row);
}

/** Accuracy and macro-averaged F1 over every class that was predicted or true. */
export function classificationMetrics(confusion: Confusion): {
  labeled: number;
  metrics: { accuracy: number; f1: number };
} {
  const classes = new Set<string>();
  let total = 0;
  let correct = 0;
  const predictedCount = new Map<string, number>();
  const actualCount = new Map<string, number>();
  for (const [predicted, row] of confusion) {
    for (const [actual, n] of row) {
      classes.add(predicted).add(actual);
      total += n;
      if (predicted === actual) correct += n;
      predictedCount.set(predicted, (predictedCount.get(predicted) ?? 0) + n);
      actualCount.set(actual, (actualCount.get(actual) ?? 0) + n);
    }
  }
  let f1Sum = 0;
  for (const c of classes) {
    const tp = confusion.get(c)?.get(c) ?? 0;
    const denominator = (predictedCount.get(c) ?? 0) + (actualCount.get(c) ?? 0);
    f1Sum += denominator === 0 ? 0 : (2 * tp) / denominator;
  }
  return {
    labeled: total,
    metrics: {
      accuracy: total === 0 ? 0 : correct / total,
      f1: classes.size === 0 ? 0 : f1Sum / classes.size,
    },
  };
}

/** Sums of a regressor's errors, combinable across buckets. */
export interface ErrorSums {
  n: number;
  absSum: number;
  squareSum: number;
}

export function regressionMetrics(sums: ErrorSums): {
  labeled: number;
  metrics: { mae: number; rmse: number };
} {
  return {
    labeled: sums.n,
    metrics: {
      mae: sums.n === 0 ? 0 : sums.absSum / sums.n,
      rmse: sums.n === 0 ? 0 : Math.sqrt(sums.squareSum / sums.n),
    },
  };
}

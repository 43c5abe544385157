import { predict, type Predictions } from '../model.js';
import type { Table } from '../table.js';
import type { ClassLabel, PreparedTarget, Task } from '../task.js';
import { train, type TrainSpec } from '../train.js';
import { TrialPrunedError } from '../tuning/tune.js';
import { holdoutSplit, stratifiedHoldoutSplit } from '../validation/holdout.js';
import { kFold, stratifiedKFold } from '../validation/k-fold.js';
import type { RowSplit } from '../validation/row-split.js';
import type { AutoMlAlgorithm, AutoMlValidation } from './types.js';

/** The rows each candidate trains and is scored on, as indices into the labelled table. */
export interface ValidationPlan {
  readonly validation: AutoMlValidation;
  readonly splits: readonly RowSplit[];
}

// Small data: k-fold, so the ranking is not decided by a handful of lucky validation rows; the
// smallest is cross-validated twice over, as one pass leaves many candidates a row apart.
const SMALL_MAX_ROWS = 1_000;
const THREE_FOLD_MAX_ROWS = 10_000;
const HOLDOUT_FRACTION = 0.2;
// Clipped like scikit-learn's log_loss, so a confident mistake costs a lot but not Infinity.
const PROBABILITY_EPS = 1e-15;

/**
 * Twice-repeated 5-fold up to 1,000 rows, 3-fold up to 10,000, else one 20% holdout; stratified
 * for classes.
 */
export function planValidation(target: PreparedTarget, seed: number): ValidationPlan {
  const n = target.values.length;
  const classified = target.task !== 'regression';
  const smallestClass = classified ? Math.min(...classCounts(target.values)) : Infinity;
  if (n > THREE_FOLD_MAX_ROWS) {
    const options = { testSize: HOLDOUT_FRACTION, seed };
    const split =
      smallestClass >= 2
        ? stratifiedHoldoutSplit(target.values, options)
        : holdoutSplit(n, options);
    return { validation: { kind: 'holdout', validFraction: HOLDOUT_FRACTION }, splits: [split] };
  }
  const [folds, repeats] = n <= SMALL_MAX_ROWS ? [5, 2] : [3, 1];
  const splits = Array.from({ length: repeats }, (_, r) => {
    const options = { nSplits: folds, shuffle: true, seed: (seed + r) >>> 0 };
    return classified && smallestClass >= 2
      ? stratifiedKFold(target.values, options)
      : kFold(n, options);
  }).flat();
  return { validation: { kind: 'kFold', folds, repeats }, splits };
}

/** Everything fixed across candidates. */
export interface EvaluationContext {
  /** Rows with a target value only, so `target.values[i]` belongs to row i. */
  readonly table: Table;
  readonly target: PreparedTarget;
  readonly base: Omit<TrainSpec, 'algorithm' | 'params'> & { readonly task: Task };
  readonly plan: ValidationPlan;
}

/** How the caller steers a running trial. */
export interface TrialControl {
  /** Aborts the trial's training (the caller's deadline, or the user's cancel). */
  readonly signal: AbortSignal;
  /** An intermediate validation loss; true means the pruner wants the trial stopped. */
  report(step: number, loss: number): boolean;
  /** Called after every iteration of training, so the caller can check its clock. */
  tick(): void;
}

/** Validation score (higher is better) and loss (lower is better) of one candidate. */
export interface Evaluation {
  readonly score: number;
  readonly loss: number;
}

/**
 * Trains the candidate on each split's train rows and scores the held-out rows, pooled over
 * folds. Reports the running loss after each fold (k-fold), or the validation loss of every
 * iteration (holdout: GBDT and MLP stop early on held-out rows and report it), and throws
 * `TrialPrunedError` when the pruner says stop.
 */
export async function evaluateCandidate(
  context: EvaluationContext,
  algorithm: AutoMlAlgorithm,
  params: Readonly<Record<string, unknown>>,
  control: TrialControl,
): Promise<Evaluation> {
  const { table, target, base, plan } = context;
  const scores = new PooledScores(target);
  const pruning = new AbortController();
  const stop = () => pruning.abort();
  control.signal.addEventListener('abort', stop, { once: true });
  let pruned = false;
  const prune = (step: number, loss: number) => {
    if (!pruned && control.report(step, loss)) {
      pruned = true;
      pruning.abort();
    }
  };
  const perIteration = plan.validation.kind === 'holdout';
  try {
    for (const [fold, split] of plan.splits.entries()) {
      const spec: TrainSpec = { ...base, algorithm, params };
      const model = await train(spec, table.take(split.train), {
        signal: pruning.signal,
        onProgress: ({ iteration, validLoss }) => {
          control.tick();
          if (perIteration && validLoss !== undefined && Number.isFinite(validLoss)) {
            prune(iteration, validLoss);
          }
        },
      }).catch((error: unknown) => {
        throw pruned ? new TrialPrunedError() : error;
      });
      scores.add(split.test, model.target.classes, predict(model, table.take(split.test)));
      if (!perIteration && fold < plan.splits.length - 1) {
        prune(fold, scores.loss());
        if (pruned) throw new TrialPrunedError();
      }
    }
  } finally {
    control.signal.removeEventListener('abort', stop);
  }
  return { score: scores.score(), loss: scores.loss() };
}

/** Out-of-fold accuracy and log loss, or R² and mean squared error, over the rows scored so far. */
class PooledScores {
  #rows = 0;
  #correct = 0;
  #logLoss = 0;
  #squaredError = 0;
  #sum = 0;
  #sumSquares = 0;

  constructor(private readonly target: PreparedTarget) {}

  add(rows: Uint32Array, modelClasses: readonly ClassLabel[] | null, predictions: Predictions) {
    const y = this.target.values;
    if (this.target.task === 'regression') {
      const values = predictions.values!;
      rows.forEach((row, i) => {
        this.#squaredError += (y[row]! - values[i]!) ** 2;
        this.#sum += y[row]!;
        this.#sumSquares += y[row]! ** 2;
      });
    } else {
      // A fold may lack a class: look the true label up among the classes this model knows.
      const classes = this.target.classes!;
      const column = new Map(modelClasses!.map((label, c) => [label, c]));
      const k = modelClasses!.length;
      const probabilities = predictions.probabilities!;
      rows.forEach((row, i) => {
        const label = classes[y[row]!]!;
        if (predictions.labels![i] === label) this.#correct++;
        const c = column.get(label);
        const p = c === undefined ? 0 : probabilities[i * k + c]!;
        this.#logLoss -= Math.log(Math.min(1 - PROBABILITY_EPS, Math.max(PROBABILITY_EPS, p)));
      });
    }
    this.#rows += rows.length;
  }

  score(): number {
    if (this.target.task !== 'regression') return this.#correct / this.#rows;
    const total = this.#sumSquares - this.#sum ** 2 / this.#rows;
    return total > 0 ? 1 - this.#squaredError / total : 0;
  }

  loss(): number {
    return (this.target.task === 'regression' ? this.#squaredError : this.#logLoss) / this.#rows;
  }
}

function classCounts(codes: Float64Array): number[] {
  const counts: number[] = [];
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts.filter((c) => c !== undefined);
}

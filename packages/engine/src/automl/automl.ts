import { EngineInputError, TrainingAbortedError } from '../errors.js';
import { checkInteger, checkNumber } from '../param-checks.js';
import type { Table } from '../table.js';
import { prepareTarget } from '../task.js';
import { train, type TrainSpec } from '../train.js';
import type { AskedTrial } from '../tuning/study.js';
import { Study } from '../tuning/study.js';
import { poolMap, TrialPrunedError } from '../tuning/tune.js';
import { TimeBudget } from './budget.js';
import {
  evaluateCandidate,
  planValidation,
  type Evaluation,
  type EvaluationContext,
} from './evaluate.js';
import { compareTrials, leaderboardOf, planRound, type PlannedSlot } from './leaderboard.js';
import {
  baselineParams,
  candidateAlgorithms,
  searchSpaceOf,
  trainParamsOf,
  type DataShape,
} from './search-spaces.js';
import type {
  AutoMlAlgorithm,
  AutoMlMetric,
  AutoMlOptions,
  AutoMlResult,
  AutoMlTrial,
  AutoMlTrialStatus,
} from './types.js';

const ALGORITHMS: readonly AutoMlAlgorithm[] = ['gbdt', 'linear', 'forest', 'mlp'];
// Few random trials before TPE models the good region: budgets allow tens of trials, not hundreds.
const TPE = { type: 'tpe', nStartupTrials: 4 } as const;
// Stop a trial whose running validation loss is worse than the median of finished ones.
const PRUNER = { type: 'median', nStartupTrials: 3 } as const;

/** A trial about to run: its slot in the round, and the point its study proposed. */
interface PlannedTrial extends PlannedSlot {
  readonly number: number;
  readonly asked: AskedTrial | null;
  readonly params: Record<string, unknown>;
}

/**
 * Searches algorithms and their hyperparameters for the best model of `options.target` within a
 * time budget: every suitable algorithm's defaults first, then TPE-tuned trials for the leaders
 * (pruned on intermediate validation loss), each scored by k-fold (small data) or a holdout; the
 * winner is refitted on every row.
 */
export async function automl(table: Table, options: AutoMlOptions): Promise<AutoMlResult> {
  const { seed, maxTrials, now } = readOptions(options);
  const signal = options.signal;
  if (signal?.aborted) throw new TrainingAbortedError(0);
  const features = selectFeatures(table, options);
  const target = prepareTarget(table.column(options.target), options.task);
  const labelled = table.take(target.rows);
  const plan = planValidation(target, seed);
  const shape: DataShape = {
    rows: target.values.length,
    task: target.task,
    fitRows: plan.splits[0]!.train.length,
  };
  const metric: AutoMlMetric = target.task === 'regression' ? 'r2' : 'accuracy';
  const base = { target: options.target, features, task: target.task, seed };
  const context: EvaluationContext = { table: labelled, target, base, plan };
  const algorithms = options.algorithms ?? candidateAlgorithms(shape);
  const studies = new Map(
    algorithms.map((a) => [
      a,
      Study.create({ space: searchSpaceOf(a, shape), sampler: TPE, pruner: PRUNER, seed }),
    ]),
  );
  const budget = new TimeBudget(options.timeBudgetMs, plan.validation, now);
  const map = options.parallel ?? poolMap(1);
  const trials: AutoMlTrial[] = [];
  let completed = 0;
  let leader: AutoMlTrial | null = null;

  const runTrial = async (planned: PlannedTrial): Promise<AutoMlTrial | null> => {
    if (signal?.aborted) throw new TrainingAbortedError(completed);
    // The first result is worth any wait; after it, only trials the budget can still fit start.
    if (completed > 0 && !budget.fits(planned.algorithm)) return null;
    const controller = new AbortController();
    const cancel = () => controller.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    let outOfTime = false;
    const started = budget.now();
    let status: AutoMlTrialStatus = 'complete';
    let evaluation: Evaluation | null = null;
    let error: string | undefined;
    try {
      evaluation = await evaluateCandidate(context, planned.algorithm, planned.params, {
        signal: controller.signal,
        report: (step, loss) =>
          planned.asked !== null &&
          studies.get(planned.algorithm)!.report(planned.asked.number, step, loss),
        tick: () => {
          if (completed > 0 && budget.spent() && !outOfTime) {
            outOfTime = true;
            controller.abort();
          }
        },
      });
    } catch (thrown) {
      if (signal?.aborted) throw new TrainingAbortedError(completed);
      if (thrown instanceof TrialPrunedError) status = 'pruned';
      else if (outOfTime) status = 'cancelled';
      else [status, error] = ['failed', thrown instanceof Error ? thrown.message : String(thrown)];
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    const trial: AutoMlTrial = {
      number: planned.number,
      algorithm: planned.algorithm,
      params: planned.params,
      status,
      score: evaluation?.score ?? null,
      metric,
      loss: evaluation?.loss ?? null,
      durationMs: budget.now() - started,
      ...(error === undefined ? {} : { error }),
    };
    if (status === 'complete') {
      completed++;
      if (!leader || compareTrials(trial, leader) < 0) leader = trial;
    }
    budget.record(trial, leader);
    options.onTrial?.(trial);
    return trial;
  };

  let stoppedBy: AutoMlResult['stoppedBy'] = 'budget';
  let planned = 0;
  for (;;) {
    if (planned >= maxTrials) {
      stoppedBy = 'maxTrials';
      break;
    }
    if (completed > 0 && budget.spent()) break;
    const fits = (a: AutoMlAlgorithm) => completed === 0 || budget.fits(a);
    const round = planRound(algorithms, trials, fits)
      .slice(0, maxTrials - planned)
      .map((slot): PlannedTrial => {
        const asked = slot.baseline ? null : studies.get(slot.algorithm)!.ask();
        const params = asked
          ? trainParamsOf(slot.algorithm, shape, asked.params)
          : baselineParams(slot.algorithm, shape);
        return { ...slot, number: planned++, asked, params };
      });
    if (round.length === 0) break;
    const results = await map(round, runTrial);
    // Told in plan order once the round is over, so concurrency cannot change what TPE learns.
    round.forEach((slot, i) => {
      if (slot.asked) studies.get(slot.algorithm)!.tell(slot.asked.number, outcomeOf(results[i]!));
    });
    const ran = results.filter((r): r is AutoMlTrial => r !== null);
    trials.push(...ran);
    if (ran.length === 0) break;
  }

  const leaderboard = leaderboardOf(trials);
  const best = leaderboard[0];
  if (!best || best.status !== 'complete') {
    const reason = trials.find((t) => t.error)?.error ?? 'no trial completed';
    throw new EngineInputError('table', `no candidate model could be trained: ${reason}`);
  }
  const spec: TrainSpec = { ...base, algorithm: best.algorithm, params: best.params };
  const model = await train(spec, table, signal ? { signal } : {});
  return {
    task: target.task,
    metric,
    validation: plan.validation,
    leaderboard,
    best,
    model,
    spec,
    elapsedMs: budget.elapsed(),
    stoppedBy,
  };
}

function outcomeOf(trial: AutoMlTrial | null) {
  if (trial?.status === 'complete') return { state: 'complete', value: trial.loss! } as const;
  if (trial?.status === 'pruned') return { state: 'pruned' } as const;
  return { state: 'failed', error: trial?.error ?? 'not run: out of time' } as const;
}

function readOptions(options: AutoMlOptions) {
  checkNumber('timeBudgetMs', options.timeBudgetMs, 0, Number.MAX_SAFE_INTEGER, false);
  const seed = options.seed ?? 0;
  checkInteger('seed', seed, 0, 2 ** 32 - 1);
  const maxTrials = options.maxTrials ?? Infinity;
  if (options.maxTrials !== undefined) checkInteger('maxTrials', maxTrials, 1, 1_000_000);
  if (options.algorithms !== undefined) {
    if (options.algorithms.length === 0) {
      throw new EngineInputError('algorithms', 'must name at least one algorithm');
    }
    for (const a of options.algorithms) {
      if (!ALGORITHMS.includes(a)) {
        throw new EngineInputError(
          'algorithms',
          `must be among ${ALGORITHMS.join(', ')}, got ${String(a)}`,
        );
      }
    }
  }
  return { seed, maxTrials, now: options.now ?? Date.now };
}

function selectFeatures(table: Table, options: AutoMlOptions): readonly string[] {
  if (!table.has(options.target)) {
    throw new EngineInputError('target', `names no column of the table (${options.target})`);
  }
  const features =
    options.features ?? table.columns.map((c) => c.name).filter((n) => n !== options.target);
  for (const name of features) {
    if (!table.has(name)) throw new EngineInputError('features', `names no column (${name})`);
    if (name === options.target) {
      throw new EngineInputError('features', 'must not include the target');
    }
  }
  if (features.length === 0)
    throw new EngineInputError('features', 'is empty; nothing to learn from');
  return features;
}

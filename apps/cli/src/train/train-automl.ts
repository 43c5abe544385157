import { automl, type AutoMlTrial, type Table } from '@aistudio/engine';
import type { ProgressReporter } from './progress-reporter.js';
import type { TrainOptions } from './train-options.js';
import type { Trained } from './train-report.js';

const TICK_MS = 250;

/**
 * `--algorithm auto`: the engine's AutoML search within the time budget, one log line per trial
 * and the bar following the budget; the winner comes back refitted on every training row.
 */
export async function trainAutoMl(
  table: Table,
  options: TrainOptions,
  features: readonly string[],
  progress: ProgressReporter,
  interrupt: AbortSignal,
): Promise<Trained> {
  const budgetMs = options.timeBudgetMs!;
  const started = performance.now();
  let leader: AutoMlTrial | null = null;
  const tick = () =>
    progress.update(
      Math.min(budgetMs, performance.now() - started),
      budgetMs,
      leader ? `best ${leader.metric} ${leader.score!.toFixed(4)}` : 'searching',
    );
  // The search yields between iterations, so the bar can move between trials too.
  const timer = setInterval(tick, TICK_MS).unref();
  try {
    const result = await automl(table, {
      target: options.target,
      features,
      ...(options.task ? { task: options.task } : {}),
      timeBudgetMs: budgetMs,
      seed: options.seed,
      signal: interrupt,
      onTrial: (trial) => {
        progress.log(describeTrial(trial));
        if (trial.status === 'complete' && (!leader || trial.score! > leader.score!))
          leader = trial;
      },
    });
    tick();
    return {
      model: result.model,
      params: result.spec.params ?? {},
      trainingMs: performance.now() - started,
      automl: {
        metric: result.metric,
        stoppedBy: result.stoppedBy,
        elapsedMs: Math.round(result.elapsedMs),
        trials: result.leaderboard.map((t) => ({
          rank: t.rank,
          algorithm: t.algorithm,
          status: t.status,
          score: t.score,
          durationMs: Math.round(t.durationMs),
          params: t.params,
        })),
      },
    };
  } finally {
    clearInterval(timer);
  }
}

function describeTrial(trial: AutoMlTrial): string {
  const outcome =
    trial.status === 'complete'
      ? `${trial.metric} ${trial.score!.toFixed(4)}`
      : trial.status === 'failed'
        ? `failed: ${trial.error ?? 'unknown error'}`
        : trial.status;
  return `trial ${trial.number + 1}: ${trial.algorithm}  ${outcome}  ${(trial.durationMs / 1000).toFixed(1)}s`;
}

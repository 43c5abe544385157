import { EngineInputError } from '../errors.js';
import type { Params, SearchSpace } from './search-space.js';
import type {
  Direction,
  PrunerConfig,
  SamplerConfig,
  StudyState,
  TrialRecord,
} from './study-state.js';
import { Study } from './study.js';

/**
 * Runs `run` on every item with some concurrency and resolves with the results in item order; a
 * rejection rejects the whole map. The training service passes one that runs trials as jobs.
 */
export type ParallelMap = <T, R>(
  items: readonly T[],
  run: (item: T, index: number) => Promise<R>,
) => Promise<R[]>;

/** What an objective gets besides the parameters. */
export interface TrialContext {
  readonly number: number;
  /** Reports an intermediate value; true means the pruner wants the trial stopped. */
  report(step: number, value: number): boolean;
  /** Fires when the whole tuning run is aborted. */
  readonly signal?: AbortSignal;
}

/** Evaluates one set of parameters; may throw `TrialPrunedError` after `report` said to stop. */
export type Objective = (params: Params, trial: TrialContext) => number | Promise<number>;

/** Thrown by an objective to end its trial as pruned. */
export class TrialPrunedError extends Error {
  override readonly name = 'TrialPrunedError';

  constructor() {
    super('trial pruned');
  }
}

/** Options of `tune`. */
export interface TuneOptions {
  /** Trials to run (in addition to those of a resumed `study`). */
  readonly trials: number;
  /** Default 'minimize'. */
  readonly direction?: Direction;
  /** Default TPE. */
  readonly sampler?: SamplerConfig;
  readonly pruner?: PrunerConfig | null;
  /** Default 0. */
  readonly seed?: number;
  /** Resume this study instead of starting one; the options above are then ignored. */
  readonly study?: StudyState;
  /** Trials in flight at once with the built-in map, default 1. */
  readonly concurrency?: number;
  /** Runs the trials; default: an in-process pool of `concurrency` workers. */
  readonly parallelMap?: ParallelMap;
  /** Stops asking for trials; `tune` rejects with the signal's reason once running ones end. */
  readonly signal?: AbortSignal;
  /** Called after each trial ends, with the study's state to persist. */
  readonly onTrial?: (trial: Readonly<TrialRecord>, state: StudyState) => void;
}

/** Outcome of `tune`. */
export interface TuneResult {
  /** Best complete trial, or null when none completed. */
  readonly best: Readonly<TrialRecord> | null;
  readonly trials: readonly Readonly<TrialRecord>[];
  /** Final state: pass it back as `study` to run more trials. */
  readonly state: StudyState;
}

/**
 * Searches `space` for the parameters that optimise `objective`. Each trial asks the study for
 * parameters just before it starts, so TPE learns from every trial finished by then. An
 * objective that throws fails only its own trial (the message is kept); an abort stops the run.
 */
export async function tune(
  space: SearchSpace,
  objective: Objective,
  options: TuneOptions,
): Promise<TuneResult> {
  const { trials, signal } = options;
  if (!Number.isInteger(trials) || trials < 1 || trials > 1_000_000) {
    throw new EngineInputError('trials', `must be an integer in 1..1000000, got ${String(trials)}`);
  }
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
    throw new EngineInputError(
      'concurrency',
      `must be an integer in 1..1024, got ${String(concurrency)}`,
    );
  }
  if (options.study && JSON.stringify(options.study.space) !== JSON.stringify(space)) {
    throw new EngineInputError('space', 'differs from the space of the study being resumed');
  }
  const study = options.study
    ? Study.fromJSON(options.study)
    : Study.create({
        space,
        ...(options.direction && { direction: options.direction }),
        ...(options.sampler && { sampler: options.sampler }),
        ...(options.pruner !== undefined && { pruner: options.pruner }),
        ...(options.seed !== undefined && { seed: options.seed }),
      });
  const map = options.parallelMap ?? poolMap(concurrency);
  const runOne = async (): Promise<void> => {
    signal?.throwIfAborted();
    const { number, params } = study.ask();
    const context: TrialContext = {
      number,
      report: (step, value) => study.report(number, step, value),
      ...(signal && { signal }),
    };
    let record: Readonly<TrialRecord>;
    try {
      const value = await objective(params, context);
      record = study.tell(
        number,
        typeof value === 'number'
          ? { state: 'complete', value }
          : {
              state: 'failed',
              error: `the objective returned ${String(value)}, not a number`,
            },
      );
    } catch (error) {
      if (signal?.aborted) {
        study.tell(number, { state: 'failed', error: 'aborted' });
        throw signal.reason;
      }
      record =
        error instanceof TrialPrunedError
          ? study.tell(number, { state: 'pruned' })
          : study.tell(number, { state: 'failed', error: String(error) });
    }
    options.onTrial?.(record, study.toJSON());
  };
  await map(
    Array.from({ length: trials }, (_, i) => i),
    runOne,
  );
  return { best: study.bestTrial, trials: study.trials, state: study.toJSON() };
}

/** An in-process ParallelMap with at most `concurrency` items running at once. */
export function poolMap(concurrency: number): ParallelMap {
  return async <T, R>(items: readonly T[], run: (item: T, index: number) => Promise<R>) => {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]!, i);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    return results;
  };
}

import {
  CLASSIFICATION_SWEEP_METRICS,
  CreateSweepBody,
  MAXIMIZED_SWEEP_METRICS,
  type SweepSpec,
} from '@aistudio/contracts';
import {
  candidateAlgorithms,
  checkTrainParams,
  EngineInputError,
  searchSpaceOf,
  Study,
  trainParamsOf as automlTrainParams,
  type AutoMlAlgorithm,
  type DataShape,
  type Params,
  type ParamSpec,
  type ParamValue,
  type SearchSpace,
  type StudyState,
} from '@aistudio/engine';
import { UnprocessableError } from '../../../http/errors.js';

export const MAX_TRIALS = 200;
export const MAX_PARALLELISM = 16;
const MAX_BUDGET_SECONDS = 7 * 24 * 3600;

/** What a sweep run stores in its `sweep` column: the request, fixed params and the study. */
export interface SweepState {
  readonly spec: SweepSpec;
  /** Parameters every trial of an algorithm gets unless the space samples them. */
  readonly fixedParams: Partial<Record<AutoMlAlgorithm, TrainParams>>;
  readonly study: StudyState;
}

/** A run's parameter values: scalars, or a list of numbers (the MLP's layer sizes). */
export type TrainParams = Record<string, ParamValue | number[]>;

/** One trial as a training run: the algorithm and its `train` parameters. */
export interface TrialPlan {
  readonly algorithm: AutoMlAlgorithm;
  readonly params: TrainParams;
}

type ParsedBody = ReturnType<typeof CreateSweepBody.parse>;

/**
 * Resolves a sweep request against the data's shape into the stored state: defaults filled in,
 * the space checked against the algorithm (422 naming `space.<param>`), an empty study.
 */
export function planSweep(body: ParsedBody, shape: DataShape): SweepState {
  checkRange('trials', body.trials, 1, MAX_TRIALS);
  checkRange('parallelism', body.parallelism, 1, MAX_PARALLELISM);
  if (body.timeBudgetSeconds !== undefined) {
    checkRange('timeBudgetSeconds', body.timeBudgetSeconds, 1, MAX_BUDGET_SECONDS);
  }
  const metric = body.metric ?? (shape.task === 'regression' ? 'rmse' : 'log_loss');
  if (CLASSIFICATION_SWEEP_METRICS.includes(metric) !== (shape.task !== 'regression')) {
    throw invalid('metric', `${metric} does not score a ${shape.task} task`);
  }
  const algorithms: AutoMlAlgorithm[] =
    body.algorithm === 'auto' ? candidateAlgorithms(shape) : [body.algorithm];
  const fixedParams = Object.fromEntries(algorithms.map((a) => [a, fixedParamsOf(a, shape)]));
  let space: SearchSpace;
  if (body.algorithm === 'auto') {
    if (body.space) throw invalid('space', 'AutoML searches its own spaces; leave space out');
    space = autoSpace(algorithms, shape);
  } else {
    space = (body.space as SearchSpace | undefined) ?? searchSpaceOf(body.algorithm, shape);
    checkSpace(body.algorithm, space, fixedParams[body.algorithm]!, shape);
  }
  const spec: SweepSpec = {
    algorithm: body.algorithm,
    space: space as SweepSpec['space'],
    sampler: body.sampler,
    trials: body.trials,
    parallelism: body.parallelism,
    metric,
    direction: MAXIMIZED_SWEEP_METRICS.includes(metric) ? 'maximize' : 'minimize',
    pruning: body.pruning,
    timeBudgetSeconds: body.timeBudgetSeconds ?? null,
  };
  const study = Study.create({
    space,
    direction: spec.direction,
    // Sweeps run tens of trials, not hundreds: TPE starts modelling after a quarter of them.
    sampler:
      body.sampler === 'random'
        ? { type: 'random' }
        : { type: 'tpe', nStartupTrials: Math.min(10, Math.max(2, Math.round(body.trials / 4))) },
    seed: body.seed,
  });
  return { spec, fixedParams, study: study.toJSON() };
}

/** The training run of a sampled point: AutoML's point names its algorithm and prefixes its params. */
export function trialPlanOf(state: SweepState, sampled: Params): TrialPlan {
  const { spec, fixedParams } = state;
  if (spec.algorithm !== 'auto') {
    const algorithm = spec.algorithm;
    return {
      algorithm,
      params: { ...fixedParams[algorithm], ...trainParamsOf(algorithm, sampled) },
    };
  }
  const algorithm = sampled.algorithm as AutoMlAlgorithm;
  const prefix = `${algorithm}.`;
  const own = Object.entries(sampled).flatMap(([name, value]) =>
    name.startsWith(prefix) ? [[name.slice(prefix.length), value] as const] : [],
  );
  const params = trainParamsOf(algorithm, Object.fromEntries(own));
  return { algorithm, params: { ...fixedParams[algorithm], ...params } };
}

/** Sampled values as `train` parameters: an MLP's `units` and `layers` become its layer sizes. */
function trainParamsOf(algorithm: AutoMlAlgorithm, sampled: Params): TrainParams {
  if (algorithm !== 'mlp' || (!('units' in sampled) && !('layers' in sampled))) return sampled;
  const { units = 100, layers = 1, ...rest } = sampled;
  return {
    ...rest,
    hiddenLayerSizes: Array.from({ length: Number(layers) }, () => Number(units)),
  };
}

/** One conditional space as a flat one: `algorithm` picks which `<algorithm>.<param>` apply. */
function autoSpace(algorithms: AutoMlAlgorithm[], shape: DataShape): SearchSpace {
  const space: Record<string, ParamSpec> = {
    algorithm: { type: 'categorical', choices: algorithms },
  };
  for (const algorithm of algorithms) {
    for (const [name, spec] of Object.entries(searchSpaceOf(algorithm, shape))) {
      space[`${algorithm}.${name}`] = spec;
    }
  }
  return space;
}

/** What the engine's AutoML fixes for the data's size (early stopping, solver iterations). */
function fixedParamsOf(algorithm: AutoMlAlgorithm, shape: DataShape): TrainParams {
  // The MLP's layers are always sampled (or its default): keep only what AutoML fixes.
  const { hiddenLayerSizes: _layers, ...fixed } = automlTrainParams(
    algorithm,
    shape,
    algorithm === 'mlp' ? { units: 1, layers: 1 } : {},
  );
  return fixed as TrainParams;
}

/** The space's declarations, then every bound and choice as the algorithm's parameter. */
function checkSpace(
  algorithm: AutoMlAlgorithm,
  space: SearchSpace,
  fixed: TrainParams,
  shape: DataShape,
): void {
  try {
    Study.create({ space });
  } catch (error) {
    throw engineField(error);
  }
  for (const [name, spec] of Object.entries(space)) {
    const values = spec.type === 'categorical' ? spec.choices : [spec.low, spec.high];
    for (const value of values) {
      try {
        checkTrainParams(
          algorithm,
          { ...fixed, ...trainParamsOf(algorithm, { [name]: value }) },
          shape.task,
        );
      } catch (error) {
        throw engineField(error);
      }
    }
  }
}

function engineField(error: unknown): unknown {
  if (!(error instanceof EngineInputError)) return error;
  const field = error.subject === 'space' ? 'space' : `space.${error.subject}`;
  return invalid(field, error.message.slice(error.subject.length + 2));
}

function checkRange(field: string, value: number, low: number, high: number): void {
  if (!(value >= low && value <= high)) {
    throw invalid(field, `must be between ${low} and ${high}, got ${value}`);
  }
}

function invalid(field: string, message: string): UnprocessableError {
  return new UnprocessableError(`${field}: ${message}`, [{ field, message }]);
}

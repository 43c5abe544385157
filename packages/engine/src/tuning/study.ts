import { EngineInputError } from '../errors.js';
import { createRandom } from '../random.js';
import { HALVING_DEFAULTS, MEDIAN_DEFAULTS, shouldPrune } from './pruners.js';
import { sampleRandom } from './random-sampler.js';
import { checkSearchSpace, type Params, type SearchSpace } from './search-space.js';
import type {
  Direction,
  PrunerConfig,
  SamplerConfig,
  StudyState,
  TrialRecord,
} from './study-state.js';
import { sampleTpe, TPE_DEFAULTS } from './tpe-sampler.js';
import { checkInteger } from '../param-checks.js';

/** Options of `Study.create`. */
export interface CreateStudyOptions {
  readonly space: SearchSpace;
  /** Default 'minimize'. */
  readonly direction?: Direction;
  /** Default TPE with Optuna's settings. */
  readonly sampler?: SamplerConfig;
  /** Default none: every trial runs to the end. */
  readonly pruner?: PrunerConfig | null;
  /** Seed of every sampled parameter, default 0. */
  readonly seed?: number;
}

/** A trial handed out by `ask`: its number and the parameters to try. */
export interface AskedTrial {
  readonly number: number;
  readonly params: Params;
}

/** How a trial ended: its objective value, or that it was pruned or failed. */
export type TrialOutcome =
  | { readonly state: 'complete'; readonly value: number }
  | { readonly state: 'pruned' }
  | { readonly state: 'failed'; readonly error?: string };

/**
 * A hyperparameter search as ask/tell: `ask` proposes parameters, the caller evaluates them
 * wherever it likes (many trials may be out at once, told back in any order), `report` passes
 * intermediate values to the pruner and `tell` records the outcome. All state is plain JSON
 * (`toJSON` / `fromJSON`). A trial's random draws depend only on the seed and its number, so a
 * resumed study proposes what the original would have.
 */
export class Study {
  readonly #state: StudyState;

  private constructor(state: StudyState) {
    this.#state = state;
  }

  /** Starts an empty study. */
  static create(options: CreateStudyOptions): Study {
    return Study.fromJSON({
      format: 'aistudio.study',
      version: 1,
      space: options.space,
      direction: options.direction ?? 'minimize',
      sampler: options.sampler ?? { type: 'tpe' },
      pruner: options.pruner ?? null,
      seed: options.seed ?? 0,
      trials: [],
    });
  }

  /** Resumes a study from `toJSON()` output, checking it first. */
  static fromJSON(state: StudyState): Study {
    checkStudyState(state);
    return new Study(structuredCloneJson(state));
  }

  /** A deep copy of the whole state, safe to serialise. */
  toJSON(): StudyState {
    return structuredCloneJson(this.#state);
  }

  get direction(): Direction {
    return this.#state.direction;
  }

  /** Every trial so far, in the order asked. */
  get trials(): readonly Readonly<TrialRecord>[] {
    return this.#state.trials;
  }

  /** The complete trial with the best value, or null before any completed. */
  get bestTrial(): Readonly<TrialRecord> | null {
    const sign = this.#state.direction === 'minimize' ? 1 : -1;
    let best: TrialRecord | null = null;
    for (const t of this.#state.trials) {
      if (t.state === 'complete' && (!best || sign * t.value! < sign * best.value!)) best = t;
    }
    return best;
  }

  /** Proposes the next trial's parameters and marks it running. */
  ask(): AskedTrial {
    const { space, sampler, direction, seed, trials } = this.#state;
    const number = trials.length;
    const random = createRandom(trialSeed(seed, number));
    const params =
      sampler.type === 'random'
        ? sampleRandom(space, random)
        : sampleTpe(space, trials, direction, sampler, random);
    trials.push({ number, params, state: 'running', value: null, intermediate: [], rungs: [] });
    return { number, params: { ...params } };
  }

  /**
   * Records an intermediate value of a running trial at `step` (steps must increase) and returns
   * true when the pruner says to stop it; the caller then tells it `{ state: 'pruned' }`.
   */
  report(number: number, step: number, value: number): boolean {
    const trial = this.#running(number);
    const last = trial.intermediate[trial.intermediate.length - 1];
    if (!Number.isInteger(step) || step < 0 || (last && step <= last.step)) {
      throw new EngineInputError(
        'step',
        `must be an integer >= 0 above the last reported step (${last?.step ?? 'none'}), got ${String(step)}`,
      );
    }
    if (typeof value !== 'number') throw new EngineInputError('value', 'must be a number');
    trial.intermediate.push({ step, value });
    const pruner = this.#state.pruner;
    return pruner ? shouldPrune(pruner, trial, this.#state.trials, this.#state.direction) : false;
  }

  /** Ends a running trial. A NaN value marks it failed, as Optuna does. */
  tell(number: number, outcome: TrialOutcome): Readonly<TrialRecord> {
    const trial = this.#running(number);
    if (outcome.state === 'complete') {
      if (typeof outcome.value !== 'number') {
        throw new EngineInputError('value', `must be a number, got ${String(outcome.value)}`);
      }
      if (Number.isNaN(outcome.value)) {
        trial.state = 'failed';
        trial.error = 'the objective returned NaN';
      } else {
        trial.state = 'complete';
        trial.value = outcome.value;
      }
    } else if (outcome.state === 'pruned' || outcome.state === 'failed') {
      trial.state = outcome.state;
      if (outcome.state === 'failed' && outcome.error !== undefined) trial.error = outcome.error;
    } else {
      throw new EngineInputError('outcome', `state must be complete, pruned or failed`);
    }
    return trial;
  }

  #running(number: number): TrialRecord {
    const trial = this.#state.trials[number];
    if (!trial) throw new EngineInputError('trial', `no trial number ${String(number)}`);
    if (trial.state !== 'running') {
      throw new EngineInputError('trial', `trial ${number} already ended (${trial.state})`);
    }
    return trial;
  }
}

// Independent streams per trial: mixes the trial number into the seed (golden-ratio increment).
function trialSeed(seed: number, number: number): number {
  return (seed ^ Math.imul(number + 1, 0x9e3779b9)) >>> 0;
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function checkStudyState(state: StudyState): void {
  if (state?.format !== 'aistudio.study' || state.version !== 1) {
    throw new EngineInputError('study', 'is not an aistudio.study version 1 state');
  }
  checkSearchSpace(state.space);
  if (state.direction !== 'minimize' && state.direction !== 'maximize') {
    throw new EngineInputError(
      'direction',
      `must be minimize or maximize, got ${String(state.direction)}`,
    );
  }
  checkInteger('seed', state.seed, 0, 2 ** 32 - 1);
  checkSampler(state.sampler);
  if (state.pruner !== null) checkPruner(state.pruner);
  if (!Array.isArray(state.trials)) throw new EngineInputError('trials', 'must be an array');
  state.trials.forEach((trial, i) => checkTrialRecord(trial, i, state.space));
}

const STATES: readonly string[] = ['running', 'complete', 'pruned', 'failed'];

// A stored trial feeds TPE directly: a value outside the space would poison its densities.
function checkTrialRecord(trial: TrialRecord, index: number, space: SearchSpace): void {
  const name = `trials[${index}]`;
  if (trial?.number !== index) throw new EngineInputError(name, `must have number ${index}`);
  if (!STATES.includes(trial.state)) {
    throw new EngineInputError(name, `state must be one of ${STATES.join(', ')}`);
  }
  if (trial.state === 'complete' && typeof trial.value !== 'number') {
    throw new EngineInputError(name, 'is complete but has no numeric value');
  }
  if (!Array.isArray(trial.intermediate) || !Array.isArray(trial.rungs)) {
    throw new EngineInputError(name, 'needs intermediate and rungs arrays');
  }
  for (const [param, spec] of Object.entries(space)) {
    const value = trial.params?.[param];
    const ok =
      spec.type === 'categorical'
        ? spec.choices.includes(value!)
        : typeof value === 'number' &&
          value >= spec.low &&
          value <= spec.high &&
          (spec.type !== 'int' || Number.isInteger(value));
    if (!ok) throw new EngineInputError(name, `${param} = ${String(value)} is outside the space`);
  }
}

function checkSampler(sampler: SamplerConfig): void {
  if (sampler?.type === 'random') return;
  if (sampler?.type !== 'tpe') {
    throw new EngineInputError(
      'sampler',
      `type must be tpe or random, got ${String((sampler as { type?: unknown })?.type)}`,
    );
  }
  checkInteger(
    'nStartupTrials',
    sampler.nStartupTrials ?? TPE_DEFAULTS.nStartupTrials,
    0,
    1_000_000,
  );
  checkInteger('nEiCandidates', sampler.nEiCandidates ?? TPE_DEFAULTS.nEiCandidates, 1, 100_000);
  const prior = sampler.priorWeight ?? TPE_DEFAULTS.priorWeight;
  if (!(prior > 0) || !Number.isFinite(prior)) {
    throw new EngineInputError('priorWeight', `must be a finite number > 0, got ${String(prior)}`);
  }
}

function checkPruner(pruner: PrunerConfig): void {
  if (pruner?.type === 'median') {
    checkInteger(
      'nStartupTrials',
      pruner.nStartupTrials ?? MEDIAN_DEFAULTS.nStartupTrials,
      0,
      1_000_000,
    );
    checkInteger(
      'nWarmupSteps',
      pruner.nWarmupSteps ?? MEDIAN_DEFAULTS.nWarmupSteps,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    checkInteger('nMinTrials', pruner.nMinTrials ?? MEDIAN_DEFAULTS.nMinTrials, 1, 1_000_000);
    return;
  }
  if (pruner?.type === 'successiveHalving') {
    checkInteger(
      'minResource',
      pruner.minResource ?? HALVING_DEFAULTS.minResource,
      1,
      Number.MAX_SAFE_INTEGER,
    );
    checkInteger(
      'reductionFactor',
      pruner.reductionFactor ?? HALVING_DEFAULTS.reductionFactor,
      2,
      1_000,
    );
    checkInteger(
      'minEarlyStoppingRate',
      pruner.minEarlyStoppingRate ?? HALVING_DEFAULTS.minEarlyStoppingRate,
      0,
      100,
    );
    return;
  }
  throw new EngineInputError(
    'pruner',
    `type must be median or successiveHalving, got ${String((pruner as { type?: unknown })?.type)}`,
  );
}

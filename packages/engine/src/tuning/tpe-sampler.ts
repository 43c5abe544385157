import {
  fitCategoricalParzen,
  fitNumericParzen,
  numericParzenLogDensity,
  pickByWeight,
  sampleNumericParzen,
  type ParzenSettings,
} from './parzen-estimator.js';
import { sampleRandom } from './random-sampler.js';
import {
  fromInternal,
  internalRange,
  toInternal,
  type CategoricalParam,
  type ParamSpec,
  type Params,
  type SearchSpace,
} from './search-space.js';
import type { Direction, TpeSamplerConfig, TrialRecord } from './study-state.js';

/** TPE defaults, as in Optuna and hyperopt. */
export const TPE_DEFAULTS = { nStartupTrials: 10, nEiCandidates: 24, priorWeight: 1 } as const;

/** Share of observations called "good": 10%, at most 25 (Optuna's default gamma). */
export function goodCount(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Weights by age: the newest 25 observations count fully, older ones ramp down linearly. */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  return Array.from({ length: n }, (_, i) =>
    i >= ramp ? 1 : ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1),
  );
}

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011; Optuna's univariate TPE): ranks the
 * finished trials, calls the best `goodCount(n)` good and the rest bad, fits one Parzen density
 * l(x) to the good and g(x) to the bad values of each parameter, draws `nEiCandidates` values from
 * l and keeps the one with the highest l(x) / g(x), which maximises expected improvement.
 * Pruned trials count as worse than every complete one, the further they got the better.
 */
export function sampleTpe(
  space: SearchSpace,
  trials: readonly TrialRecord[],
  direction: Direction,
  config: TpeSamplerConfig,
  random: () => number,
): Params {
  const nStartup = config.nStartupTrials ?? TPE_DEFAULTS.nStartupTrials;
  const nCandidates = config.nEiCandidates ?? TPE_DEFAULTS.nEiCandidates;
  const settings: ParzenSettings = { priorWeight: config.priorWeight ?? TPE_DEFAULTS.priorWeight };
  const ranked = rankObservations(trials, direction);
  if (ranked.length < nStartup) return sampleRandom(space, random);
  const nGood = goodCount(ranked.length);
  // Within each group, oldest first: the age weights favour recent trials.
  const byNumber = (a: TrialRecord, b: TrialRecord): number => a.number - b.number;
  const good = ranked.slice(0, nGood).sort(byNumber);
  const bad = ranked.slice(nGood).sort(byNumber);
  const params: Params = {};
  for (const [name, spec] of Object.entries(space)) {
    params[name] =
      spec.type === 'categorical'
        ? sampleCategorical(name, spec, good, bad, settings, nCandidates, random)
        : sampleNumeric(name, spec, good, bad, settings, nCandidates, random);
  }
  return params;
}

function sampleNumeric(
  name: string,
  spec: Exclude<ParamSpec, CategoricalParam>,
  good: readonly TrialRecord[],
  bad: readonly TrialRecord[],
  settings: ParzenSettings,
  nCandidates: number,
  random: () => number,
): number {
  const range = internalRange(spec);
  const values = (trials: readonly TrialRecord[]): number[] =>
    trials.map((t) => toInternal(spec, t.params[name] as number));
  const l = fitNumericParzen(
    values(good),
    observationWeights(good.length),
    range.low,
    range.high,
    settings,
  );
  const g = fitNumericParzen(
    values(bad),
    observationWeights(bad.length),
    range.low,
    range.high,
    settings,
  );
  let best = NaN;
  let bestScore = -Infinity;
  for (let i = 0; i < nCandidates; i++) {
    const value = fromInternal(spec, sampleNumericParzen(l, random));
    const x = toInternal(spec, value);
    const cell = range.integer ? integerCell(spec, value) : undefined;
    const score = numericParzenLogDensity(l, x, cell) - numericParzenLogDensity(g, x, cell);
    if (score > bestScore || Number.isNaN(best)) {
      best = value;
      bestScore = score;
    }
  }
  return best;
}

// The stretch of the sampling line that rounds to an integer value.
function integerCell(spec: Exclude<ParamSpec, CategoricalParam>, value: number): [number, number] {
  const a = value - 0.5;
  const b = value + 0.5;
  return spec.type === 'int' && spec.log ? [Math.log(a), Math.log(b)] : [a, b];
}

function sampleCategorical(
  name: string,
  spec: CategoricalParam,
  good: readonly TrialRecord[],
  bad: readonly TrialRecord[],
  settings: ParzenSettings,
  nCandidates: number,
  random: () => number,
): string | number | boolean {
  const k = spec.choices.length;
  const indices = (trials: readonly TrialRecord[]): number[] =>
    trials.map((t) => spec.choices.indexOf(t.params[name]!));
  const l = fitCategoricalParzen(indices(good), observationWeights(good.length), k, settings);
  const g = fitCategoricalParzen(indices(bad), observationWeights(bad.length), k, settings);
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < nCandidates; i++) {
    const c = pickByWeight(l, random());
    const score = Math.log(l[c]!) - Math.log(g[c]!);
    if (score > bestScore || best < 0) {
      best = c;
      bestScore = score;
    }
  }
  return spec.choices[best]!;
}

/**
 * Finished trials best first: complete ones by value, then pruned ones by the last step they
 * reached (further is better) and the value there; a NaN value ranks last.
 */
export function rankObservations(
  trials: readonly TrialRecord[],
  direction: Direction,
): TrialRecord[] {
  const sign = direction === 'minimize' ? 1 : -1;
  const key = (t: TrialRecord): [number, number] => {
    if (t.state === 'complete') return [-Infinity, sign * t.value!];
    const last = t.intermediate[t.intermediate.length - 1];
    if (!last) return [1, 0];
    return [-last.step, Number.isNaN(last.value) ? Infinity : sign * last.value];
  };
  return trials
    .filter((t) => t.state === 'complete' || t.state === 'pruned')
    .map((t) => ({ t, k: key(t) }))
    .sort(
      (a, b) =>
        compareNumbers(a.k[0], b.k[0]) || compareNumbers(a.k[1], b.k[1]) || a.t.number - b.t.number,
    )
    .map(({ t }) => t);
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

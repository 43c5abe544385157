import type { Algorithm, Task } from '@aistudio/contracts';
import type { TrainSpec } from '@aistudio/engine';
import { controlsFor, paramsFromForm, type ParamValues } from './algorithm-controls';

/** Everything the settings form holds; numbers stay text until the form is checked. */
export interface PlaygroundSettings {
  readonly target: string;
  readonly task: Task | 'auto';
  readonly algorithm: Algorithm;
  readonly params: ParamValues;
  readonly features: readonly string[];
  readonly testFraction: string;
  readonly seed: string;
  readonly slowMotion: boolean;
}

/** Defaults: GBDT with its validation curve on, 20 % held out, seed 0. */
export function defaultSettings(
  columns: readonly string[],
  target: string,
  exclude: readonly string[],
): PlaygroundSettings {
  return {
    target,
    task: 'auto',
    algorithm: 'gbdt',
    params: { earlyStopping: true },
    features: columns.filter((c) => c !== target && !exclude.includes(c)),
    testFraction: '0.2',
    seed: '0',
    slowMotion: false,
  };
}

/** Milliseconds slow motion waits after each iteration: about 20 steps a second. */
export const SLOW_MOTION_MS = 50;

export interface CheckedSettings {
  readonly spec: TrainSpec;
  readonly testFraction: number;
  readonly stepDelayMs: number;
}

/** The engine's spec from the form, or the problems by field name. */
export function checkSettings(
  settings: PlaygroundSettings,
): { ok: true; value: CheckedSettings } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  if (!settings.target) problems.target = 'Choose the column to predict';
  const features = settings.features.filter((f) => f !== settings.target);
  if (features.length === 0) problems.features = 'Choose at least one feature column';
  const testFraction = Number(settings.testFraction);
  if (!(testFraction >= 0.05 && testFraction <= 0.5))
    problems.testFraction = 'must be from 0.05 to 0.5';
  const seed = Number(settings.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1)
    problems.seed = 'must be a whole number from 0';
  const task = settings.task === 'auto' ? null : settings.task;
  const { params, problems: paramProblems } = paramsFromForm(
    controlsFor(settings.algorithm, task),
    settings.params,
  );
  for (const p of paramProblems) problems[p.name] = p.message;
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      spec: {
        target: settings.target,
        features,
        algorithm: settings.algorithm,
        ...(task ? { task } : {}),
        params,
        seed,
      },
      testFraction,
      stepDelayMs: settings.slowMotion ? SLOW_MOTION_MS : 0,
    },
  };
}

import { EngineInputError } from '../errors.js';

/** A parameter value a trial can take. */
export type ParamValue = number | string | boolean;

/** One trial's parameters, by name. */
export type Params = Record<string, ParamValue>;

/** A float drawn uniformly from [low, high]. */
export interface UniformParam {
  readonly type: 'uniform';
  readonly low: number;
  readonly high: number;
}

/** A float whose logarithm is uniform: for scales such as learning rates (low > 0). */
export interface LogUniformParam {
  readonly type: 'logUniform';
  readonly low: number;
  readonly high: number;
}

/** An integer in low..high, optionally log-scaled (then low >= 1). */
export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
}

/** One of a list of values. */
export interface CategoricalParam {
  readonly type: 'categorical';
  readonly choices: readonly ParamValue[];
}

export type ParamSpec = UniformParam | LogUniformParam | IntParam | CategoricalParam;

/** Declared search space: plain JSON, so a study carrying it can be stored and resumed. */
export type SearchSpace = Readonly<Record<string, ParamSpec>>;

/**
 * A numeric parameter as the samplers see it: a range on a line (the log line for log-scaled
 * ones), integers widened by half a step each side so every integer gets an equal share.
 */
export interface InternalRange {
  readonly low: number;
  readonly high: number;
  readonly integer: boolean;
  readonly log: boolean;
}

/** Checks every parameter's declaration; throws `EngineInputError` naming the bad one. */
export function checkSearchSpace(space: SearchSpace): void {
  if (typeof space !== 'object' || space === null || Object.keys(space).length === 0) {
    throw new EngineInputError('space', 'must declare at least one parameter');
  }
  for (const [name, spec] of Object.entries(space)) checkParamSpec(name, spec);
}

function checkParamSpec(name: string, spec: ParamSpec): void {
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  switch (spec?.type) {
    case 'uniform':
    case 'logUniform':
    case 'int': {
      const { low, high } = spec;
      if (!finite(low) || !finite(high) || low > high) {
        throw new EngineInputError(name, `needs finite low <= high, got ${low}..${high}`);
      }
      const log = spec.type === 'logUniform' || (spec.type === 'int' && spec.log === true);
      if (spec.type === 'int' && (!Number.isInteger(low) || !Number.isInteger(high))) {
        throw new EngineInputError(
          name,
          `an int parameter needs integer bounds, got ${low}..${high}`,
        );
      }
      if (log && low <= 0)
        throw new EngineInputError(name, `a log scale needs low > 0, got ${low}`);
      return;
    }
    case 'categorical': {
      const choices = spec.choices as unknown;
      if (!Array.isArray(choices) || choices.length === 0) {
        throw new EngineInputError(name, 'needs a non-empty list of choices');
      }
      for (const c of choices) {
        const ok =
          typeof c === 'string' || typeof c === 'boolean' || (typeof c === 'number' && !isNaN(c));
        if (!ok)
          throw new EngineInputError(
            name,
            `choice ${String(c)} is not a string, boolean or number`,
          );
      }
      if (new Set(choices).size !== choices.length) {
        throw new EngineInputError(name, 'has a repeated choice');
      }
      return;
    }
    default:
      throw new EngineInputError(
        name,
        `type must be uniform, logUniform, int or categorical, got ${String((spec as { type?: unknown })?.type)}`,
      );
  }
}

/** The sampling line of a numeric parameter. */
export function internalRange(spec: Exclude<ParamSpec, CategoricalParam>): InternalRange {
  const integer = spec.type === 'int';
  const log = spec.type === 'logUniform' || (spec.type === 'int' && spec.log === true);
  const low = integer ? spec.low - 0.5 : spec.low;
  const high = integer ? spec.high + 0.5 : spec.high;
  return log
    ? { low: Math.log(low), high: Math.log(high), integer, log }
    : { low, high, integer, log };
}

/** A value on the sampling line back to the parameter's own value (rounded, within bounds). */
export function fromInternal(spec: Exclude<ParamSpec, CategoricalParam>, x: number): number {
  const range = internalRange(spec);
  const value = range.log ? Math.exp(x) : x;
  const rounded = range.integer ? Math.round(value) : value;
  return Math.min(spec.high, Math.max(spec.low, rounded));
}

/** A parameter's value on its sampling line. */
export function toInternal(spec: Exclude<ParamSpec, CategoricalParam>, value: number): number {
  return internalRange(spec).log ? Math.log(value) : value;
}

import { EngineInputError } from '../errors.js';

/** Throws unless `spec` has only the listed keys; `where` names the step, e.g. `steps[2]`. */
export function checkKeys(where: string, spec: object, allowed: readonly string[]): void {
  const known = new Set(['type', 'columns', ...allowed]);
  for (const key of Object.keys(spec)) {
    if (!known.has(key)) {
      throw new EngineInputError(
        `${where}.${key}`,
        `is not an option of this step; allowed: ${[...known].join(', ')}`,
      );
    }
  }
}

/** An integer in min..max, or `fallback` when undefined. */
export function integerParam(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EngineInputError(name, `must be an integer in ${min}..${max}, got ${String(value)}`);
  }
  return value;
}

/** A finite number in min..max (inclusive), or `fallback` when undefined. */
export function numberParam(
  name: string,
  value: unknown,
  fallback: number,
  min = -Number.MAX_VALUE,
  max = Number.MAX_VALUE,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.MAX_VALUE ? `>= ${min}` : `in ${min}..${max}`;
    throw new EngineInputError(name, `must be a finite number ${range}, got ${String(value)}`);
  }
  return value;
}

/** A boolean, or `fallback` when undefined. */
export function booleanParam(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new EngineInputError(name, `must be true or false, got ${String(value)}`);
  }
  return value;
}

/** One of the listed strings, or `fallback` when undefined. */
export function choiceParam<T extends string>(
  name: string,
  value: unknown,
  fallback: T,
  choices: readonly T[],
): T {
  if (value === undefined) return fallback;
  if (!choices.includes(value as T)) {
    throw new EngineInputError(
      name,
      `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${String(value)}`,
    );
  }
  return value as T;
}

/** An n-gram range `[min, max]` with 1 <= min <= max <= 5. */
export function ngramParam(name: string, value: unknown): [number, number] {
  if (value === undefined) return [1, 1];
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => Number.isInteger(v)) &&
    value[0] >= 1 &&
    value[0] <= value[1] &&
    value[1] <= 5;
  if (!ok) throw new EngineInputError(name, 'must be [min, max] with 1 <= min <= max <= 5');
  return [value[0] as number, value[1] as number];
}

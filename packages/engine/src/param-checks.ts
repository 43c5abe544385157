import { EngineInputError } from './errors.js';

/** Throws naming the parameter unless `value` is an integer in min..max. */
export function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EngineInputError(name, `must be an integer in ${min}..${max}, got ${String(value)}`);
  }
}

/** Throws naming the parameter unless `value` is a number above (or at, when `minOk`) min and at most max. */
export function checkNumber(
  name: string,
  value: unknown,
  min: number,
  max: number,
  minOk: boolean,
): void {
  const ok =
    typeof value === 'number' &&
    !isNaN(value) &&
    (minOk ? value >= min : value > min) &&
    value <= max;
  if (!ok) {
    const range = `${minOk ? '>=' : '>'} ${min}${max === Infinity ? '' : ` and <= ${max}`}`;
    throw new EngineInputError(name, `must be a number ${range}, got ${String(value)}`);
  }
}

import { EngineInputError } from '../errors.js';
import { numericColumn, type Column, type Table } from '../table.js';
import { replaceColumns, selectColumns, stringsOf, type ColumnSelector } from './columns.js';
import type { FitContext, StepFit } from './step.js';
import { checkKeys } from './validate.js';

/** Calendar fields a date column can be expanded into (all in UTC). */
export type DatetimePart =
  'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute' | 'second' | 'dayOfYear' | 'quarter';

const PARTS: readonly DatetimePart[] = [
  'year',
  'month',
  'day',
  'weekday',
  'hour',
  'minute',
  'second',
  'dayOfYear',
  'quarter',
];

/**
 * Expands a date column into `<name>_<part>` numeric columns. The input is a numeric column of
 * epoch milliseconds, or ISO-8601 strings (text or categorical). Strings without an offset are
 * read as UTC, never local time, so the result is the same on every machine. A value that does
 * not parse becomes missing.
 */
export interface DatetimeStep {
  readonly type: 'datetime';
  /** Default: year, month (1–12), day (1–31), weekday (0 = Monday … 6 = Sunday), hour. */
  readonly parts?: readonly DatetimePart[];
  /** Required: which columns hold dates (no kind selects dates by itself). */
  readonly columns: ColumnSelector;
}

/** A fitted `datetime` step. */
export interface FittedDatetime {
  readonly type: 'datetime';
  readonly columns: readonly string[];
  readonly parts: readonly DatetimePart[];
}

/** Fixes the columns and parts; every column must have at least one readable date. */
export function fitDatetime(
  spec: DatetimeStep,
  table: Table,
  ctx: FitContext,
): StepFit<FittedDatetime> {
  checkKeys(ctx.where, spec, ['parts']);
  if (spec.columns === undefined) {
    throw new EngineInputError(`${ctx.where}.columns`, 'is required: name the date columns');
  }
  const parts = spec.parts ?? ['year', 'month', 'day', 'weekday', 'hour'];
  if (!Array.isArray(parts) || parts.length === 0 || parts.some((p) => !PARTS.includes(p))) {
    throw new EngineInputError(
      `${ctx.where}.parts`,
      `must be a non-empty list of ${PARTS.join(', ')}`,
    );
  }
  const columns = selectColumns(table, spec.columns, ['numeric', 'text', 'categorical']);
  for (const name of columns) {
    if (epochMillisOf(table.column(name)).every((t) => isNaN(t))) {
      throw new EngineInputError(name, 'has no value that reads as a date');
    }
  }
  const fitted: FittedDatetime = { type: 'datetime', columns, parts: [...parts] };
  return { fitted, train: applyDatetime(fitted, table) };
}

/** Replaces each date column by its calendar parts. */
export function applyDatetime(fitted: FittedDatetime, table: Table): Table {
  const replacements = new Map<string, Column[]>();
  for (const name of fitted.columns) {
    const millis = epochMillisOf(table.column(name));
    const outputs = fitted.parts.map(() => new Float64Array(millis.length).fill(NaN));
    const date = new Date(0);
    millis.forEach((t, i) => {
      if (isNaN(t)) return;
      date.setTime(t);
      fitted.parts.forEach((part, k) => (outputs[k]![i] = partOf(date, part)));
    });
    replacements.set(
      name,
      fitted.parts.map((part, k) => numericColumn(`${name}_${part}`, outputs[k]!)),
    );
  }
  return replaceColumns(table, replacements);
}

function partOf(date: Date, part: DatetimePart): number {
  switch (part) {
    case 'year':
      return date.getUTCFullYear();
    case 'month':
      return date.getUTCMonth() + 1;
    case 'day':
      return date.getUTCDate();
    case 'weekday':
      return (date.getUTCDay() + 6) % 7;
    case 'hour':
      return date.getUTCHours();
    case 'minute':
      return date.getUTCMinutes();
    case 'second':
      return date.getUTCSeconds();
    case 'quarter':
      return Math.floor(date.getUTCMonth() / 3) + 1;
    case 'dayOfYear': {
      const start = new Date(0);
      start.setUTCFullYear(date.getUTCFullYear(), 0, 1);
      return Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1;
    }
  }
}

function epochMillisOf(column: Column): Float64Array {
  if (column.kind === 'numeric') {
    // Date's range is ±8.64e15 ms; anything beyond is not a date.
    return column.values.map((t) => (Math.abs(t) <= 8.64e15 ? t : NaN));
  }
  return Float64Array.from(stringsOf(column), (s) => (s === null ? NaN : parseIsoDate(s)));
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of an ISO-8601 date or date-time (`2024-03-01`, `2024-03-01T12:30:05.5Z`,
 * `2024-03-01 12:30+02:00`); NaN when it does not parse or names an impossible date.
 */
export function parseIsoDate(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!)) return NaN;
  if (hour! > 23 || minute! > 59 || second! > 59) return NaN;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, second!, 0);
  return date.getTime() + Math.round(fraction * 1000) - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone[0] === '-' ? -minutes : minutes;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

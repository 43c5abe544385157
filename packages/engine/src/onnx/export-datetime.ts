import type { DatetimePart } from '../preprocess/datetime.js';
import type { GraphBuilder } from './graph-builder.js';

const DAY_MS = 86_400_000;
/** JavaScript's Date range; the engine reads anything beyond it as missing. */
const MAX_EPOCH_MS = 8.64e15;
/** Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
const EPOCH_SHIFT_DAYS = 719_468;
const DAYS_PER_ERA = 146_097;

/**
 * Adds the nodes that turn epoch milliseconds (a float64 [N, 1] tensor) into the requested UTC
 * calendar parts, each a float64 [N, 1] tensor, with the values `Date`'s getUTC* methods give.
 * The calendar is Howard Hinnant's `civil_from_days` written with Floor: every quotient is of
 * integers small enough that the float64 division cannot round across an integer, except the
 * day number of dates far from 1970, which one correction step fixes. Missing or out-of-range
 * values come out NaN in every part, as in the engine.
 */
export function datetimePartsGraph(
  b: GraphBuilder,
  epochMs: string,
  parts: readonly DatetimePart[],
  stem: string,
): Map<DatetimePart, string> {
  const { c, add, sub, mul, floorDiv } = arithmetic(b, stem);

  // Date.setTime drops the fraction toward zero and rejects values past its range.
  const inRange = b.op('LessOrEqual', [b.op('Abs', [epochMs]), c(MAX_EPOCH_MS)]);
  const valid = b.op('Where', [inRange, epochMs, c(NaN)], { name: `${stem}_valid` });
  const magnitude = b.op('Floor', [b.op('Abs', [valid])]);
  const t = mul(b.op('Sign', [valid]), magnitude);

  // Day number and milliseconds into the day; one correction when the quotient rounded up.
  const days0 = floorDiv(t, DAY_MS);
  const rest0 = sub(t, mul(days0, c(DAY_MS)));
  const negative = b.op('Less', [rest0, c(0)]);
  const days = b.op('Where', [negative, sub(days0, c(1)), days0], { name: `${stem}_days` });
  const msOfDay = b.op('Where', [negative, add(rest0, c(DAY_MS)), rest0], { name: `${stem}_ms` });

  const civil = civilFromDays(b, days, stem);
  const out = new Map<DatetimePart, string>();
  for (const part of parts) {
    switch (part) {
      case 'year':
        out.set(part, civil.year);
        break;
      case 'month':
        out.set(part, civil.month);
        break;
      case 'day':
        out.set(part, civil.day);
        break;
      case 'weekday': {
        // 1970-01-01 was a Thursday (3 with Monday = 0).
        const shifted = add(days, c(3));
        out.set(part, sub(shifted, mul(floorDiv(shifted, 7), c(7))));
        break;
      }
      case 'hour':
        out.set(part, floorDiv(msOfDay, 3_600_000));
        break;
      case 'minute':
        out.set(part, sub(floorDiv(msOfDay, 60_000), mul(floorDiv(msOfDay, 3_600_000), c(60))));
        break;
      case 'second':
        out.set(part, sub(floorDiv(msOfDay, 1000), mul(floorDiv(msOfDay, 60_000), c(60))));
        break;
      case 'quarter':
        out.set(part, add(floorDiv(sub(civil.month, c(1)), 3), c(1)));
        break;
      case 'dayOfYear': {
        const january = daysFromCivilJanuaryFirst(b, civil.year, stem);
        // In the first year of Date's range January 1st is out of range, so the engine gets NaN.
        const outside = b.op('Less', [january, c(-MAX_EPOCH_MS / DAY_MS)]);
        const value = add(sub(days, january), c(1));
        out.set(part, b.op('Where', [outside, c(NaN), value], { name: `${stem}_dayOfYear` }));
        break;
      }
    }
  }
  return out;
}

/** Year, month (1–12) and day (1–31) of a day number counted from 1970-01-01. */
function civilFromDays(
  b: GraphBuilder,
  days: string,
  stem: string,
): { year: string; month: string; day: string } {
  const { c, add, sub, mul, floorDiv } = arithmetic(b, stem);

  // Eras of 400 years starting on March 1st, so the leap day ends each year.
  const z = add(days, c(EPOCH_SHIFT_DAYS));
  const era = floorDiv(z, DAYS_PER_ERA);
  const dayOfEra = sub(z, mul(era, c(DAYS_PER_ERA)));
  const yearOfEra = floorDiv(
    sub(
      add(sub(dayOfEra, floorDiv(dayOfEra, 1460)), floorDiv(dayOfEra, 36_524)),
      floorDiv(dayOfEra, DAYS_PER_ERA - 1),
    ),
    365,
  );
  const dayOfYear = sub(
    dayOfEra,
    sub(add(mul(yearOfEra, c(365)), floorDiv(yearOfEra, 4)), floorDiv(yearOfEra, 100)),
  );
  const monthFromMarch = floorDiv(add(mul(dayOfYear, c(5)), c(2)), 153);
  const day = add(sub(dayOfYear, floorDiv(add(mul(monthFromMarch, c(153)), c(2)), 5)), c(1));
  // January and February (10 and 11 counted from March) belong to the next civil year.
  const janOrFeb = floorDiv(monthFromMarch, 10);
  const month = sub(add(monthFromMarch, c(3)), mul(janOrFeb, c(12)));
  const year = add(add(yearOfEra, mul(era, c(400))), janOrFeb);
  return { year, month, day };
}

/** Day number (from 1970-01-01) of January 1st of `year`. */
function daysFromCivilJanuaryFirst(b: GraphBuilder, year: string, stem: string): string {
  const { c, add, sub, mul, floorDiv } = arithmetic(b, stem);

  // January 1st is day 306 of the March-based year that began in year − 1.
  const y = sub(year, c(1));
  const era = floorDiv(y, 400);
  const yearOfEra = sub(y, mul(era, c(400)));
  const dayOfEra = add(
    sub(add(mul(yearOfEra, c(365)), floorDiv(yearOfEra, 4)), floorDiv(yearOfEra, 100)),
    c(306),
  );
  return sub(add(mul(era, c(DAYS_PER_ERA)), dayOfEra), c(EPOCH_SHIFT_DAYS));
}

/** Shorthands for float64 arithmetic nodes whose names start with `stem`. */
function arithmetic(b: GraphBuilder, stem: string) {
  const c = (v: number) => b.scalar(v);
  return {
    c,
    add: (x: string, y: string) => b.op('Add', [x, y], { name: `${stem}_add` }),
    sub: (x: string, y: string) => b.op('Sub', [x, y], { name: `${stem}_sub` }),
    mul: (x: string, y: string) => b.op('Mul', [x, y], { name: `${stem}_mul` }),
    /** floor(x / d) for a constant d. */
    floorDiv: (x: string, d: number) =>
      b.op('Floor', [b.op('Div', [x, c(d)], { name: `${stem}_div` })], { name: `${stem}_floor` }),
  };
}

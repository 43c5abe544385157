import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArrowFormatError } from '../arrow/arrow-ipc.js';
import { EngineInputError } from '../errors.js';
import { Table, type CategoricalColumn, type NumericColumn, type TextColumn } from '../table.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
// vega-datasets (BSD-3-Clause, a root dev dependency): flights written by Arrow's own tools.
const vega = (name: string) =>
  readFileSync(new URL(`../../../../node_modules/vega-datasets/data/${name}`, import.meta.url));

const numbers = (table: Table, name: string) => [...(table.column(name) as NumericColumn).values];
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('Table.fromArrow', () => {
  // Written by apache-arrow 21.2.0 (fixtures/make-arrow-fixture.mjs): two batches, nulls in each.
  for (const file of ['arrow-types.arrow', 'arrow-types.arrows']) {
    it(`reads every supported type across record batches (${file})`, () => {
      const table = Table.fromArrow(fixture(file));
      expect(table.numRows).toBe(5);
      expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
        ['name', 'categorical'],
        ['n', 'numeric'],
        ['big', 'numeric'],
        ['small', 'numeric'],
        ['x', 'numeric'],
        ['f', 'numeric'],
        ['ok', 'numeric'],
        ['day', 'numeric'],
        ['at', 'numeric'],
      ]);
      const name = table.column('name') as CategoricalColumn;
      expect(name.categories).toEqual(['Zoë', 'Ana', 'Bo']);
      expect([...name.codes]).toEqual([0, -1, 1, 1, 2]);
      expect(numbers(table, 'n')).toEqual([1, -2, NaN, 7, NaN]);
      expect(numbers(table, 'big')).toEqual([9007199254740991, NaN, -3, 0, 1]);
      expect(numbers(table, 'small')).toEqual([255, 0, NaN, 3, 4]);
      expect(numbers(table, 'x')).toEqual([0.5, NaN, 2.25, -1, 1e300]);
      expect(numbers(table, 'f')).toEqual([1.5, -0.25, NaN, NaN, 3]);
      expect(numbers(table, 'ok')).toEqual([1, 0, NaN, NaN, 1]);
      expect(numbers(table, 'day')).toEqual([
        day(2024, 1, 1),
        NaN,
        0,
        day(1969, 12, 31),
        day(2000, 2, 29),
      ]);
      expect(numbers(table, 'at')).toEqual([
        day(2024, 1, 1) + 123,
        NaN,
        0,
        NaN,
        Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      ]);
    });
  }

  it('keeps a string column as text when asked', () => {
    const table = Table.fromArrow(fixture('arrow-types.arrow'), { text: ['name'] });
    expect((table.column('name') as TextColumn).values).toEqual(['Zoë', null, 'Ana', 'Ana', 'Bo']);
  });

  it('names a text column that is missing or not a string', () => {
    const bytes = fixture('arrow-types.arrow');
    for (const [column, message] of [
      ['nope', /nope: no such column/],
      ['n', /n: is not a string column/],
    ] as const) {
      expect(() => Table.fromArrow(bytes, { text: [column] })).toThrow(message);
    }
  });

  it('reads the Arrow project’s flights-200k.arrow to the same values as its JSON twin', () => {
    const table = Table.fromArrow(vega('flights-200k.arrow'));
    const json = JSON.parse(vega('flights-200k.json').toString('utf8')) as Record<string, number>[];
    expect(table.numRows).toBe(json.length);
    for (const name of ['delay', 'distance']) {
      const values = (table.column(name) as NumericColumn).values;
      expect(values.every((v, i) => v === json[i]![name])).toBe(true);
    }
    // time is float32 in the Arrow file and a rounded decimal in the JSON.
    const time = (table.column('time') as NumericColumn).values;
    expect(time.every((v, i) => Math.abs(v - json[i]!.time!) < 1e-3)).toBe(true);
  });

  it('refuses bytes that are not Arrow IPC, as a typed input error', () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('ARROW1 but then nonsense')]) {
      const error = (() => {
        try {
          Table.fromArrow(bytes);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ArrowFormatError);
      expect(error).toBeInstanceOf(EngineInputError);
      expect((error as ArrowFormatError).reason).toBe('corrupt');
      expect((error as ArrowFormatError).subject).toBe('arrow');
    }
  });

  it('refuses a file cut short inside a record batch, keeping nothing', () => {
    const bytes = fixture('arrow-types.arrows');
    expect(() => Table.fromArrow(bytes.subarray(0, bytes.length - 200))).toThrow(
      /corrupt Arrow IPC file/,
    );
  });
});

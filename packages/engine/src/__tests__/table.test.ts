import { describe, expect, it } from 'vitest';
import { EngineInputError } from '../errors.js';
import { Table } from '../table.js';

describe('Table', () => {
  it('infers numeric and categorical columns from records, with missing values', () => {
    const table = Table.fromRecords([
      { age: 31, city: 'Paris', zip: 75001 },
      { age: null, city: 'Lyon', zip: 69001 },
      { age: 40, city: null, zip: 75001 },
    ]);
    expect(table.numRows).toBe(3);
    const age = table.column('age');
    expect(age.kind).toBe('numeric');
    if (age.kind === 'numeric') expect([...age.values]).toEqual([31, NaN, 40]);
    const city = table.column('city');
    expect(city.kind === 'categorical' && [...city.codes]).toEqual([0, 1, -1]);
    expect(city.kind === 'categorical' && city.categories).toEqual(['Paris', 'Lyon']);
  });

  it('dictionary-encodes numeric columns listed as categorical', () => {
    const table = Table.fromRecords([{ zip: 75001 }, { zip: 69001 }, { zip: 75001 }], {
      categorical: ['zip'],
    });
    const zip = table.column('zip');
    expect(zip.kind === 'categorical' && [...zip.codes]).toEqual([0, 1, 0]);
    expect(zip.kind === 'categorical' && zip.categories).toEqual(['75001', '69001']);
  });

  it('builds from columns and takes rows', () => {
    const table = Table.fromColumns({ x: new Float64Array([1, 2, 3]), c: ['a', null, 'b'] });
    const taken = table.take([2, 0]);
    const x = taken.column('x');
    expect(x.kind === 'numeric' && [...x.values]).toEqual([3, 1]);
    expect(taken.drop(['x']).columns.map((c) => c.name)).toEqual(['c']);
  });

  it('rejects columns of different lengths, naming the column', () => {
    expect(() => Table.fromColumns({ a: [1, 2], b: [1] })).toThrow(EngineInputError);
    expect(() => Table.fromColumns({ a: [1, 2], b: [1] })).toThrow(/^b: has 1 rows/);
  });

  it('names the missing column on lookup', () => {
    expect(() => Table.fromColumns({ a: [1] }).column('nope')).toThrow(/nope: no such column/);
  });
});

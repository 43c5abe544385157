import { describe, expect, it } from 'vitest';
import { fitBinning } from '../binning.js';
import { EngineInputError } from '../errors.js';
import { Table } from '../table.js';

describe('Table text columns', () => {
  it('keeps columns listed as text as strings, null for missing', () => {
    const table = Table.fromRecords(
      [
        { note: 'red apple', n: 1 },
        { note: null, n: 2 },
        { note: 42, n: 3 },
      ],
      { text: ['note'] },
    );
    const note = table.column('note');
    expect(note.kind).toBe('text');
    expect(note.kind === 'text' && note.values).toEqual(['red apple', null, '42']);
    expect(table.column('n').kind).toBe('numeric');
  });

  it('builds text columns from { text } input and keeps them through take and drop', () => {
    const table = Table.fromColumns({ t: { text: ['a b', undefined, 'c'] }, x: [1, 2, 3] });
    const taken = table.take([2, 1, 0]);
    const t = taken.column('t');
    expect(t.kind === 'text' && t.values).toEqual(['c', null, 'a b']);
    expect(taken.numRows).toBe(3);
    expect(taken.drop(['x']).columns.map((c) => c.kind)).toEqual(['text']);
  });

  it('rejects a text column of the wrong length, naming it', () => {
    expect(() => Table.fromColumns({ x: [1, 2], t: { text: ['a'] } })).toThrow(/^t: has 1 rows/);
  });

  it('rejects a column listed as both categorical and text', () => {
    expect(() => Table.fromRecords([{ a: 'x' }], { categorical: ['a'], text: ['a'] })).toThrow(
      EngineInputError,
    );
  });

  it('refuses to bin a text column, naming it', () => {
    const table = Table.fromColumns({ t: { text: ['a', 'b'] } });
    expect(() => fitBinning(table, ['t'])).toThrow(
      /^t: text columns must be transformed by the pipeline first/,
    );
  });
});

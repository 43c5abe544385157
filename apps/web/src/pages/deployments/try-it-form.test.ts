import type { ModelInputField } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { errorsByTryItField, initialTryItValues, tryItFields, tryItRecord } from './try-it-form';

const penguinSchema: ModelInputField[] = [
  { name: 'Island', kind: 'categorical', type: 'string', categories: ['Biscoe', 'Dream'] },
  { name: 'Beak Length (mm)', kind: 'numeric', type: 'float' },
  { name: 'Notes', kind: 'text', type: 'string' },
  { name: 'Colony', kind: 'categorical', type: null },
];

describe('try-it form from an input schema', () => {
  it('gives numbers a number input, known categories a select, the rest a text input', () => {
    expect(tryItFields(penguinSchema)).toEqual([
      { name: 'Island', control: 'select', options: ['Biscoe', 'Dream'] },
      { name: 'Beak Length (mm)', control: 'number' },
      { name: 'Notes', control: 'text' },
      { name: 'Colony', control: 'text' },
    ]);
  });

  it('starts selects at their first category and leaves the rest empty', () => {
    expect(initialTryItValues(tryItFields(penguinSchema))).toEqual({
      Island: 'Biscoe',
      'Beak Length (mm)': '',
      Notes: '',
      Colony: '',
    });
  });

  it('turns values into a record: numbers parsed, empty controls null', () => {
    const fields = tryItFields(penguinSchema);
    expect(
      tryItRecord(fields, {
        Island: 'Dream',
        'Beak Length (mm)': ' 39,5 ',
        Notes: '',
        Colony: 'x',
      }),
    ).toEqual({
      ok: true,
      record: { Island: 'Dream', 'Beak Length (mm)': 39.5, Notes: null, Colony: 'x' },
    });
  });

  it('names a number that does not parse instead of sending it', () => {
    const result = tryItRecord(tryItFields(penguinSchema), { 'Beak Length (mm)': '4o' });
    expect(result).toEqual({
      ok: false,
      errors: { 'Beak Length (mm)': 'enter a number, or leave it empty for a missing value' },
    });
  });

  it("places the server's per-record errors under their fields", () => {
    expect(
      errorsByTryItField([
        { field: 'records[0].Island', message: 'not seen in training' },
        { field: 'body.records[0].Beak Length (mm)', message: 'must be a finite number' },
        { field: 'records', message: 'too many' },
      ]),
    ).toEqual({
      Island: 'not seen in training',
      'Beak Length (mm)': 'must be a finite number',
      '': 'too many',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { sqlSaveBody } from './sql-save';

describe('sqlSaveBody', () => {
  it('names the dataset by its trimmed name and keeps the query as written', () => {
    expect(sqlSaveBody('select 1\n', '  heavy birds ', ' the heavy ones ')).toEqual({
      body: { query: 'select 1\n', datasetName: 'heavy birds', description: 'the heavy ones' },
    });
  });

  it('says what is missing', () => {
    expect(sqlSaveBody('  ', 'x', '')).toEqual({ error: 'Write a query first.' });
    expect(sqlSaveBody('select 1', ' ', '')).toEqual({
      error: 'Name the dataset the result goes to.',
    });
    expect(sqlSaveBody('select 1', 'x'.repeat(101), '')).toHaveProperty('error');
  });
});

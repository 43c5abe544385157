import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Table, train, type Column } from '@aistudio/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB } from '../../datasets/ingest/index.js';
import { readTrainingTable, type TrainingColumn } from '../read-training-table.js';
import { splitForRun } from '../run-evaluation.js';

const dir = mkdtempSync(path.join(tmpdir(), 'read-training-table-'));
const limits = { memoryLimit: '256MB', threads: 1, tempDirectory: path.join(dir, 'duckdb') };
const source = path.join(dir, 'source.parquet');
const columns: TrainingColumn[] = [
  { name: 'x', type: 'float' },
  { name: 'city', type: 'categorical' },
  { name: 'flag', type: 'boolean' },
  { name: 'empty', type: 'categorical' },
  { name: 'label', type: 'categorical' },
];
const ROWS = 3000;

// The same rows as plain records: what the engine itself builds a table from.
function recordsOf(i: number) {
  const city = i % 11 === 0 ? null : ['Oslo', 'Lima', 'Pune', 'Kobe', 'Graz'][(i * 7) % 5]!;
  return {
    x: i % 13 === 0 ? null : ((i * 37) % 101) / 10,
    city,
    flag: i % 4 === 0 ? null : String(i % 3 === 0),
    empty: null,
    label: ((i * 37) % 101) / 10 + (city === 'Lima' ? 3 : 0) > 6 ? 'yes' : 'no',
  };
}

describe('readTrainingTable', () => {
  let table: Table;

  beforeAll(async () => {
    const session = await openDuckDB(limits);
    try {
      // Cities first appear in an order unlike their sorted one, with nulls before some.
      await session.run(
        `COPY (SELECT
           CASE WHEN i % 13 = 0 THEN NULL ELSE ((i * 37) % 101) / 10 END AS x,
           CASE WHEN i % 11 = 0 THEN NULL ELSE ['Oslo', 'Lima', 'Pune', 'Kobe', 'Graz'][(i * 7) % 5 + 1] END AS city,
           CASE WHEN i % 4 = 0 THEN NULL ELSE i % 3 = 0 END AS flag,
           CAST(NULL AS VARCHAR) AS empty,
           CASE WHEN ((i * 37) % 101) / 10
                  + CASE WHEN i % 11 <> 0 AND (i * 7) % 5 = 1 THEN 3 ELSE 0 END > 6
                THEN 'yes' ELSE 'no' END AS label
         FROM range(${ROWS}) t(i)) TO '${source}' (FORMAT parquet)`,
      );
    } finally {
      session.close();
    }
    table = await readTrainingTable(source, columns, limits);
  }, 60_000);

  it('gives the table the engine builds from the same records: codes in order of first appearance, nulls missing', () => {
    const records = Array.from({ length: ROWS }, (_, i) => recordsOf(i));
    const expected = Table.fromRecords(records, { categorical: ['empty'] });
    const plain = (column: Column) =>
      column.kind === 'numeric'
        ? { name: column.name, values: [...column.values] }
        : column.kind === 'categorical'
          ? { name: column.name, codes: [...column.codes], categories: column.categories }
          : column;
    expect(table.columns.map(plain)).toEqual(expected.columns.map(plain));
  });

  it('trains the same model for a seed from the Parquet as from the records', async () => {
    const spec = {
      target: 'label',
      features: ['x', 'city', 'flag'],
      algorithm: 'gbdt' as const,
      params: { nIter: 10 },
      seed: 3,
    };
    const records = Table.fromRecords(
      Array.from({ length: ROWS }, (_, i) => recordsOf(i)),
      { categorical: ['empty'] },
    );
    const fromParquet = await train(spec, splitForRun(table, spec, 0.2).train);
    const fromRecords = await train(spec, splitForRun(records, spec, 0.2).train);
    expect(JSON.stringify(fromParquet)).toBe(JSON.stringify(fromRecords));
  }, 60_000);
});

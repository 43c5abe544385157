import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestUpload } from '../ingest-upload.js';
import { IngestError } from '../ingest-error.js';
import { workspace } from './ingest-test-support.js';

describe('ingestUpload', () => {
  it('turns a CSV upload into Parquet, schema, rule results and profile in one call', async () => {
    const { dir } = await workspace();
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i + 1};${['x', 'y'][i % 2]};${i % 4 === 0 ? '' : i * 1.5}`,
    );
    await writeFile(path.join(dir, 'upload'), `sample_id;group;value\n${rows.join('\n')}\n`);
    const result = await ingestUpload({
      sourcePath: path.join(dir, 'upload'),
      outputPath: path.join(dir, 'v1.parquet'),
      limits: { memoryLimit: '256MB', threads: 1, tempDirectory: path.join(dir, 'spill') },
      target: 'group',
      overrides: [{ column: 'value', role: 'ignore' }],
      rules: [{ kind: 'not_null', column: 'value', mostly: 0.9 }],
    });
    expect(result.table).toMatchObject({ format: 'csv', rows: 40 });
    expect(result.schema.columns.map((column) => [column.name, column.type, column.role])).toEqual([
      ['sample_id', 'identifier', 'identifier'],
      ['group', 'categorical', 'target'],
      ['value', 'float', 'ignore'],
    ]);
    expect(result.ruleResults[0]).toMatchObject({ success: false, observedShare: 0.75 });
    expect(result.profile.quality.components[3]).toMatchObject({ name: 'validity', score: 0.75 });
    expect(result.profile.columns[2]).toMatchObject({ missing: 10, count: 30 });
  });

  it('leaves no output when the upload is refused', async () => {
    const { dir } = await workspace();
    await writeFile(path.join(dir, 'upload'), 'a,b\n1,2\n3\n');
    const error = await ingestUpload({
      sourcePath: path.join(dir, 'upload'),
      outputPath: path.join(dir, 'v1.parquet'),
      limits: { memoryLimit: '256MB', threads: 1, tempDirectory: path.join(dir, 'spill') },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message).toBe('line 3: 1 field, expected 2');
    expect((await readdir(dir)).sort()).toEqual(['spill', 'upload']);
  });
});

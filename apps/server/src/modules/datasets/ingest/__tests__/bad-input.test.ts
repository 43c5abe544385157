import { copyFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertToCanonicalParquet, type ConvertOptions } from '../convert-to-parquet.js';
import { SNIFF_BYTES } from '../detect-format.js';
import { IngestError, type IngestFailure } from '../ingest-error.js';
import { workspace, writeParquet } from './ingest-test-support.js';

const corpus = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

/** Converts `source` (already in `dir`) and returns the IngestError; checks nothing was left. */
async function failure(
  dir: string,
  source: string,
  options?: ConvertOptions,
): Promise<IngestError> {
  const { session } = await workspace();
  const before = await readdir(dir);
  const error = await convertToCanonicalParquet(
    session,
    source,
    path.join(dir, 'out.parquet'),
    options,
  ).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IngestError);
  expect((await readdir(dir)).sort()).toEqual(before.sort());
  return error as IngestError;
}

describe('bad input corpus', () => {
  const cases: [string, IngestFailure, string][] = [
    ['empty.csv', 'empty_file', 'the file is empty (0 bytes)'],
    [
      'binary-named.csv',
      'binary_content',
      'binary content at byte 11: not a CSV, JSON or Parquet file',
    ],
    ['ragged.csv', 'ragged_rows', 'line 4: 2 fields, expected 3'],
    [
      'corrupt.parquet',
      'corrupt_parquet',
      'corrupt Parquet file: TProtocolException: Invalid data',
    ],
    [
      'arrow-ipc.arrow',
      'corrupt_arrow',
      'corrupt Arrow IPC file: message at byte 8 declares -1524467552 bytes of metadata',
    ],
    [
      'scalars.json',
      'not_records',
      'JSON must be an array of objects (records); found values that are not objects',
    ],
    ['malformed.jsonl', 'malformed_json', 'line 4, byte 10: malformed JSON (unexpected character)'],
    [
      'wrapped-object.json',
      'not_records',
      'line 1: a JSON object spread over several lines; upload an array of records or one object per line (JSON lines)',
    ],
  ];
  it.each(cases)('refuses %s (%s) and keeps nothing', async (file, kind, message) => {
    const { dir } = await workspace();
    const source = path.join(dir, file);
    await copyFile(path.join(corpus, file), source);
    const error = await failure(dir, source);
    expect(error.failure).toBe(kind);
    expect(error.message).toBe(message);
    expect(error.status).toBe(422);
  });
});

describe('generated bad input', () => {
  it('names the line and the field counts of a ragged row deep in the file', async () => {
    const { dir } = await workspace();
    const header = Array.from({ length: 9 }, (_, i) => `c${i}`).join(',');
    const row = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    const lines = [header, ...Array.from({ length: 1040 }, () => row(9)), row(7), row(9)];
    await writeFile(path.join(dir, 'up.csv'), `${lines.join('\n')}\n`);
    const error = await failure(dir, path.join(dir, 'up.csv'));
    expect(error.message).toBe('line 1042: 7 fields, expected 9');
    expect(error.location).toEqual({ line: 1042 });
  });

  it('names the line of a quote that is never closed', async () => {
    const { dir } = await workspace();
    await writeFile(path.join(dir, 'up.csv'), 'a,b\n1,x\n2,"y\n3,z\n');
    const error = await failure(dir, path.join(dir, 'up.csv'));
    expect(error.message).toBe('line 3: a quoted value is never closed (a stray " in the data?)');
  });

  it('refuses a CSV line over the default 8 MiB limit without echoing it', async () => {
    const { dir } = await workspace();
    await writeFile(path.join(dir, 'up.csv'), `a,b\n1,2\n3,${'x'.repeat(9 * 1024 * 1024)}\n`);
    const error = await failure(dir, path.join(dir, 'up.csv'));
    expect(error.failure).toBe('line_too_long');
    expect(error.message).toBe('line 3: longer than the limit of 8388608 bytes');
  });

  it('refuses a JSON-lines record over the configured limit', async () => {
    const { dir } = await workspace();
    await writeFile(path.join(dir, 'up'), `{"a":1}\n{"a":"${'y'.repeat(2000)}"}\n`);
    const error = await failure(dir, path.join(dir, 'up'), { maxLineBytes: 1000 });
    expect(error.message).toBe('line 2: longer than the limit of 1000 bytes');
  });

  it('names the line where UTF-8 breaks after the sniffed head', async () => {
    const { dir } = await workspace();
    const rows = Math.ceil(SNIFF_BYTES / 8) + 10;
    const good = Array.from({ length: rows }, (_, i) => `${i},abc`).join('\n');
    await writeFile(
      path.join(dir, 'up.csv'),
      Buffer.concat([Buffer.from(`n,s\n${good}\n`), Buffer.from([0x31, 0x2c, 0xe9, 0x0a])]),
    );
    const error = await failure(dir, path.join(dir, 'up.csv'));
    expect(error.failure).toBe('encoding');
    expect(error.message).toMatch(new RegExp(`^line ${rows + 2}: invalid UTF-8 byte sequence`));
  });

  it('refuses a truncated Parquet file, naming where the footer should be', async () => {
    const { dir, session } = await workspace();
    const whole = path.join(dir, 'whole.parquet');
    await writeParquet(session, whole, 'SELECT range AS n FROM range(1000)');
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(whole);
    await writeFile(path.join(dir, 'cut.parquet'), bytes.subarray(0, 100));
    const error = await failure(dir, path.join(dir, 'cut.parquet'));
    expect(error.message).toBe(
      'corrupt Parquet file: it starts with PAR1 but has no PAR1 footer at byte 96 (truncated?)',
    );
  });

  it('tells an Excel workbook from other zip files', async () => {
    const { dir } = await workspace();
    // The local file header of a workbook's first entry, as Excel writes it.
    const header = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.alloc(26),
      Buffer.from('xl/workbook.xml'),
    ]);
    await writeFile(path.join(dir, 'book.csv'), header);
    const error = await failure(dir, path.join(dir, 'book.csv'));
    expect(error.message).toBe('Excel workbook: export the sheet as CSV and upload that');
  });

  it('reads a CSV whose first header starts like the bzip2 magic', async () => {
    const { dir, session } = await workspace();
    await writeFile(path.join(dir, 'up.csv'), 'BZh_code,n\nx,1\n');
    const table = await convertToCanonicalParquet(
      session,
      path.join(dir, 'up.csv'),
      path.join(dir, 'o.parquet'),
    );
    expect(table.columns.map((column) => column.name)).toEqual(['BZh_code', 'n']);
  });

  it('refuses compressed uploads by their magic bytes', async () => {
    const { dir } = await workspace();
    await writeFile(path.join(dir, 'up.csv'), gzipSync('a,b\n1,2\n'));
    const error = await failure(dir, path.join(dir, 'up.csv'));
    expect(error.message).toBe(
      'gzip-compressed file: upload the uncompressed CSV, JSON or Parquet file',
    );
  });
});

import { ApiError, type Problem } from '@aistudio/sdk';
import { describe, expect, it } from 'vitest';
import { baseName, uploadErrors } from './upload-form';

const problem = (overrides: Partial<Problem>): ApiError =>
  new ApiError({
    type: 'about:blank',
    title: 'Error',
    status: 400,
    detail: 'failed',
    code: 'x',
    requestId: 'r1',
    ...overrides,
  });

describe('upload form', () => {
  it('puts a prohibited licence (422) next to the licence field', () => {
    const error = problem({
      status: 422,
      detail: 'license: all rights reserved; nothing was stored',
      errors: [{ field: 'license', message: 'all rights reserved' }],
    });
    expect(uploadErrors(error)).toEqual({ license: 'all rights reserved' });
  });

  it('puts a file over the size limit (413) next to the file field', () => {
    const error = problem({ status: 413, detail: 'file: larger than 10 MB; nothing was kept' });
    expect(uploadErrors(error)).toEqual({ file: 'file: larger than 10 MB; nothing was kept' });
  });

  it('keeps a 413 that names its field as the server wrote it', () => {
    const error = problem({ status: 413, errors: [{ field: 'file', message: 'over 10 MB' }] });
    expect(uploadErrors(error)).toEqual({ file: 'over 10 MB' });
  });

  it('maps each multipart field error to its field', () => {
    const error = problem({
      errors: [
        { field: 'name', message: 'is taken in this project' },
        { field: 'attestation', message: 'is required' },
      ],
    });
    expect(uploadErrors(error)).toEqual({
      name: 'is taken in this project',
      attestation: 'is required',
    });
  });

  it('names a dataset after its file without the extension', () => {
    expect(baseName('penguins.csv')).toBe('penguins');
    expect(baseName('flights.2024.parquet')).toBe('flights.2024');
    expect(baseName('README')).toBe('README');
    expect(baseName(`${'a'.repeat(120)}.csv`)).toHaveLength(100);
  });
});

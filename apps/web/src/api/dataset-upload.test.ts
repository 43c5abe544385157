import { describe, expect, it } from 'vitest';
import { uploadFormData, uploadUrl } from './dataset-upload';

const file = new File(['a,b\n1,2\n'], 'small.csv', { type: 'text/csv' });

describe('dataset upload request', () => {
  it('sends the text fields first and the file last, so the server can stream the file', async () => {
    const form = uploadFormData({
      file,
      license: 'CC0-1.0',
      attestation: 1,
      name: 'small',
      description: 'two columns',
    });
    expect([...form.keys()]).toEqual(['name', 'description', 'license', 'attestation', 'file']);
    expect(form.get('attestation')).toBe('1');
    const sent = form.get('file') as File;
    expect(sent.name).toBe('small.csv');
    expect(await sent.text()).toBe('a,b\n1,2\n');
  });

  it('leaves out name and description for a new version', () => {
    const form = uploadFormData({ file, license: 'MIT', attestation: 1 });
    expect([...form.keys()]).toEqual(['license', 'attestation', 'file']);
  });

  it('sends metadata files as `metadata` parts, and leaves the file out of a resumable finish', () => {
    const card = new File(['---\nlicense: cc0-1.0\n---\n'], 'README.md');
    const form = uploadFormData({ file, license: '', attestation: 1, metadata: [card] }, false);
    expect([...form.keys()]).toEqual(['attestation', 'metadata']);
    expect((form.get('metadata') as File).name).toBe('README.md');
  });

  it('posts a new dataset to its project and a new version to its dataset', () => {
    expect(uploadUrl({ projectId: 'p1' })).toBe('/api/v1/projects/p1/datasets');
    expect(uploadUrl({ datasetId: 'd1' })).toBe('/api/v1/datasets/d1/versions');
  });
});

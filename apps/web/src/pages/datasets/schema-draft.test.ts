import { describe, expect, it } from 'vitest';
import type { SchemaColumn } from '../../api/dataset-reports';
import { changedOverrides, draftOf } from './schema-draft';

const columns: SchemaColumn[] = [
  { name: 'id', storageType: 'BIGINT', type: 'identifier', role: 'identifier', reason: '' },
  { name: 'mass', storageType: 'BIGINT', type: 'integer', role: 'feature', reason: '' },
  { name: 'label', storageType: 'VARCHAR', type: 'categorical', role: 'target', reason: '' },
];

describe('changedOverrides', () => {
  it('sends nothing for an untouched draft', () => {
    expect(changedOverrides(columns, draftOf(columns))).toEqual([]);
  });

  it('sends only the attributes that changed, per column', () => {
    const draft = draftOf(columns);
    draft.mass = { type: 'float', role: 'feature' };
    draft.id = { type: 'identifier', role: 'ignore' };
    expect(changedOverrides(columns, draft)).toEqual([
      { column: 'id', role: 'ignore' },
      { column: 'mass', type: 'float' },
    ]);
  });

  it('leaves the demotion of the old target to the server when a new one is picked', () => {
    const draft = draftOf(columns);
    draft.mass = { type: 'integer', role: 'target' };
    draft.label = { type: 'categorical', role: 'feature' };
    expect(changedOverrides(columns, draft)).toEqual([{ column: 'mass', role: 'target' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkDraft, checkSweepDraft, initialDraft } from './new-run-draft';

const columns = [
  { name: 'id', type: 'identifier', role: 'identifier' },
  { name: 'Island', type: 'categorical', role: 'feature' },
  { name: 'Beak', type: 'float', role: 'feature' },
  { name: 'Species', type: 'categorical', role: 'target' },
];

describe('initialDraft', () => {
  it('takes the schema target and leaves identifier columns out of the features', () => {
    const draft = initialDraft(columns);
    expect(draft.target).toBe('Species');
    expect(draft.features).toEqual(['Island', 'Beak']);
    expect(draft.algorithm).toBe('gbdt');
  });
});

describe('checkDraft', () => {
  it('sends only the parameters that were filled in, and a one-layer MLP as a list', () => {
    const draft = { ...initialDraft(columns), algorithm: 'mlp' as const };
    const checked = checkDraft({ ...draft, params: { hiddenLayerSizes: '16', alpha: '' } }, 'v1');
    expect(checked).toEqual({
      ok: true,
      body: expect.objectContaining({
        datasetVersionId: 'v1',
        target: 'Species',
        algorithm: 'mlp',
        params: { hiddenLayerSizes: [16] },
        testFraction: 0.2,
        seed: 0,
      }),
    });
  });

  it('names the field of an out-of-range parameter and an empty feature list', () => {
    const draft = { ...initialDraft(columns), features: [], params: { nIter: '0' } };
    expect(checkDraft(draft, 'v1')).toEqual({
      ok: false,
      problems: {
        nIter: 'must be a number from 1 to 5000',
        features: 'Choose at least one feature column',
      },
    });
  });
});

describe('checkSweepDraft', () => {
  it('builds a sweep body with the search settings and no hyperparameters', () => {
    const draft = initialDraft(columns);
    const checked = checkSweepDraft(
      { ...draft, kind: 'sweep', sweep: { ...draft.sweep, algorithm: 'auto', trials: '8' } },
      'v1',
    );
    expect(checked).toEqual({
      ok: true,
      body: expect.objectContaining({
        algorithm: 'auto',
        sampler: 'tpe',
        trials: 8,
        parallelism: 2,
      }),
    });
    expect(checked.ok && 'timeBudgetSeconds' in checked.body).toBe(false);
  });

  it('names the search settings that are out of range', () => {
    const draft = initialDraft(columns);
    const sweep = { ...draft.sweep, trials: '500', parallelism: '0', timeBudgetSeconds: '0.5' };
    expect(checkSweepDraft({ ...draft, sweep }, 'v1')).toEqual({
      ok: false,
      problems: {
        trials: 'must be a whole number from 1 to 200',
        parallelism: 'must be a whole number from 1 to 16',
        timeBudgetSeconds: 'must be from 1 second to 7 days',
      },
    });
  });
});

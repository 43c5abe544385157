import { describe, expect, it } from 'vitest';
import { readFrontMatter } from '../../governance/front-matter.js';
import { generateModelCard, type CardFacts } from '../model-card.js';
import { inheritLicense } from '../model-license.js';

const facts: CardFacts = {
  modelName: 'Churn: "gold" #1',
  version: 3,
  description: 'Predicts churn | monthly.',
  tags: { team: 'growth', 'needs review': '' },
  source: 'run',
  task: 'regression',
  algorithm: 'gbdt',
  target: 'spend',
  metrics: { rmse: 12.3456789, r2: 0.81 },
  inputs: [
    { name: 'plan', kind: 'categorical', type: null },
    { name: 'age', kind: 'numeric', type: null },
  ],
  license: inheritLicense([{ title: 'accounts (version 2)', licenseId: 'CC-BY-SA-4.0' }]),
  datasets: [{ id: '0190a1b2-0000-7000-8000-000000000001', name: 'accounts', number: 2 }],
  engineVersion: '0.2.0',
  evaluation: null,
};

describe('generateModelCard', () => {
  it('writes front matter that YAML readers give back exactly, whatever the names contain', () => {
    const { data } = readFrontMatter(generateModelCard(facts));
    expect(data).toEqual({
      license: 'cc-by-sa-4.0',
      library_name: 'aistudio',
      pipeline_tag: 'tabular-regression',
      tags: ['gbdt', 'regression', 'team:growth', 'needs review'],
      datasets: ['accounts (version 2)'],
      metrics: ['rmse', 'r2'],
      'model-index': [
        {
          name: 'Churn: "gold" #1',
          results: [
            {
              task: { type: 'tabular-regression', name: 'regression' },
              dataset: {
                name: 'accounts (version 2)',
                type: '0190a1b2-0000-7000-8000-000000000001',
              },
              metrics: [
                { type: 'rmse', value: '12.3457', name: 'held-out rmse' },
                { type: 'r2', value: '0.81', name: 'held-out r2' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('says when no fairness analysis was run and names what an upload was not checked for', () => {
    const run = generateModelCard(facts);
    expect(run).toContain('No fairness analysis was run');
    expect(run).toContain('Categories not seen in training are treated as missing.');
    expect(run).toContain('| rmse | 12.3457 |');
    const upload = generateModelCard({ ...facts, source: 'onnx', datasets: [], metrics: {} });
    expect(upload).toContain('Trained outside AI Studio');
    expect(upload).toContain('its data, evaluation and fairness were not checked');
    expect(upload).toContain('No evaluation was recorded');
  });
});

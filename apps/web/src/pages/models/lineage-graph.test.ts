import type { Lineage } from '@aistudio/contracts';
import type { DeploymentSummary } from '../../api/deployments';
import { describe, expect, it } from 'vitest';
import { lineageGraph } from './lineage-graph';

const lineage: Lineage = {
  nodes: [
    {
      id: 'dv1',
      type: 'dataset_version',
      label: 'penguins v1',
      projectId: 'p',
      status: 'ready',
      details: { datasetId: 'ds1', license: 'CC0-1.0' },
    },
    {
      id: 'run1',
      type: 'run',
      label: 'gbdt',
      projectId: 'p',
      status: 'succeeded',
      details: { algorithm: 'gbdt' },
    },
    {
      id: 'mv1',
      type: 'model_version',
      label: 'birds v1',
      projectId: 'p',
      status: 'ready',
      details: { modelId: 'm1', version: 1 },
    },
  ],
  edges: [
    { from: 'dv1', to: 'run1', relation: 'trained' },
    { from: 'run1', to: 'mv1', relation: 'registered' },
  ],
};

const deployment = (id: string, modelVersionId: string): DeploymentSummary => ({
  id,
  projectId: 'p',
  name: `serve-${id}`,
  routes: [{ modelId: 'm1', modelVersionId, version: 1, ref: '1', weight: 100 }],
  previousRoutes: null,
  updatedAt: '2026-12-03T10:00:00.000Z',
});

describe('lineage graph of a model version', () => {
  it('links every node to its page and marks the current version', () => {
    const { nodes } = lineageGraph(lineage, [], 'mv1');
    expect(nodes).toEqual([
      {
        id: 'dv1',
        column: 0,
        label: 'penguins v1',
        sublabel: 'CC0-1.0',
        href: '/datasets/ds1',
      },
      { id: 'run1', column: 1, label: 'gbdt', sublabel: 'gbdt', href: '/runs/run1' },
      {
        id: 'mv1',
        column: 2,
        label: 'birds v1',
        sublabel: 'ready',
        href: '/models/m1?version=1',
        current: true,
      },
    ]);
  });

  it('adds the deployments that serve one of its versions, and only those', () => {
    const { nodes, edges } = lineageGraph(
      lineage,
      [deployment('d1', 'mv1'), deployment('d2', 'other')],
      null,
    );
    expect(nodes.at(-1)).toEqual({
      id: 'd1',
      column: 3,
      label: 'serve-d1',
      sublabel: 'v1 100 %',
      href: '/deployments/d1',
    });
    expect(nodes.some((n) => n.id === 'd2')).toBe(false);
    expect(edges).toContainEqual({ from: 'mv1', to: 'd1' });
  });
});

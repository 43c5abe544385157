import type { Lineage } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { lineageGraph, trainingDataOf } from './lineage-graph';

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

const served: Lineage = {
  nodes: [
    ...lineage.nodes,
    {
      id: 'dv2',
      type: 'dataset_version',
      label: 'fresh birds v3',
      projectId: 'p',
      status: 'ready',
      details: { datasetId: 'ds2', license: 'CC-BY-4.0' },
    },
    {
      id: 'dep1',
      type: 'deployment',
      label: 'birds-live',
      projectId: 'p',
      status: null,
      details: {
        routes: [
          { modelId: 'm1', modelVersionId: 'mv1', version: 1, weight: 90 },
          { modelId: 'm1', modelVersionId: 'mv2', version: 2, weight: 10 },
        ],
        shadow: { modelId: 'm1', modelVersionId: 'mv3', version: 3 },
      },
    },
    {
      id: 'out1',
      type: 'dataset_version',
      label: 'birds scored v1',
      projectId: 'p',
      status: 'ready',
      details: { datasetId: 'ds3', license: 'CC-BY-4.0', source: 'batch_scoring' },
    },
  ],
  edges: [
    ...lineage.edges,
    { from: 'mv1', to: 'dep1', relation: 'serves' },
    { from: 'dv2', to: 'out1', relation: 'scored' },
    { from: 'mv1', to: 'out1', relation: 'scored' },
  ],
};

describe('lineage graph of a model version', () => {
  it('links every node to its page and marks the current version', () => {
    const { nodes } = lineageGraph(lineage, 'mv1');
    expect(nodes).toEqual([
      {
        id: 'dv1',
        column: 0,
        label: 'penguins v1',
        sublabel: 'CC0-1.0',
        href: '/datasets/ds1?version=dv1',
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

  it("shows the API's deployments with their split and shadow, after the model versions", () => {
    const { nodes, edges } = lineageGraph(served, null);
    expect(nodes.find((n) => n.id === 'dep1')).toEqual({
      id: 'dep1',
      column: 3,
      label: 'birds-live',
      sublabel: 'v1 90 %, v2 10 % · shadow v3',
      href: '/deployments/dep1',
    });
    expect(edges).toContainEqual({ from: 'mv1', to: 'dep1' });
  });

  it('puts what batch scoring wrote in a column of its own, its input with the other data', () => {
    const { nodes, edges } = lineageGraph(served, null);
    const column = (id: string) => nodes.find((n) => n.id === id)?.column;
    expect(column('out1')).toBe(4);
    expect(column('dv2')).toBe(0);
    expect(nodes.find((n) => n.id === 'out1')?.href).toBe('/datasets/ds3?version=out1');
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: 'mv1', to: 'out1' },
        { from: 'dv2', to: 'out1' },
      ]),
    );
  });

  it('finds the training data, not data the version only scored', () => {
    const scoredFirst: Lineage = { ...served, nodes: [...served.nodes].reverse() };
    expect(trainingDataOf(scoredFirst)).toBe('dv1');
    expect(trainingDataOf({ nodes: served.nodes, edges: served.edges.slice(2) })).toBeNull();
  });
});

import type { DeploymentSummary } from '../../api/deployments';
import type { Lineage } from '@aistudio/contracts';
import type { GraphEdge, GraphNode } from '../../components/lineage-layout';

export const LINEAGE_COLUMNS = {
  0: 'Dataset versions',
  1: 'Training runs',
  2: 'Model versions',
  3: 'Deployments',
} as const;

const COLUMN_OF = { dataset_version: 0, run: 1, model_version: 2 } as const;

/**
 * The lineage API's graph (dataset versions → runs → model versions) extended by the
 * deployments serving any of its model versions, as boxes that link to their pages.
 */
export function lineageGraph(
  lineage: Lineage,
  deployments: readonly DeploymentSummary[],
  currentId: string | null,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = lineage.nodes.map((node) => {
    const details = node.details;
    const text = (key: string) => (typeof details[key] === 'string' ? details[key] : undefined);
    const href =
      node.type === 'dataset_version'
        ? text('datasetId') && `/datasets/${text('datasetId')}`
        : node.type === 'run'
          ? `/runs/${node.id}`
          : text('modelId') && `/models/${text('modelId')}?version=${String(details.version)}`;
    const sublabel =
      node.type === 'dataset_version'
        ? text('license')
        : node.type === 'run'
          ? text('algorithm')
          : (node.status ?? undefined);
    return {
      id: node.id,
      column: COLUMN_OF[node.type],
      label: node.label,
      ...(sublabel ? { sublabel } : {}),
      ...(href ? { href } : {}),
      ...(node.id === currentId ? { current: true } : {}),
    };
  });
  const edges: GraphEdge[] = lineage.edges.map(({ from, to }) => ({ from, to }));
  const versions = new Set(
    lineage.nodes.filter((n) => n.type === 'model_version').map((n) => n.id),
  );
  for (const deployment of deployments) {
    const served = deployment.routes.filter((r) => versions.has(r.modelVersionId));
    if (served.length === 0) continue;
    nodes.push({
      id: deployment.id,
      column: 3,
      label: deployment.name,
      sublabel: served.map((r) => `v${r.version} ${r.weight} %`).join(', '),
      href: `/deployments/${deployment.id}`,
    });
    for (const route of served) edges.push({ from: route.modelVersionId, to: deployment.id });
  }
  return { nodes, edges };
}

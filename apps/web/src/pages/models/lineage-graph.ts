import type { Lineage, LineageNode } from '@aistudio/contracts';
import type { GraphEdge, GraphNode } from '../../components/lineage-layout';

export const LINEAGE_COLUMNS = {
  0: 'Dataset versions',
  1: 'Training runs',
  2: 'Model versions',
  3: 'Deployments',
  4: 'Scored data',
} as const;

const COLUMN_OF = { dataset_version: 0, run: 1, model_version: 2, deployment: 3 } as const;
const SCORED_DATA_COLUMN = 4;

interface RouteDetails {
  version: number;
  weight: number;
}

/**
 * The lineage API's graph as boxes that link to their pages: dataset versions → runs → model
 * versions → deployments, with the dataset versions batch scoring wrote in a column of their own.
 */
export function lineageGraph(
  lineage: Lineage,
  currentId: string | null,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const scoredOutputs = new Set(
    lineage.edges.filter((e) => e.relation === 'scored').map((e) => e.to),
  );
  const nodes: GraphNode[] = lineage.nodes.map((node) => {
    const href = hrefOf(node);
    const sublabel = sublabelOf(node);
    return {
      id: node.id,
      column: scoredOutputs.has(node.id) ? SCORED_DATA_COLUMN : COLUMN_OF[node.type],
      label: node.label,
      ...(sublabel ? { sublabel } : {}),
      ...(href ? { href } : {}),
      ...(node.id === currentId ? { current: true } : {}),
    };
  });
  const edges: GraphEdge[] = lineage.edges.map(({ from, to }) => ({ from, to }));
  return { nodes, edges };
}

/** The dataset version a model version was trained on (not one it merely scored), if any. */
export function trainingDataOf(lineage: Lineage): string | null {
  const datasets = new Set(
    lineage.nodes.filter((n) => n.type === 'dataset_version').map((n) => n.id),
  );
  return lineage.edges.find((e) => e.relation === 'trained' && datasets.has(e.from))?.from ?? null;
}

function text(node: LineageNode, key: string): string | undefined {
  const value = node.details[key];
  return typeof value === 'string' ? value : undefined;
}

function hrefOf(node: LineageNode): string | undefined {
  switch (node.type) {
    case 'dataset_version': {
      const datasetId = text(node, 'datasetId');
      return datasetId && `/datasets/${datasetId}?version=${node.id}`;
    }
    case 'run':
      return `/runs/${node.id}`;
    case 'model_version': {
      const modelId = text(node, 'modelId');
      return modelId && `/models/${modelId}?version=${String(node.details.version)}`;
    }
    case 'deployment':
      return `/deployments/${node.id}`;
  }
}

function sublabelOf(node: LineageNode): string | undefined {
  switch (node.type) {
    case 'dataset_version':
      return text(node, 'license');
    case 'run':
      return text(node, 'algorithm');
    case 'model_version':
      return node.status ?? undefined;
    case 'deployment':
      return deploymentSummary(node);
  }
}

/** "v1 90 %, v2 10 % · shadow v3": the split a deployment serves. */
function deploymentSummary(node: LineageNode): string {
  const routes = (node.details.routes ?? []) as RouteDetails[];
  const shadow = node.details.shadow as RouteDetails | null | undefined;
  const split = routes.map((r) => `v${r.version} ${r.weight} %`).join(', ');
  return shadow ? `${split} · shadow v${shadow.version}` : split;
}

import type { Lineage } from '@aistudio/contracts';
import { useState } from 'react';
import { useDatasetVersionLineage, useModelVersionLineage } from '../../api/models';
import { LineageGraph } from '../../components/LineageGraph';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Skeleton } from '../../components/ui/Skeleton';
import { LINEAGE_COLUMNS, lineageGraph, trainingDataOf } from './lineage-graph';

type Direction = 'upstream' | 'downstream';

/**
 * A version's lineage: where it came from (dataset versions → run → this version) and what it
 * feeds (deployments, scored data), or, downstream from its training data, everything else
 * trained on the same data.
 */
export function LineagePanel(props: { modelId: string; version: number }) {
  const { modelId, version } = props;
  const [direction, setDirection] = useState<Direction>('upstream');
  const upstream = useModelVersionLineage(modelId, version);
  const datasetVersion = upstream.data ? trainingDataOf(upstream.data) : null;
  const downstream = useDatasetVersionLineage(direction === 'downstream' ? datasetVersion : null);
  const shown = direction === 'upstream' ? upstream : downstream;

  if (upstream.isPending) return <Skeleton className="h-48 w-full" />;
  if (upstream.isError) return <ProblemAlert error={upstream.error} />;
  const current = upstream.data.nodes.find(
    (n) => n.type === 'model_version' && n.details.version === version,
  );
  const lineage: Lineage | undefined =
    direction === 'upstream' ? upstream.data : mergeLineage(upstream.data, downstream.data);
  const graph = lineage ? lineageGraph(lineage, current?.id ?? null) : null;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2" role="group" aria-label="Lineage direction">
        <Button
          size="sm"
          variant={direction === 'upstream' ? 'primary' : 'secondary'}
          aria-pressed={direction === 'upstream'}
          onClick={() => setDirection('upstream')}
        >
          Where v{version} came from
        </Button>
        <Button
          size="sm"
          variant={direction === 'downstream' ? 'primary' : 'secondary'}
          aria-pressed={direction === 'downstream'}
          disabled={datasetVersion === null}
          onClick={() => setDirection('downstream')}
        >
          Everything trained on its data
        </Button>
      </div>
      {shown.isError && <ProblemAlert error={shown.error} />}
      {graph ? (
        <LineageGraph
          label={`Lineage of version ${version}`}
          nodes={graph.nodes}
          edges={graph.edges}
          columnTitles={LINEAGE_COLUMNS}
        />
      ) : (
        <Skeleton className="h-48 w-full" />
      )}
    </div>
  );
}

/** The union of two lineage graphs (the downstream one lacks the version's own upstream). */
function mergeLineage(a: Lineage, b: Lineage | undefined): Lineage | undefined {
  if (!b) return undefined;
  const nodes = new Map([...a.nodes, ...b.nodes].map((n) => [n.id, n]));
  const edges = new Map([...a.edges, ...b.edges].map((e) => [`${e.from}>${e.to}`, e]));
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

import type { Run } from '@aistudio/contracts';
import { Link } from 'react-router';
import { useDataset, useDatasetVersion } from '../../api/datasets';

/** Where a run's data came from: its dataset version (with licence) and, if so, the playground. */
export function RunDataLineage({ run }: { run: Run }) {
  const dataset = useDataset(run.datasetId);
  const version = useDatasetVersion(run.datasetVersionId);
  return (
    <p className="mb-3 text-sm" aria-label="Data lineage">
      {run.source === 'playground' ? 'Trained in the browser playground on ' : 'Trained on '}
      <Link to={`/datasets/${run.datasetId}`} className="font-medium underline">
        {dataset.data?.name ?? 'its dataset'}
        {version.data ? ` version ${version.data.number}` : ''}
      </Link>
      {version.data && <span className="text-zinc-500"> (licence {version.data.license})</span>}
    </p>
  );
}

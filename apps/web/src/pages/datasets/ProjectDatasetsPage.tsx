import { ArrowLeft, Database, Upload } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useDatasets } from '../../api/datasets';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Skeleton, TableSkeleton } from '../../components/ui/Skeleton';
import { Tabs } from '../../components/ui/Tabs';
import { DatasetsTable } from './DatasetsTable';
import { SqlConsole } from './SqlConsole';
import { UploadDatasetDialog } from './UploadDatasetDialog';

const tabs = [
  { id: 'datasets', label: 'Datasets' },
  { id: 'sql', label: 'SQL console' },
] as const;
type Tab = (typeof tabs)[number]['id'];

/** /projects/:projectId/datasets — the project's datasets and a SQL console over them. */
export function ProjectDatasetsPage() {
  const { projectId } = useParams() as { projectId: string };
  const project = useProject(projectId);
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'sql' ? 'sql' : 'datasets';
  const [uploading, setUploading] = useState(false);
  const canWrite = project.data && project.data.role !== 'viewer' && !project.data.archivedAt;

  const uploadButton = canWrite && (
    <Button onClick={() => setUploading(true)}>
      <Upload aria-hidden />
      Upload dataset
    </Button>
  );

  return (
    <AppShell orgId={project.data?.orgId}>
      {project.isPending ? (
        <div className="flex flex-col gap-4" role="status" aria-label="Loading project">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-48 w-full" />
        </div>
      ) : project.isError ? (
        <ProblemAlert error={project.error} />
      ) : (
        <>
          <Link
            to={`/projects/${projectId}`}
            className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
          >
            <ArrowLeft aria-hidden className="size-4" /> {project.data.name}
          </Link>
          <PageHeader
            title="Datasets"
            description={`Data of ${project.data.name}, every version kept.`}
            actions={uploadButton}
          />
          <Tabs
            label="Datasets views"
            tabs={tabs}
            value={tab}
            onChange={(next) => setParams(next === 'datasets' ? {} : { tab: next })}
          >
            {tab === 'datasets' ? (
              <DatasetsCard projectId={projectId} uploadButton={uploadButton} />
            ) : (
              <SqlConsole projectId={projectId} />
            )}
          </Tabs>
          <UploadDatasetDialog
            target={{ projectId }}
            open={uploading}
            onClose={() => setUploading(false)}
          />
        </>
      )}
    </AppShell>
  );
}

function DatasetsCard({ projectId, uploadButton }: { projectId: string; uploadButton: ReactNode }) {
  const datasets = useDatasets(projectId);
  const items = allItems(datasets.data);
  return (
    <Card>
      {datasets.isPending ? (
        <TableSkeleton />
      ) : datasets.isError ? (
        <div className="p-4">
          <ProblemAlert error={datasets.error} />
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={Database} title="No datasets yet" action={uploadButton}>
          Upload a CSV, JSON, Parquet or Arrow file to profile it and train on it.
        </EmptyState>
      ) : (
        <>
          <DatasetsTable datasets={items} />
          <LoadMore {...datasets} />
        </>
      )}
    </Card>
  );
}

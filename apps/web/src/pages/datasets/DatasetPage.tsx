import type { Dataset, DatasetVersion } from '@aistudio/contracts';
import { ArrowLeft, Download, Trash2, Upload } from 'lucide-react';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useDataset, useDatasetVersion, useDeleteDataset } from '../../api/datasets';
import { useProject } from '../../api/projects';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Alert } from '../../components/ui/Alert';
import { Button, buttonClasses } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Skeleton } from '../../components/ui/Skeleton';
import { Tabs } from '../../components/ui/Tabs';
import { PreviewGrid } from './PreviewGrid';
import { ProfileView } from './ProfileView';
import { SchemaTable } from './SchemaTable';
import { SqlConsole } from './SqlConsole';
import type { UploadedState } from './UploadDatasetDialog';
import { UploadDatasetDialog } from './UploadDatasetDialog';
import { ValidationPanel } from './ValidationPanel';
import { VersionsPanel } from './VersionsPanel';
import { VersionStatusAlert } from './VersionStatusAlert';
import { VersionStatusBadge } from './VersionStatusBadge';

const tabs = [
  { id: 'preview', label: 'Preview' },
  { id: 'schema', label: 'Schema' },
  { id: 'profile', label: 'Profile' },
  { id: 'validation', label: 'Validation' },
  { id: 'versions', label: 'Versions' },
  { id: 'sql', label: 'SQL' },
] as const;
type Tab = (typeof tabs)[number]['id'];

const isTab = (value: string | null): value is Tab => tabs.some((tab) => tab.id === value);

/** /datasets/:datasetId?version=&tab= — one dataset, one of its versions at a time. */
export function DatasetPage() {
  const { datasetId } = useParams() as { datasetId: string };
  const dataset = useDataset(datasetId);

  return (
    <AppShell orgId={dataset.data?.orgId}>
      {dataset.isPending ? (
        <div className="flex flex-col gap-4" role="status" aria-label="Loading dataset">
          <Skeleton className="h-8 w-64" />
          <Skeleton className="h-64 w-full" />
        </div>
      ) : dataset.isError ? (
        <ProblemAlert error={dataset.error} />
      ) : (
        <DatasetContent dataset={dataset.data} />
      )}
    </AppShell>
  );
}

function DatasetContent({ dataset }: { dataset: Dataset }) {
  const project = useProject(dataset.projectId);
  const canWrite = !!project.data && project.data.role !== 'viewer' && !project.data.archivedAt;
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteDataset(dataset);
  const versionId = params.get('version') ?? dataset.latestVersion?.id;
  const version = useDatasetVersion(versionId);
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'preview';
  const duplicateOf = (location.state as UploadedState | null)?.duplicateOf;

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) next.set(key, value);
    setParams(next, { replace: true, state: location.state });
  };

  return (
    <>
      <Link
        to={`/projects/${dataset.projectId}/datasets`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> Datasets
      </Link>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {dataset.name}
            {version.data && (
              <span className="flex items-center gap-2 text-sm font-normal text-zinc-500">
                v{version.data.number} <VersionStatusBadge status={version.data.status} />
              </span>
            )}
          </span>
        }
        description={
          dataset.description ||
          (dataset.versionCount === 1 ? 'One version.' : `${dataset.versionCount} versions.`)
        }
        actions={
          <>
            {version.data?.status === 'ready' && <DownloadLinks versionId={version.data.id} />}
            {canWrite && (
              <>
                <Button variant="secondary" onClick={() => setUploading(true)}>
                  <Upload aria-hidden /> Upload new version
                </Button>
                <Button variant="ghost" onClick={() => setDeleting(true)}>
                  <Trash2 aria-hidden /> Delete
                </Button>
              </>
            )}
          </>
        }
      />
      <div className="flex flex-col gap-4">
        {duplicateOf && (
          <Alert title="These bytes were already stored">
            The same file (same SHA-256) is already in this organization, so it was not stored
            twice.{' '}
            <Link
              className="underline"
              to={`/datasets/${duplicateOf.datasetId}?version=${duplicateOf.versionId}`}
            >
              Open the existing version
            </Link>
          </Alert>
        )}
        {!versionId ? (
          <Alert title="This dataset has no versions">Upload a file to create one.</Alert>
        ) : version.isPending ? (
          <Skeleton className="h-64 w-full" />
        ) : version.isError ? (
          <ProblemAlert error={version.error} />
        ) : (
          <>
            <VersionStatusAlert version={version.data} />
            <Tabs
              label="Dataset views"
              tabs={tabs}
              value={tab}
              onChange={(next) => update({ tab: next })}
            >
              <TabContent
                tab={tab}
                dataset={dataset}
                version={version.data}
                canWrite={canWrite}
                onSelectVersion={(id) => update({ version: id })}
              />
            </Tabs>
          </>
        )}
      </div>
      <UploadDatasetDialog
        target={{ datasetId: dataset.id }}
        open={uploading}
        onClose={() => setUploading(false)}
      />
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        mutation={remove}
        variables={undefined}
        onDone={() => void navigate(`/projects/${dataset.projectId}/datasets`)}
        title={`Delete dataset “${dataset.name}”?`}
        confirmLabel="Delete dataset"
      >
        <p>
          All {dataset.versionCount} version(s) disappear from the project at once; their storage is
          freed by the next purge.
        </p>
      </ConfirmDialog>
    </>
  );
}

function TabContent({
  tab,
  dataset,
  version,
  canWrite,
  onSelectVersion,
}: {
  tab: Tab;
  dataset: Dataset;
  version: DatasetVersion;
  canWrite: boolean;
  onSelectVersion: (versionId: string) => void;
}) {
  if (tab === 'versions') {
    return <VersionsPanel datasetId={dataset.id} selected={version} onSelect={onSelectVersion} />;
  }
  if (tab === 'sql') {
    return (
      <SqlConsole
        projectId={dataset.projectId}
        initialQuery={`select * from ${quoteIdentifier(dataset.name)} limit 100`}
      />
    );
  }
  if (tab === 'validation') {
    return <ValidationPanel key={version.id} version={version} canWrite={canWrite} />;
  }
  if (version.status !== 'ready') {
    return (
      <Card className="p-6 text-sm text-zinc-500">
        {version.status === 'processing'
          ? 'Shown here as soon as ingest finishes.'
          : 'Only a ready version can be previewed and profiled.'}
      </Card>
    );
  }
  if (tab === 'preview') {
    return (
      <PreviewGrid key={version.id} versionId={version.id} label={`Rows of ${dataset.name}`} />
    );
  }
  if (tab === 'schema') {
    return (
      <Card>
        <SchemaTable key={version.id} version={version} editable={canWrite} />
      </Card>
    );
  }
  return <ProfileView versionId={version.id} />;
}

/** Plain links: the browser streams the file to disk with the session cookie. */
function DownloadLinks({ versionId }: { versionId: string }) {
  const href = (format: 'csv' | 'parquet') =>
    `/api/v1/dataset-versions/${versionId}/download?format=${format}`;
  return (
    <>
      <a
        href={href('csv')}
        download
        aria-label="Download as CSV"
        className={buttonClasses('ghost')}
      >
        <Download aria-hidden /> CSV
      </a>
      <a
        href={href('parquet')}
        download
        aria-label="Download as Parquet"
        className={buttonClasses('ghost')}
      >
        <Download aria-hidden /> Parquet
      </a>
    </>
  );
}

/** A SQL identifier that survives spaces, capitals and quotes in a dataset name. */
function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

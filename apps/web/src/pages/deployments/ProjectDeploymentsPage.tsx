import type { RegisteredModel } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { Plus, Rocket } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useDeployments, type DeploymentSummary } from '../../api/deployments';
import { useModels } from '../../api/models';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Button } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { formatDateTime } from '../../format/dates';
import { CreateDeploymentDialog } from './CreateDeploymentDialog';

/** /projects/:projectId/deployments — the project's endpoints; `?deploy=<modelId>` opens "new". */
export function ProjectDeploymentsPage() {
  const { projectId } = useParams() as { projectId: string };
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const project = useProject(projectId);
  const deployments = useDeployments(projectId);
  const models = useModels(projectId, '');
  const [creating, setCreating] = useState(false);
  const deployModel = params.get('deploy');
  const modelItems = allItems(models.data);
  const items = allItems(deployments.data);
  const close = () => {
    setCreating(false);
    if (deployModel) setParams({}, { replace: true });
  };

  return (
    <AppShell orgId={project.data?.orgId}>
      <BackLink to={`/projects/${projectId}`}>{project.data?.name ?? 'Project'}</BackLink>
      <PageHeader
        title="Deployments"
        description="Prediction endpoints in front of model versions, with traffic splits and one-step rollback."
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden /> New deployment
          </Button>
        }
      />
      <Card>
        <CardContent className="flex flex-col gap-4 pt-5">
          {deployments.isError && (
            <ProblemAlert error={deployments.error} title="The deployments could not be listed" />
          )}
          {items.length > 0 && <DeploymentsTable deployments={items} models={modelItems} />}
          {deployments.isSuccess && items.length === 0 && (
            <EmptyState icon={Rocket} title="No deployments yet">
              Deploy a registered model version to get a prediction endpoint.
            </EmptyState>
          )}
          <LoadMore
            hasNextPage={deployments.hasNextPage}
            isFetchingNextPage={deployments.isFetchingNextPage}
            fetchNextPage={deployments.fetchNextPage}
          />
        </CardContent>
      </Card>
      {models.isSuccess && (
        <CreateDeploymentDialog
          key={deployModel ?? ''}
          projectId={projectId}
          models={modelItems}
          initialModelId={deployModel}
          open={creating || deployModel !== null}
          onClose={close}
          onCreated={(deployment) => void navigate(`/deployments/${deployment.id}`)}
        />
      )}
    </AppShell>
  );
}

/** "birds v1 90 % · birds v2 10 %" */
export function describeSplit(
  deployment: DeploymentSummary,
  models: readonly RegisteredModel[],
): string {
  const names = new Map(models.map((m) => [m.id, m.name]));
  return deployment.routes
    .map((r) => `${names.get(r.modelId) ?? 'model'} v${r.version} ${r.weight} %`)
    .join(' · ');
}

function DeploymentsTable(props: { deployments: DeploymentSummary[]; models: RegisteredModel[] }) {
  const columns: ColumnDef<DeploymentSummary, unknown>[] = [
    {
      header: 'Deployment',
      cell: ({ row }) => (
        <Link to={`/deployments/${row.original.id}`} className="font-medium hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    {
      header: 'Traffic',
      cell: ({ row }) => (
        <span className="tabular-nums">{describeSplit(row.original, props.models)}</span>
      ),
    },
    { header: 'Updated', cell: ({ row }) => formatDateTime(row.original.updatedAt) },
  ];
  return (
    <DataTable
      columns={columns}
      data={props.deployments}
      getRowId={(d) => d.id}
      label="Deployments"
    />
  );
}

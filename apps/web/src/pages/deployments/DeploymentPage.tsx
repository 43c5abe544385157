import { useState } from 'react';
import { useParams } from 'react-router';
import { useDeployment, type DeploymentSummary } from '../../api/deployments';
import { useModels } from '../../api/models';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../format/dates';
import { LiveTrafficCard } from './LiveTrafficCard';
import { SnippetsCard } from './SnippetsCard';
import { TrafficSplitCard } from './TrafficSplitCard';
import { TryItCard } from './TryItCard';

/** /deployments/:deploymentId — traffic split, try it, code snippets and live traffic. */
export function DeploymentPage() {
  const { deploymentId } = useParams() as { deploymentId: string };
  const deployment = useDeployment(deploymentId);
  const project = useProject(deployment.data?.projectId ?? '');
  return (
    <AppShell orgId={project.data?.orgId}>
      {deployment.isPending ? (
        <Skeleton className="h-10 w-1/2" />
      ) : deployment.isError ? (
        <ProblemAlert error={deployment.error} />
      ) : (
        <DeploymentView deployment={deployment.data} />
      )}
    </AppShell>
  );
}

function DeploymentView({ deployment }: { deployment: DeploymentSummary }) {
  const models = useModels(deployment.projectId, '');
  const [record, setRecord] = useState<Record<string, unknown>>({});
  // The form follows the schema of the version most traffic goes to.
  const main = [...deployment.routes].sort((a, b) => b.weight - a.weight)[0]!;
  return (
    <>
      <BackLink to={`/projects/${deployment.projectId}/deployments`}>Deployments</BackLink>
      <PageHeader
        title={deployment.name}
        description={`Endpoint /api/v1/deployments/${deployment.id}/predict · updated ${formatDateTime(deployment.updatedAt)}`}
      />
      <div className="flex flex-col gap-6">
        <TrafficSplitCard deployment={deployment} models={allItems(models.data)} />
        <LiveTrafficCard deploymentId={deployment.id} routes={deployment.routes} />
        <TryItCard
          key={main.modelVersionId}
          deploymentId={deployment.id}
          route={main}
          onRecord={setRecord}
        />
        <SnippetsCard deploymentId={deployment.id} record={record} />
      </div>
    </>
  );
}

import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useDeployment, type DeploymentSummary } from '../../api/deployments';
import { useModels } from '../../api/models';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { BackLink } from '../../components/BackLink';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Skeleton } from '../../components/ui/Skeleton';
import { Tabs } from '../../components/ui/Tabs';
import { formatDateTime } from '../../format/dates';
import { LiveTrafficCard } from './LiveTrafficCard';
import { MONITORING_WINDOWS, MonitoringTab } from './monitoring/MonitoringTab';
import { SnippetsCard } from './SnippetsCard';
import { TrafficSplitCard } from './TrafficSplitCard';
import { TryItCard } from './TryItCard';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'monitoring', label: 'Monitoring' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * /deployments/:deploymentId — traffic split, try it, code snippets and live traffic; the
 * Monitoring tab (`?tab=monitoring&window=`) has service metrics, drift, performance and alerts.
 */
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
  const [params, setParams] = useSearchParams();
  const tab: TabId = params.get('tab') === 'monitoring' ? 'monitoring' : 'overview';
  const window = MONITORING_WINDOWS.find((w) => w === params.get('window')) ?? '1h';
  const remember = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
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
      <Tabs label="Deployment" tabs={TABS} value={tab} onChange={(id) => remember('tab', id)}>
        {tab === 'monitoring' ? (
          <MonitoringTab
            deployment={deployment}
            window={window}
            onWindowChange={(next) => remember('window', next)}
          />
        ) : (
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
        )}
      </Tabs>
    </>
  );
}

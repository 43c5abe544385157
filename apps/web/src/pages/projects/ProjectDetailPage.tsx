import { ArrowLeft, BellRing, Boxes, Database, FlaskConical, Rocket, Webhook } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { useProject } from '../../api/projects';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RoleBadge } from '../../components/RoleBadge';
import { AppShell } from '../../components/shell/AppShell';
import { Badge } from '../../components/ui/Badge';
import { buttonClasses } from '../../components/ui/Button';
import { Skeleton } from '../../components/ui/Skeleton';
import { ProjectArchiveCard } from './ProjectArchiveCard';
import { ProjectGeneralCard } from './ProjectGeneralCard';
import { ProjectSharingCard } from './ProjectSharingCard';
import { ProjectTransferCard } from './ProjectTransferCard';

/** /projects/:projectId — the shell shows the project's own organization. */
export function ProjectDetailPage() {
  const { projectId } = useParams() as { projectId: string };
  const project = useProject(projectId);

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
            to={`/orgs/${project.data.orgId}/projects`}
            className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
          >
            <ArrowLeft aria-hidden className="size-4" /> Projects
          </Link>
          <PageHeader
            title={
              <span className="flex items-center gap-3">
                {project.data.name}
                {project.data.archivedAt && <Badge variant="amber">archived</Badge>}
              </span>
            }
            description={project.data.description || 'No description.'}
            actions={
              <>
                <RoleBadge role={project.data.role} />
                <Link to={`/projects/${projectId}/datasets`} className={buttonClasses('secondary')}>
                  <Database aria-hidden /> Datasets
                </Link>
                <Link to={`/projects/${projectId}/runs`} className={buttonClasses('secondary')}>
                  <FlaskConical aria-hidden /> Training runs
                </Link>
                <Link to={`/projects/${projectId}/models`} className={buttonClasses('secondary')}>
                  <Boxes aria-hidden /> Models
                </Link>
                <Link
                  to={`/projects/${projectId}/deployments`}
                  className={buttonClasses('secondary')}
                >
                  <Rocket aria-hidden /> Deployments
                </Link>
                <Link to={`/projects/${projectId}/alerts`} className={buttonClasses('secondary')}>
                  <BellRing aria-hidden /> Alerts
                </Link>
                <Link to={`/projects/${projectId}/webhooks`} className={buttonClasses('secondary')}>
                  <Webhook aria-hidden /> Webhooks
                </Link>
              </>
            }
          />
          <div className="flex flex-col gap-6">
            <ProjectGeneralCard project={project.data} />
            <ProjectSharingCard project={project.data} />
            {project.data.role === 'owner' && (
              <>
                {!project.data.archivedAt && <ProjectTransferCard project={project.data} />}
                <ProjectArchiveCard project={project.data} />
              </>
            )}
          </div>
        </>
      )}
    </AppShell>
  );
}

import { createBrowserRouter, Navigate, useSearchParams } from 'react-router';
import { AccountPage } from '../pages/account/AccountPage';
import { AlertsPage } from '../pages/alerts/AlertsPage';
import { ApiKeysPage } from '../pages/api-keys/ApiKeysPage';
import { AuditLogPage } from '../pages/audit/AuditLogPage';
import { UsagePage } from '../pages/usage/UsagePage';
import { DatasetPage } from '../pages/datasets/DatasetPage';
import { DeploymentPage } from '../pages/deployments/DeploymentPage';
import { ProjectDeploymentsPage } from '../pages/deployments/ProjectDeploymentsPage';
import { ModelPage } from '../pages/models/ModelPage';
import { ProjectModelsPage } from '../pages/models/ProjectModelsPage';
import { ProjectDatasetsPage } from '../pages/datasets/ProjectDatasetsPage';
import { AcceptInvitationPage } from '../pages/auth/AcceptInvitationPage';
import { LoginPage } from '../pages/auth/LoginPage';
import { RegisterPage } from '../pages/auth/RegisterPage';
import { SetupPage } from '../pages/auth/SetupPage';
import { MembersPage } from '../pages/members/MembersPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ProjectDetailPage } from '../pages/projects/ProjectDetailPage';
import { ProjectsPage } from '../pages/projects/ProjectsPage';
import { ReviewQueuePage } from '../pages/reviews/ReviewQueuePage';
import { CompareRunsPage } from '../pages/runs/CompareRunsPage';
import { NewRunPage } from '../pages/runs/NewRunPage';
import { ProjectRunsPage } from '../pages/runs/ProjectRunsPage';
import { RunPage } from '../pages/runs/RunPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { WebhooksPage } from '../pages/webhooks/WebhooksPage';
import { GuestOnly, HomeRedirect, InstanceGate, RequireSession } from './guards';
import { OrgLayout } from './OrgLayout';

export const router = createBrowserRouter([
  // Needs no account and no server compute; loaded on demand with its worker and charts.
  {
    path: '/playground',
    lazy: async () => ({
      Component: (await import('../pages/playground/PlaygroundPage')).PlaygroundPage,
    }),
  },
  {
    element: <InstanceGate />,
    children: [
      { path: '/setup', element: <SetupPage /> },
      {
        path: '/login',
        element: (
          <GuestOnly>
            <LoginPage />
          </GuestOnly>
        ),
      },
      { path: '/register', element: <RegisterRoute /> },
      {
        element: <RequireSession />,
        children: [
          { path: '/', element: <HomeRedirect /> },
          { path: '/invitations/accept', element: <AcceptInvitationPage /> },
          { path: '/account', element: <AccountPage /> },
          { path: '/projects/:projectId', element: <ProjectDetailPage /> },
          { path: '/projects/:projectId/datasets', element: <ProjectDatasetsPage /> },
          { path: '/datasets/:datasetId', element: <DatasetPage /> },
          { path: '/projects/:projectId/runs', element: <ProjectRunsPage /> },
          { path: '/projects/:projectId/runs/new', element: <NewRunPage /> },
          { path: '/projects/:projectId/runs/compare', element: <CompareRunsPage /> },
          { path: '/runs/:runId', element: <RunPage /> },
          { path: '/projects/:projectId/models', element: <ProjectModelsPage /> },
          { path: '/models/:modelId', element: <ModelPage /> },
          { path: '/projects/:projectId/deployments', element: <ProjectDeploymentsPage /> },
          { path: '/deployments/:deploymentId', element: <DeploymentPage /> },
          { path: '/projects/:projectId/alerts', element: <AlertsPage /> },
          { path: '/projects/:projectId/webhooks', element: <WebhooksPage /> },
          {
            path: '/orgs/:orgId',
            element: <OrgLayout />,
            children: [
              { index: true, element: <Navigate to="projects" replace /> },
              { path: 'projects', element: <ProjectsPage /> },
              { path: 'members', element: <MembersPage /> },
              { path: 'api-keys', element: <ApiKeysPage /> },
              { path: 'audit', element: <AuditLogPage /> },
              { path: 'usage', element: <UsagePage /> },
              { path: 'reviews', element: <ReviewQueuePage /> },
              { path: 'settings', element: <SettingsPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** A signed-in user following an invitation link accepts it instead of registering again. */
function RegisterRoute() {
  const [params] = useSearchParams();
  const token = params.get('invitation');
  return (
    <GuestOnly signedInTo={token ? `/invitations/accept?token=${encodeURIComponent(token)}` : '/'}>
      <RegisterPage />
    </GuestOnly>
  );
}

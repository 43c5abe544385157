import { Outlet, useParams } from 'react-router';
import { AppShell } from '../components/shell/AppShell';

/** /orgs/:orgId/* — the org in the URL is the current one. */
export function OrgLayout() {
  const { orgId } = useParams() as { orgId: string };
  return (
    <AppShell orgId={orgId}>
      <Outlet />
    </AppShell>
  );
}

import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useInstance, useSession } from '../api/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { Skeleton } from '../components/ui/Skeleton';

function FullPageLoading() {
  return (
    <div className="mx-auto flex max-w-md flex-col gap-3 p-12" role="status" aria-label="Loading">
      <Skeleton className="h-8 w-1/2" />
      <Skeleton className="h-4 w-full" />
      <Skeleton className="h-4 w-3/4" />
    </div>
  );
}

function FullPageError({ error }: { error: unknown }) {
  return (
    <div className="mx-auto max-w-md p-12">
      <ProblemAlert error={error} title="AI Studio could not be reached" />
    </div>
  );
}

/** Until the owner exists, every page is the setup page; afterwards the setup page is gone. */
export function InstanceGate() {
  const instance = useInstance();
  const { pathname } = useLocation();
  if (instance.isPending) return <FullPageLoading />;
  if (instance.isError) return <FullPageError error={instance.error} />;
  const onSetup = pathname === '/setup';
  if (instance.data.setupRequired && !onSetup) return <Navigate to="/setup" replace />;
  if (!instance.data.setupRequired && onSetup) return <Navigate to="/" replace />;
  return <Outlet />;
}

/** Signed-in pages: anyone else goes to the login page and comes back afterwards. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <FullPageLoading />;
  if (session.isError) return <FullPageError error={session.error} />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** Sign-in pages: a signed-in visitor goes straight on. */
export function GuestOnly({ children, signedInTo }: { children: ReactNode; signedInTo?: string }) {
  const session = useSession();
  if (session.isPending) return <FullPageLoading />;
  if (session.data) return <Navigate to={signedInTo ?? '/'} replace />;
  return children;
}

/** `/`: the signed-in user's personal organization. */
export function HomeRedirect() {
  const session = useSession();
  const orgId = session.data?.personalOrgId;
  return <Navigate to={orgId ? `/orgs/${orgId}/projects` : '/login'} replace />;
}

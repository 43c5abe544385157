import { useSession } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { AppShell } from '../../components/shell/AppShell';
import { Badge } from '../../components/ui/Badge';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { formatDate } from '../../format/dates';
import { ChangePasswordCard } from './ChangePasswordCard';

export function AccountPage() {
  const session = useSession();
  const user = session.data?.user;

  return (
    <AppShell orgId={session.data?.personalOrgId}>
      <PageHeader title="Account settings" description="Your profile and sign-in." />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid max-w-md grid-cols-[8rem_1fr] gap-y-3 text-sm">
              <dt className="text-zinc-500">Name</dt>
              <dd className="font-medium">{user?.name}</dd>
              <dt className="text-zinc-500">Email</dt>
              <dd className="font-medium">{user?.email}</dd>
              <dt className="text-zinc-500">Member since</dt>
              <dd>{formatDate(user?.createdAt)}</dd>
              {user?.isInstanceAdmin && (
                <>
                  <dt className="text-zinc-500">Access</dt>
                  <dd>
                    <Badge variant="blue">instance administrator</Badge>
                  </dd>
                </>
              )}
            </dl>
          </CardContent>
        </Card>
        <ChangePasswordCard />
      </div>
    </AppShell>
  );
}

import { useParams } from 'react-router';
import { canManageOrg } from '../../api/org-roles';
import { useOrg } from '../../api/orgs';
import { useSession } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Skeleton } from '../../components/ui/Skeleton';
import { InstanceSettingsCard } from './InstanceSettingsCard';
import { OrgSettingsCard } from './OrgSettingsCard';
import { PiiPolicyCard } from './PiiPolicyCard';

export function SettingsPage() {
  const { orgId } = useParams() as { orgId: string };
  const org = useOrg(orgId);
  const session = useSession();

  return (
    <>
      <PageHeader title="Settings" />
      <div className="flex flex-col gap-6">
        {org.isPending ? (
          <Skeleton className="h-48 w-full" />
        ) : org.isError ? (
          <ProblemAlert error={org.error} />
        ) : (
          <OrgSettingsCard
            key={org.data.id}
            org={org.data}
            canManage={canManageOrg(org.data.role)}
          />
        )}
        {org.data && <PiiPolicyCard orgId={orgId} canManage={canManageOrg(org.data.role)} />}
        {session.data?.user.isInstanceAdmin && <InstanceSettingsCard />}
      </div>
    </>
  );
}

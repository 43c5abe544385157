import { useParams } from 'react-router';
import { canManageOrg } from '../../api/org-roles';
import { useOrg } from '../../api/orgs';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Skeleton } from '../../components/ui/Skeleton';
import { InvitationsCard } from './InvitationsCard';
import { OrgMembersCard } from './OrgMembersCard';

export function MembersPage() {
  const { orgId } = useParams() as { orgId: string };
  const org = useOrg(orgId);

  if (org.isPending) return <Skeleton className="h-64 w-full" />;
  if (org.isError) return <ProblemAlert error={org.error} />;
  const canManage = canManageOrg(org.data.role);

  return (
    <>
      <PageHeader
        title="Members"
        description="Who belongs to this organization, and what they may do."
      />
      <div className="flex flex-col gap-6">
        {org.data.kind === 'personal' && (
          <Alert title="This is your personal organization">
            It has only you as a member. Create a team organization from the organization menu to
            work with others.
          </Alert>
        )}
        <OrgMembersCard org={org.data} canManage={canManage} />
        {canManage && org.data.kind === 'team' && <InvitationsCard orgId={orgId} />}
      </div>
    </>
  );
}

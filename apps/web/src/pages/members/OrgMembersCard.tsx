import type { Org, OrgMember, OrgRole } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { orgRoles } from '../../api/org-roles';
import { useOrgMembers, useRemoveOrgMember, useUpdateOrgMember } from '../../api/orgs';
import { allItems } from '../../api/pagination';
import { useSession } from '../../api/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { LoadMore } from '../../components/LoadMore';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RoleBadge } from '../../components/RoleBadge';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Select } from '../../components/ui/Select';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatDate } from '../../format/dates';
import { AddOrgMemberForm } from './AddOrgMemberForm';

export function OrgMembersCard({ org, canManage }: { org: Org; canManage: boolean }) {
  const members = useOrgMembers(org.id);
  const update = useUpdateOrgMember(org.id);
  const remove = useRemoveOrgMember(org.id);
  const me = useSession().data?.user.id;
  const [removing, setRemoving] = useState<OrgMember | null>(null);
  const editable = canManage && org.kind === 'team';
  // Only an owner may hand out or take away the owner role.
  const assignable = org.role === 'owner' ? orgRoles : orgRoles.filter((r) => r !== 'owner');

  const columns: ColumnDef<OrgMember, unknown>[] = [
    {
      header: 'Member',
      cell: ({ row: { original: m } }) => (
        <div className="flex flex-col">
          <span className="flex items-center gap-2 font-medium">
            {m.name} {m.userId === me && <Badge>you</Badge>}
          </span>
          <span className="text-xs text-zinc-500">{m.email}</span>
        </div>
      ),
    },
    {
      header: 'Role',
      cell: ({ row: { original: m } }) =>
        editable && m.userId !== me && (org.role === 'owner' || m.role !== 'owner') ? (
          <Select
            aria-label={`Role of ${m.name}`}
            className="w-32"
            value={m.role}
            disabled={update.isPending}
            onChange={(e) => update.mutate({ userId: m.userId, role: e.target.value as OrgRole })}
          >
            {assignable.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </Select>
        ) : (
          <RoleBadge role={m.role} />
        ),
    },
    {
      header: 'Joined',
      cell: ({ row }) => <span className="text-zinc-600">{formatDate(row.original.joinedAt)}</span>,
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'text-right' },
      cell: ({ row: { original: m } }) =>
        editable && m.userId !== me && (org.role === 'owner' || m.role !== 'owner') ? (
          <Button variant="ghost" size="sm" onClick={() => setRemoving(m)}>
            Remove
          </Button>
        ) : null,
    },
  ];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Members</CardTitle>
        <CardDescription>People in {org.name} and their roles.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 px-0 pb-0">
        {update.error ? (
          <div className="px-6">
            <ProblemAlert error={update.error} />
          </div>
        ) : null}
        {members.isPending ? (
          <TableSkeleton rows={3} />
        ) : members.isError ? (
          <div className="px-6 pb-5">
            <ProblemAlert error={members.error} />
          </div>
        ) : (
          <>
            <DataTable
              label="Organization members"
              columns={columns}
              data={allItems(members.data)}
              getRowId={(m) => m.userId}
            />
            <LoadMore {...members} />
          </>
        )}
        {editable && <AddOrgMemberForm orgId={org.id} assignable={assignable} />}
      </CardContent>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        mutation={remove}
        variables={removing?.userId ?? ''}
        title="Remove member"
        confirmLabel="Remove member"
      >
        <p>
          {removing?.name} loses access to {org.name} and its projects.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

import type { CreatedInvitation, Invitation } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { MailPlus } from 'lucide-react';
import { useState } from 'react';
import { useInvitations, useRevokeInvitation } from '../../api/invitations';
import { allItems } from '../../api/pagination';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopySecretDialog } from '../../components/CopySecretDialog';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RoleBadge } from '../../components/RoleBadge';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../format/dates';
import { CreateInvitationDialog } from './CreateInvitationDialog';

export function InvitationsCard({ orgId }: { orgId: string }) {
  const invitations = useInvitations(orgId);
  const revoke = useRevokeInvitation(orgId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const items = allItems(invitations.data);

  const columns: ColumnDef<Invitation, unknown>[] = [
    {
      header: 'For',
      cell: ({ row }) =>
        row.original.email ?? <span className="text-zinc-500">Anyone with the link</span>,
    },
    { header: 'Role', cell: ({ row }) => <RoleBadge role={row.original.role} /> },
    {
      header: 'Expires',
      cell: ({ row }) => (
        <span className="text-zinc-600">{formatDateTime(row.original.expiresAt)}</span>
      ),
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'text-right' },
      cell: ({ row }) => (
        <Button variant="ghost" size="sm" onClick={() => setRevoking(row.original)}>
          Revoke
        </Button>
      ),
    },
  ];

  const inviteButton = (
    <Button variant="secondary" onClick={() => setCreating(true)}>
      <MailPlus aria-hidden />
      Invite
    </Button>
  );

  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between">
        <div className="flex flex-col gap-1">
          <CardTitle>Pending invitations</CardTitle>
          <CardDescription>
            Links that let someone register and join this organization.
          </CardDescription>
        </div>
        {inviteButton}
      </CardHeader>
      <CardContent className="px-0 pb-0">
        {invitations.isPending ? (
          <TableSkeleton rows={2} />
        ) : invitations.isError ? (
          <div className="px-6 pb-5">
            <ProblemAlert error={invitations.error} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState icon={MailPlus} title="No pending invitations" />
        ) : (
          <>
            <DataTable
              label="Pending invitations"
              columns={columns}
              data={items}
              getRowId={(i) => i.id}
            />
            <LoadMore {...invitations} />
          </>
        )}
      </CardContent>
      <CreateInvitationDialog
        orgId={orgId}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(invitation) => {
          setCreating(false);
          setCreated(invitation);
        }}
      />
      <CopySecretDialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title="Invitation created"
        label="Invitation link"
        secret={created?.url ?? ''}
        warning="This link is shown only once. Send it to the person you invite; anyone with it can join until it expires."
      />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        mutation={revoke}
        variables={revoking?.id ?? ''}
        title="Revoke invitation"
        confirmLabel="Revoke"
      >
        <p>The link stops working immediately.</p>
      </ConfirmDialog>
    </Card>
  );
}

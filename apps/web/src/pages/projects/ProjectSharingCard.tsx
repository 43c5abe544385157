import type { Project, ProjectMember } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { useId, useState, type FormEvent } from 'react';
import { useOrgMembers } from '../../api/orgs';
import { allItems } from '../../api/pagination';
import {
  useAddProjectMember,
  useProjectMembers,
  useRemoveProjectMember,
  useUpdateProjectMember,
} from '../../api/project-members';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
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
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { TableSkeleton } from '../../components/ui/Skeleton';

type SharedRole = 'editor' | 'viewer';

export function ProjectSharingCard({ project }: { project: Project }) {
  const members = useProjectMembers(project.id);
  const update = useUpdateProjectMember(project.id);
  const remove = useRemoveProjectMember(project.id);
  const [removing, setRemoving] = useState<ProjectMember | null>(null);
  const canManage = project.role === 'owner' && !project.archivedAt;
  const items = allItems(members.data);

  const columns: ColumnDef<ProjectMember, unknown>[] = [
    {
      header: 'Member',
      cell: ({ row: { original: m } }) => (
        <div className="flex flex-col">
          <span className="font-medium">{m.name}</span>
          <span className="text-xs text-zinc-500">{m.email}</span>
        </div>
      ),
    },
    {
      header: 'Role',
      cell: ({ row: { original: m } }) =>
        canManage && m.role !== 'owner' ? (
          <Select
            aria-label={`Role of ${m.name}`}
            className="w-32"
            value={m.role}
            disabled={update.isPending}
            onChange={(e) =>
              update.mutate({ userId: m.userId, role: e.target.value as SharedRole })
            }
          >
            <option value="editor">editor</option>
            <option value="viewer">viewer</option>
          </Select>
        ) : (
          <RoleBadge role={m.role} />
        ),
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'text-right' },
      cell: ({ row: { original: m } }) =>
        canManage && m.role !== 'owner' ? (
          <Button variant="ghost" size="sm" onClick={() => setRemoving(m)}>
            Remove
          </Button>
        ) : null,
    },
  ];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Sharing</CardTitle>
        <CardDescription>Organization members with access to this project.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 px-0 pb-0">
        <div className="px-6">
          <ProblemAlert error={update.error} />
        </div>
        {members.isPending ? (
          <TableSkeleton rows={2} />
        ) : members.isError ? (
          <div className="px-6 pb-5">
            <ProblemAlert error={members.error} />
          </div>
        ) : (
          <>
            <DataTable
              label="Project members"
              columns={columns}
              data={items}
              getRowId={(m) => m.userId}
            />
            <LoadMore {...members} />
          </>
        )}
        {canManage && <AddProjectMemberForm project={project} existing={items} />}
      </CardContent>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        mutation={remove}
        variables={removing?.userId ?? ''}
        title="Remove from project"
        confirmLabel="Remove"
      >
        <p>
          {removing?.name} will lose access to <strong>{project.name}</strong>.
        </p>
      </ConfirmDialog>
    </Card>
  );
}

function AddProjectMemberForm({
  project,
  existing,
}: {
  project: Project;
  existing: ProjectMember[];
}) {
  const orgMembers = useOrgMembers(project.orgId);
  const add = useAddProjectMember(project.id);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<SharedRole>('viewer');
  const memberId = useId();
  const roleId = useId();
  const candidates = allItems(orgMembers.data).filter(
    (m) => !existing.some((e) => e.userId === m.userId),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ userId, role }, { onSuccess: () => setUserId('') });
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 border-t border-zinc-100 bg-zinc-50/60 px-6 py-4"
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-56 flex-1 flex-col gap-1.5">
          <Label htmlFor={memberId}>Add organization member</Label>
          <Select
            id={memberId}
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            disabled={candidates.length === 0}
          >
            <option value="">
              {candidates.length === 0 ? 'Everyone already has access' : 'Choose a member…'}
            </option>
            {candidates.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({m.email})
              </option>
            ))}
          </Select>
        </div>
        <div className="flex w-36 flex-col gap-1.5">
          <Label htmlFor={roleId}>Project role</Label>
          <Select id={roleId} value={role} onChange={(e) => setRole(e.target.value as SharedRole)}>
            <option value="viewer">viewer</option>
            <option value="editor">editor</option>
          </Select>
        </div>
        <Button type="submit" variant="secondary" disabled={!userId || add.isPending}>
          {add.isPending ? 'Adding…' : 'Add'}
        </Button>
      </div>
      <ProblemAlert error={add.error} />
    </form>
  );
}

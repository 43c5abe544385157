import type { ApiKey, CreatedApiKey } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useApiKeys, useRevokeApiKey } from '../../api/api-keys';
import { allItems } from '../../api/pagination';
import { useProjects } from '../../api/projects';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopySecretDialog } from '../../components/CopySecretDialog';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatDate, formatDateTime } from '../../format/dates';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

export function ApiKeysPage() {
  const { orgId } = useParams() as { orgId: string };
  const keys = useApiKeys(orgId);
  const projects = useProjects(orgId, 'include');
  const revoke = useRevokeApiKey(orgId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const items = allItems(keys.data);
  const projectName = (id: string) =>
    allItems(projects.data).find((p) => p.id === id)?.name ?? 'One project';

  const columns: ColumnDef<ApiKey, unknown>[] = [
    {
      header: 'Name',
      cell: ({ row: { original: key } }) => (
        <div className="flex flex-col">
          <span className="font-medium">{key.name}</span>
          <span className="font-mono text-xs text-zinc-500">{key.prefix}…</span>
        </div>
      ),
    },
    {
      header: 'Scopes',
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.scopes.map((scope) => (
            <Badge
              key={scope}
              variant={scope === 'admin' ? 'red' : 'default'}
              className="font-mono"
            >
              {scope}
            </Badge>
          ))}
        </div>
      ),
    },
    {
      header: 'Project',
      cell: ({ row }) =>
        row.original.projectId ? (
          projectName(row.original.projectId)
        ) : (
          <span className="text-zinc-500">All projects</span>
        ),
    },
    {
      header: 'Expires',
      cell: ({ row: { original: key } }) =>
        key.expiresAt && new Date(key.expiresAt) < new Date() ? (
          <Badge variant="red">expired</Badge>
        ) : (
          <span className="text-zinc-600">
            {key.expiresAt ? formatDate(key.expiresAt) : 'Never'}
          </span>
        ),
    },
    {
      header: 'Last used',
      cell: ({ row }) => (
        <span className="text-zinc-600">
          {row.original.lastUsedAt ? formatDateTime(row.original.lastUsedAt) : 'Never'}
        </span>
      ),
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { className: 'text-right' },
      cell: ({ row }) => (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => setRevoking(row.original)}
          aria-label={`Revoke ${row.original.name}`}
        >
          Revoke
        </Button>
      ),
    },
  ];

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Plus aria-hidden />
      New API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description="Authenticate the SDK, the CLI and scripts against this organization."
        actions={createButton}
      />
      <Card>
        {keys.isPending ? (
          <TableSkeleton />
        ) : keys.isError ? (
          <div className="p-4">
            <ProblemAlert error={keys.error} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API keys" action={createButton}>
            Create a key to call the API from code. Its secret is shown once.
          </EmptyState>
        ) : (
          <>
            <DataTable label="API keys" columns={columns} data={items} getRowId={(k) => k.id} />
            <LoadMore {...keys} />
          </>
        )}
      </Card>
      <CreateApiKeyDialog
        orgId={orgId}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
        }}
      />
      <CopySecretDialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title={`API key “${created?.name ?? ''}” created`}
        label="API key secret"
        secret={created?.secret ?? ''}
        warning="This secret will not be shown again. Store it somewhere safe, such as a secrets manager."
      />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        mutation={revoke}
        variables={revoking?.id ?? ''}
        title="Revoke API key"
        confirmLabel="Revoke key"
      >
        <p>
          Anything using <strong>{revoking?.name}</strong> stops working immediately. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

import type { AuditEvent } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { ScrollText } from 'lucide-react';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useAuditEvents, type AuditFilters } from '../../api/audit';
import { allItems } from '../../api/pagination';
import { problemStatus } from '../../api/problems';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Card, CardContent } from '../../components/ui/Card';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../format/dates';
import { AuditFiltersForm } from './AuditFiltersForm';

const actorLabels = { user: 'user', api_key: 'API key', system: 'system' } as const;

const columns: ColumnDef<AuditEvent, unknown>[] = [
  {
    header: 'Time',
    cell: ({ row }) => (
      <time dateTime={row.original.createdAt} className="whitespace-nowrap text-zinc-600">
        {formatDateTime(row.original.createdAt)}
      </time>
    ),
  },
  {
    header: 'Actor',
    cell: ({ row: { original: e } }) => (
      <div className="flex flex-col">
        <span className="font-medium">{e.actorName ?? 'Unknown'}</span>
        <span className="text-xs text-zinc-500">{actorLabels[e.actorType]}</span>
      </div>
    ),
  },
  {
    header: 'Action',
    cell: ({ row }) => <Badge className="font-mono">{row.original.action}</Badge>,
  },
  {
    header: 'Summary',
    cell: ({ row }) => <span className="text-zinc-700">{row.original.summary}</span>,
  },
  {
    header: 'Source',
    cell: ({ row: { original: e } }) => (
      <span className="font-mono text-xs text-zinc-500" title={e.userAgent ?? undefined}>
        {e.ip ?? '—'}
      </span>
    ),
  },
];

export function AuditLogPage() {
  const { orgId } = useParams() as { orgId: string };
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useAuditEvents(orgId, filters);
  const items = allItems(events.data);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in this organization: who, what and when."
      />
      {events.isError && problemStatus(events.error) === 403 ? (
        <Alert variant="warning" title="Only owners and admins can see the audit log">
          Ask an organization owner or admin if you need a record of changes.
        </Alert>
      ) : (
        <div className="flex flex-col gap-4">
          <Card>
            <CardContent className="pt-5">
              <AuditFiltersForm onApply={setFilters} />
            </CardContent>
          </Card>
          <Card>
            {events.isPending ? (
              <TableSkeleton rows={6} />
            ) : events.isError ? (
              <div className="p-4">
                <ProblemAlert error={events.error} />
              </div>
            ) : items.length === 0 ? (
              <EmptyState icon={ScrollText} title="No events match">
                Change the filters or widen the time range.
              </EmptyState>
            ) : (
              <>
                <DataTable
                  label="Audit events"
                  columns={columns}
                  data={items}
                  getRowId={(e) => e.id}
                />
                <LoadMore {...events} />
              </>
            )}
          </Card>
        </div>
      )}
    </>
  );
}

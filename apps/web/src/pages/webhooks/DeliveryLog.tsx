import type { WebhookDelivery } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { allItems } from '../../api/pagination';
import { DataTable } from '../../components/DataTable';
import { LoadMore } from '../../components/LoadMore';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { formatDateTime } from '../../format/dates';
import { useResendDelivery, useWebhookDeliveries } from './webhooks-queries';
import { DELIVERY_VARIANT, lastAnswer } from './webhook-view';

/** A webhook's deliveries, newest first: status, attempts, the last answer, and Resend. */
export function DeliveryLog(props: { projectId: string; webhookId: string }) {
  const deliveries = useWebhookDeliveries(props.webhookId);
  const resend = useResendDelivery(props.projectId);
  const items = allItems(deliveries.data);
  const columns: ColumnDef<WebhookDelivery, unknown>[] = [
    {
      header: 'Event',
      cell: ({ row }) => <code className="text-xs">{row.original.eventType}</code>,
    },
    {
      header: 'Status',
      cell: ({ row }) => (
        <Badge variant={DELIVERY_VARIANT[row.original.status]} data-testid="delivery-status">
          {row.original.status}
        </Badge>
      ),
    },
    {
      header: 'Attempts',
      meta: { className: 'text-right' },
      cell: ({ row }) => <span className="tabular-nums">{row.original.attempts.length}</span>,
    },
    {
      header: 'Response',
      cell: ({ row }) => {
        const { answer, excerpt } = lastAnswer(row.original);
        return (
          <div className="flex max-w-xs flex-col">
            <span className="text-xs font-medium">{answer}</span>
            {excerpt && (
              <code className="truncate text-xs text-zinc-500" title={excerpt}>
                {excerpt}
              </code>
            )}
          </div>
        );
      },
    },
    { header: 'Time', cell: ({ row }) => formatDateTime(row.original.updatedAt) },
    {
      header: '',
      id: 'actions',
      meta: { className: 'text-right' },
      cell: ({ row }) => (
        <Button
          variant="ghost"
          size="sm"
          disabled={resend.isPending}
          onClick={() => resend.mutate({ webhookId: props.webhookId, deliveryId: row.original.id })}
        >
          Resend
        </Button>
      ),
    },
  ];
  return (
    <div className="flex flex-col gap-2">
      <ProblemAlert error={deliveries.error ?? resend.error} />
      {deliveries.isSuccess && items.length === 0 && (
        <p className="text-sm text-zinc-500">No deliveries yet. Send a test to see one.</p>
      )}
      {items.length > 0 && (
        <DataTable columns={columns} data={items} getRowId={(d) => d.id} label="Deliveries" />
      )}
      <LoadMore
        hasNextPage={deliveries.hasNextPage}
        isFetchingNextPage={deliveries.isFetchingNextPage}
        fetchNextPage={deliveries.fetchNextPage}
      />
    </div>
  );
}

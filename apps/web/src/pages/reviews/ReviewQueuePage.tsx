import type { Review } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { ShieldCheck } from 'lucide-react';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { canManageOrg } from '../../api/org-roles';
import { useOrg } from '../../api/orgs';
import { allItems } from '../../api/pagination';
import { useReviews, type ReviewDecision, type ReviewStatus } from '../../api/reviews';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { Skeleton, TableSkeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../format/dates';
import { DecideReviewDialog } from './DecideReviewDialog';
import { ReviewPreview } from './ReviewPreview';

type Deciding = { review: Review; decision: ReviewDecision } | null;

function reviewColumns(
  onDecide: (deciding: Deciding) => void,
  onPreview: (review: Review) => void,
): ColumnDef<Review, unknown>[] {
  return [
    {
      header: 'Dataset',
      cell: ({ row: { original: review } }) => (
        <Link
          to={`/datasets/${review.datasetId}?version=${review.datasetVersionId}&tab=versions`}
          className="font-medium text-zinc-900 hover:underline"
        >
          {review.datasetName} v{review.versionNumber}
        </Link>
      ),
    },
    {
      header: 'Licence',
      cell: ({ row }) => <span className="font-mono text-xs">{row.original.license}</span>,
    },
    {
      header: 'Why',
      cell: ({ row }) => (
        <span className="line-clamp-3 max-w-md text-zinc-600">{row.original.reason}</span>
      ),
    },
    {
      header: 'Uploaded',
      cell: ({ row }) => (
        <span className="text-zinc-600">{formatDateTime(row.original.createdAt)}</span>
      ),
    },
    {
      header: 'Decision',
      cell: ({ row: { original: review } }) =>
        review.status === 'pending' ? (
          <span className="flex justify-end gap-2">
            <Button
              size="sm"
              variant="secondary"
              aria-label={`Preview ${review.datasetName} v${review.versionNumber}`}
              onClick={() => onPreview(review)}
            >
              Preview
            </Button>
            <Button
              size="sm"
              aria-label={`Approve ${review.datasetName} v${review.versionNumber}`}
              onClick={() => onDecide({ review, decision: 'approve' })}
            >
              Approve
            </Button>
            <Button
              size="sm"
              variant="destructive"
              aria-label={`Reject ${review.datasetName} v${review.versionNumber}`}
              onClick={() => onDecide({ review, decision: 'reject' })}
            >
              Reject
            </Button>
          </span>
        ) : (
          <span className="flex flex-col items-end gap-0.5">
            <Badge variant={review.status === 'approved' ? 'green' : 'red'}>{review.status}</Badge>
            <span className="text-xs text-zinc-500">{review.decisionReason}</span>
          </span>
        ),
      meta: { className: 'text-right' },
    },
  ];
}

/** /orgs/:orgId/reviews — dataset versions waiting for an owner or admin to decide. */
export function ReviewQueuePage() {
  const { orgId } = useParams() as { orgId: string };
  const org = useOrg(orgId);
  if (org.isPending) return <Skeleton className="h-64 w-full" />;
  if (org.isError) return <ProblemAlert error={org.error} />;
  return (
    <>
      <PageHeader
        title="Reviews"
        description="Datasets whose licence or personal data needs a decision before use."
      />
      {canManageOrg(org.data.role) ? (
        <ReviewQueue orgId={orgId} />
      ) : (
        <Alert title="Only owners and admins review datasets">
          Your uploads that need a review show its outcome on their dataset page.
        </Alert>
      )}
    </>
  );
}

function ReviewQueue({ orgId }: { orgId: string }) {
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [deciding, setDeciding] = useState<Deciding>(null);
  const [previewing, setPreviewing] = useState<Review | null>(null);
  const reviews = useReviews(orgId, status);
  const filterId = useId();
  const items = allItems(reviews.data);
  return (
    <>
      <div className="mb-3 flex items-center justify-end gap-2">
        <Label htmlFor={filterId} className="text-zinc-600">
          Show
        </Label>
        <Select
          id={filterId}
          className="w-40"
          value={status}
          onChange={(event) => setStatus(event.target.value as ReviewStatus)}
        >
          <option value="pending">Pending</option>
          <option value="approved">Approved</option>
          <option value="rejected">Rejected</option>
        </Select>
      </div>
      <Card>
        {reviews.isPending ? (
          <TableSkeleton />
        ) : reviews.isError ? (
          <div className="p-4">
            <ProblemAlert error={reviews.error} />
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon={ShieldCheck}
            title={status === 'pending' ? 'Nothing to review' : `No ${status} reviews`}
          >
            Uploads under a review-tier licence, or with personal data the policy sends to review,
            appear here.
          </EmptyState>
        ) : (
          <>
            <DataTable
              label="Reviews"
              columns={reviewColumns(setDeciding, setPreviewing)}
              data={items}
              getRowId={(review) => review.id}
            />
            <LoadMore {...reviews} />
          </>
        )}
      </Card>
      {previewing && <ReviewPreview key={previewing.id} review={previewing} />}
      <DecideReviewDialog orgId={orgId} deciding={deciding} onClose={() => setDeciding(null)} />
    </>
  );
}

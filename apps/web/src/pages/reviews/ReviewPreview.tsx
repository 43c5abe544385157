import type { Review } from '@aistudio/contracts';
import { useDatasetVersion } from '../../api/datasets';
import { useReviewPreview } from '../../api/governance';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { Skeleton } from '../../components/ui/Skeleton';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatCount } from '../../format/numbers';
import { cellText } from '../datasets/cell-value';
import { GovernanceReportCard } from '../datasets/GovernanceReportCard';

/** What a reviewer looks at before deciding: rows, schema, PII report and licence evidence. */
export function ReviewPreview({ review }: { review: Review }) {
  const rows = useReviewPreview(review.id);
  const version = useDatasetVersion(review.datasetVersionId);
  return (
    <div className="mt-4 flex flex-col gap-4" aria-label={`Preview of ${review.datasetName}`}>
      <Card>
        <CardHeader>
          <CardTitle>
            {review.datasetName} v{review.versionNumber}: first rows
            {rows.data && ` of ${formatCount(rows.data.totalRows)}`}
          </CardTitle>
        </CardHeader>
        <CardContent>
          {rows.isPending ? (
            <Skeleton className="h-40 w-full" />
          ) : rows.isError ? (
            <ProblemAlert error={rows.error} />
          ) : (
            <div className="max-h-96 overflow-auto">
              <Table aria-label="Rows under review">
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    {rows.data.columns.map((column) => (
                      <TableHead key={column.name} className="normal-case">
                        {column.name}{' '}
                        <span className="font-normal text-zinc-400 lowercase">{column.type}</span>
                      </TableHead>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.data.rows.map((row, r) => (
                    <TableRow key={r}>
                      {row.map((value, c) => (
                        <TableCell key={c} className="py-1.5">
                          {cellText(value)}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </CardContent>
      </Card>
      {version.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : version.isError ? (
        <ProblemAlert error={version.error} />
      ) : (
        <GovernanceReportCard version={version.data} />
      )}
    </div>
  );
}

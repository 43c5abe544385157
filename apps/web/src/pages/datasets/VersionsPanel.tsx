import type { DatasetVersion } from '@aistudio/contracts';
import { useDatasetVersions } from '../../api/datasets';
import { allItems } from '../../api/pagination';
import { LoadMore } from '../../components/LoadMore';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { TableSkeleton } from '../../components/ui/Skeleton';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatDateTime } from '../../format/dates';
import { formatBytes, formatCount } from '../../format/numbers';
import { GovernanceReportCard } from './GovernanceReportCard';
import { VersionDiffCard } from './VersionDiffCard';
import { LicenseTierBadge, VersionStatusBadge } from './VersionStatusBadge';

interface VersionsPanelProps {
  datasetId: string;
  selected: DatasetVersion;
  onSelect: (versionId: string) => void;
}

/** Every version, newest first; a comparison of two, and the selected one's governance report. */
export function VersionsPanel({ datasetId, selected, onSelect }: VersionsPanelProps) {
  const versions = useDatasetVersions(datasetId);
  const items = allItems(versions.data);
  const ready = items.filter((version) => version.status === 'ready');
  return (
    <div className="flex flex-col gap-4">
      <Card>
        {versions.isPending ? (
          <TableSkeleton />
        ) : versions.isError ? (
          <div className="p-4">
            <ProblemAlert error={versions.error} />
          </div>
        ) : (
          <>
            <Table aria-label="Versions">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Version</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Licence</TableHead>
                  <TableHead>File</TableHead>
                  <TableHead className="text-right">Rows</TableHead>
                  <TableHead>Review</TableHead>
                  <TableHead className="text-right">Uploaded</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((version) => (
                  <TableRow
                    key={version.id}
                    aria-current={version.id === selected.id ? 'true' : undefined}
                    className={version.id === selected.id ? 'bg-zinc-50' : undefined}
                  >
                    <TableCell>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-label={`Show version ${version.number}`}
                        onClick={() => onSelect(version.id)}
                      >
                        v{version.number}
                      </Button>
                    </TableCell>
                    <TableCell>
                      <VersionStatusBadge status={version.status} />
                    </TableCell>
                    <TableCell>
                      <span className="flex items-center gap-1.5">
                        <span className="font-mono text-xs">{version.license}</span>
                        <LicenseTierBadge tier={version.licenseTier} />
                      </span>
                    </TableCell>
                    <TableCell className="text-xs text-zinc-600">
                      {version.source === 'upload'
                        ? `${version.fileName ?? '—'} (${formatBytes(version.sizeBytes)})`
                        : `from ${version.source}`}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {formatCount(version.rowCount)}
                    </TableCell>
                    <TableCell className="text-xs text-zinc-600">
                      {version.review
                        ? `${version.review.status}${version.review.decisionReason ? `: ${version.review.decisionReason}` : ''}`
                        : '—'}
                    </TableCell>
                    <TableCell className="text-right text-zinc-600">
                      {formatDateTime(version.createdAt)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore {...versions} />
          </>
        )}
      </Card>
      {ready.length >= 2 && (
        <VersionDiffCard datasetId={datasetId} versions={ready} selected={selected} />
      )}
      <GovernanceReportCard version={selected} />
    </div>
  );
}

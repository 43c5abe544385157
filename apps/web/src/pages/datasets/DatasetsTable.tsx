import type { Dataset } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../format/dates';
import { formatCount } from '../../format/numbers';
import { VersionStatusBadge } from './VersionStatusBadge';

const columns: ColumnDef<Dataset, unknown>[] = [
  {
    header: 'Name',
    cell: ({ row: { original: dataset } }) => (
      <div className="flex flex-col">
        <Link
          to={`/datasets/${dataset.id}`}
          className="font-medium text-zinc-900 hover:underline focus-visible:rounded-sm focus-visible:ring-2 focus-visible:ring-zinc-950 focus-visible:outline-none"
        >
          {dataset.name}
        </Link>
        {dataset.description && (
          <span className="line-clamp-1 max-w-md text-xs text-zinc-500">{dataset.description}</span>
        )}
      </div>
    ),
  },
  { header: 'Versions', cell: ({ row }) => row.original.versionCount },
  {
    header: 'Status',
    cell: ({ row }) =>
      row.original.latestVersion ? (
        <VersionStatusBadge status={row.original.latestVersion.status} />
      ) : (
        '—'
      ),
  },
  {
    header: 'Rows',
    cell: ({ row }) => formatCount(row.original.latestVersion?.rowCount),
    meta: { className: 'text-right tabular-nums' },
  },
  {
    header: 'Licence',
    cell: ({ row }) => (
      <span className="font-mono text-xs">{row.original.latestVersion?.license ?? '—'}</span>
    ),
  },
  {
    header: 'Updated',
    cell: ({ row }) => (
      <span className="text-zinc-600">{formatDateTime(row.original.updatedAt)}</span>
    ),
    meta: { className: 'text-right' },
  },
];

export function DatasetsTable({ datasets }: { datasets: Dataset[] }) {
  return <DataTable label="Datasets" columns={columns} data={datasets} getRowId={(d) => d.id} />;
}

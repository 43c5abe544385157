import type { ModelVersion } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { Badge, type BadgeVariant } from '../../components/ui/Badge';
import { formatDateTime } from '../../format/dates';
import { formatStat } from '../../format/numbers';

const statusVariants: Record<ModelVersion['status'], BadgeVariant> = {
  pending: 'blue',
  ready: 'green',
  failed: 'red',
};

export function ModelVersionStatusBadge({ status }: { status: ModelVersion['status'] }) {
  return <Badge variant={statusVariants[status]}>{status}</Badge>;
}

/** The headline metrics of a version: accuracy-like for classifiers, errors for regressors. */
function keyMetrics(version: ModelVersion): [string, number][] {
  const preferred = ['accuracy', 'f1', 'auc', 'rmse', 'mae', 'r2'];
  return preferred
    .filter((name) => version.metrics[name] !== undefined)
    .slice(0, 2)
    .map((name) => [name, version.metrics[name]!]);
}

/** A version's licence and what it restricts, e.g. "CC-BY-NC-4.0 · non-commercial". */
export function LicenseBadges({ version }: { version: ModelVersion }) {
  const { license, licenseOverride } = version;
  return (
    <span className="flex flex-wrap gap-1">
      <Badge
        variant={license.tier === 'allowed' ? 'green' : license.tier === 'review' ? 'amber' : 'red'}
      >
        {license.spdx}
      </Badge>
      {!license.allowsCommercialUse && <Badge variant="amber">non-commercial</Badge>}
      {license.researchOnly && <Badge variant="amber">research only</Badge>}
      {licenseOverride && (
        <Badge variant="blue" title={`${licenseOverride.byName}: ${licenseOverride.reason}`}>
          overridden
        </Badge>
      )}
    </span>
  );
}

export function VersionsTable({ versions }: { versions: ModelVersion[] }) {
  const columns: ColumnDef<ModelVersion, unknown>[] = [
    {
      header: 'Version',
      cell: ({ row }) => (
        <span className="flex flex-wrap items-center gap-1.5">
          <Link
            to={`?tab=card&version=${row.original.version}`}
            className="font-medium hover:underline"
          >
            v{row.original.version}
          </Link>
          {row.original.aliases.map((alias) => (
            <Badge key={alias} variant="dark">
              {alias}
            </Badge>
          ))}
        </span>
      ),
    },
    {
      header: 'Status',
      cell: ({ row }) => (
        <span title={row.original.error ?? undefined}>
          <ModelVersionStatusBadge status={row.original.status} />
        </span>
      ),
    },
    {
      header: 'Source',
      cell: ({ row }) =>
        row.original.source === 'onnx' ? (
          'ONNX upload'
        ) : row.original.runId ? (
          <Link to={`/runs/${row.original.runId}`} className="hover:underline">
            run · {row.original.algorithm}
          </Link>
        ) : (
          'deleted run'
        ),
    },
    {
      header: 'Metrics',
      cell: ({ row }) => (
        <span className="tabular-nums">
          {keyMetrics(row.original)
            .map(([name, value]) => `${name} ${formatStat(value)}`)
            .join(' · ') || '—'}
        </span>
      ),
    },
    { header: 'Licence', cell: ({ row }) => <LicenseBadges version={row.original} /> },
    {
      header: 'Tags',
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-1">
          {Object.entries(row.original.tags).map(([key, value]) => (
            <Badge key={key}>
              {key}={value}
            </Badge>
          ))}
        </span>
      ),
    },
    { header: 'Registered', cell: ({ row }) => formatDateTime(row.original.createdAt) },
  ];
  return <DataTable columns={columns} data={versions} getRowId={(v) => v.id} label="Versions" />;
}

import type { ModelVersion, RegisteredModel } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import { useExportModelVersion } from '../../api/models';
import { DataTable } from '../../components/DataTable';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Badge, type BadgeVariant } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { formatDateTime } from '../../format/dates';
import { formatStat } from '../../format/numbers';
import { ExportMenu, saveFile } from './ExportMenu';
import { LicenseOverrideDialog } from './LicenseOverrideDialog';
import { LicenseRestrictedAlert } from './LicenseRestrictedAlert';
import { licenseRefusal, needsLicenseOverride } from './license-restriction';

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

/** A version's licence and what it restricts, e.g. "CC-BY-NC-4.0 · non-commercial", and any override. */
export function LicenseBadges({ version }: { version: ModelVersion }) {
  const { license, licenseOverride } = version;
  return (
    <span className="flex flex-col gap-1">
      <span className="flex flex-wrap gap-1">
        <Badge
          variant={
            license.tier === 'allowed' ? 'green' : license.tier === 'review' ? 'amber' : 'red'
          }
        >
          {license.spdx}
        </Badge>
        {!license.allowsCommercialUse && <Badge variant="amber">non-commercial</Badge>}
        {license.researchOnly && <Badge variant="amber">research only</Badge>}
        {!license.allowsDerivatives && <Badge variant="amber">no derivatives</Badge>}
        {licenseOverride && <Badge variant="blue">overridden</Badge>}
      </span>
      {licenseOverride && (
        <span className="max-w-xs text-xs text-zinc-600" title={formatDateTime(licenseOverride.at)}>
          by {licenseOverride.byName}: “{licenseOverride.reason}”
        </span>
      )}
    </span>
  );
}

interface VersionsTableProps {
  model: RegisteredModel;
  versions: ModelVersion[];
  /** Org admins may override a licence that forbids deployment and export. */
  canOverrideLicense: boolean;
}

export function VersionsTable({ model, versions, canOverrideLicense }: VersionsTableProps) {
  const [overriding, setOverriding] = useState<ModelVersion | null>(null);
  const exporter = useExportModelVersion(model.id);
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
    {
      header: 'Licence',
      cell: ({ row }) => (
        <span className="flex flex-col items-start gap-1">
          <LicenseBadges version={row.original} />
          {canOverrideLicense && needsLicenseOverride(row.original) && (
            <Button size="sm" variant="secondary" onClick={() => setOverriding(row.original)}>
              Override licence…
            </Button>
          )}
        </span>
      ),
    },
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
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <ExportMenu
          version={row.original}
          onExport={(format) =>
            exporter.mutate(
              { version: row.original.version, format },
              { onSuccess: ({ blob, fileName }) => saveFile(blob, fileName) },
            )
          }
        />
      ),
    },
  ];
  return (
    <div className="flex flex-col gap-3">
      {licenseRefusal(exporter.error) ? (
        <LicenseRestrictedAlert
          error={exporter.error}
          projectId={model.projectId}
          models={[model]}
        />
      ) : (
        <ProblemAlert error={exporter.error} title="The export failed" />
      )}
      <DataTable columns={columns} data={versions} getRowId={(v) => v.id} label="Versions" />
      <LicenseOverrideDialog
        modelName={model.name}
        version={overriding}
        onClose={() => setOverriding(null)}
      />
    </div>
  );
}

import type { OrgUsage } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { Gauge } from 'lucide-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { problemStatus } from '../../api/problems';
import { useOrgUsage } from '../../api/usage';
import { DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Alert } from '../../components/ui/Alert';
import { Card, CardContent } from '../../components/ui/Card';
import { TableSkeleton } from '../../components/ui/Skeleton';
import { formatSeconds } from '../../format/durations';
import { formatCount } from '../../format/numbers';

type ProjectUsage = OrgUsage['projects'][number];

const WINDOWS = [7, 30, 90] as const;

const columns: ColumnDef<ProjectUsage, unknown>[] = [
  {
    header: 'Project',
    cell: ({ row: { original: p } }) => (
      <Link to={`/projects/${p.projectId}`} className="font-medium hover:underline">
        {p.name || p.projectId}
      </Link>
    ),
  },
  { header: 'Compute', cell: ({ row }) => formatSeconds(row.original.computeSeconds) },
  { header: 'Training', cell: ({ row }) => formatSeconds(row.original.trainingSeconds) },
  { header: 'Other jobs', cell: ({ row }) => formatSeconds(row.original.jobSeconds) },
  { header: 'Runs', cell: ({ row }) => formatCount(row.original.runs) },
  { header: 'Jobs', cell: ({ row }) => formatCount(row.original.jobs) },
];

/** Compute seconds per project, for org owners and admins. */
export function UsagePage() {
  const { orgId } = useParams() as { orgId: string };
  const [days, setDays] = useState<(typeof WINDOWS)[number]>(30);
  const usage = useOrgUsage(orgId, days);

  return (
    <>
      <PageHeader
        title="Usage"
        description="Compute used by each project: training runs (one core each, across pauses and resumes) and other background jobs."
      />
      <div className="mb-4 flex gap-2" role="group" aria-label="Window">
        {WINDOWS.map((d) => (
          <button
            key={d}
            type="button"
            aria-pressed={d === days}
            onClick={() => setDays(d)}
            className={`rounded-md border px-3 py-1 text-sm ${d === days ? 'border-zinc-900 bg-zinc-900 text-white' : 'border-zinc-300 bg-white text-zinc-700 hover:bg-zinc-50'}`}
          >
            Last {d} days
          </button>
        ))}
      </div>
      {usage.isError && problemStatus(usage.error) === 403 ? (
        <Alert variant="warning" title="Only owners and admins can see usage">
          Ask an organization owner or admin for the compute your projects used.
        </Alert>
      ) : usage.isError ? (
        <ProblemAlert error={usage.error} />
      ) : !usage.data ? (
        <TableSkeleton />
      ) : (
        <div className="flex flex-col gap-4">
          <Card>
            <CardContent className="flex flex-wrap gap-8 pt-5" aria-label="Totals">
              <Total label="Compute" value={formatSeconds(usage.data.total.computeSeconds)} />
              <Total label="Training" value={formatSeconds(usage.data.total.trainingSeconds)} />
              <Total label="Other jobs" value={formatSeconds(usage.data.total.jobSeconds)} />
              <Total label="Runs" value={formatCount(usage.data.total.runs)} />
            </CardContent>
          </Card>
          {usage.data.projects.length === 0 ? (
            <EmptyState icon={Gauge} title="No compute in this window">
              Training runs and ingest jobs that finish show up here.
            </EmptyState>
          ) : (
            <DataTable
              columns={columns}
              data={usage.data.projects}
              getRowId={(p) => p.projectId}
              label="Usage by project"
            />
          )}
        </div>
      )}
    </>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col">
      <span className="text-xs uppercase tracking-wide text-zinc-500">{label}</span>
      <span className="text-2xl font-semibold tabular-nums">{value}</span>
    </div>
  );
}

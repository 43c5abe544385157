import type { Run } from '@aistudio/contracts';
import type { ColumnDef } from '@tanstack/react-table';
import { ArrowLeft, FolderPlus, GitCompare, Plus, Search } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { allItems } from '../../api/pagination';
import { useProject } from '../../api/projects';
import { useExperiments, useRuns } from '../../api/runs';
import { DataTable } from '../../components/DataTable';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Button, buttonClasses } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { Checkbox } from '../../components/ui/Checkbox';
import { Input } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { formatDateTime } from '../../format/dates';
import { formatStat } from '../../format/numbers';
import { CreateExperimentDialog } from './CreateExperimentDialog';
import { headlineMetric } from './run-summary';
import { RunStatusBadge } from './RunStatusBadge';

/** /projects/:projectId/runs — the experiment page: runs table, filter, pick runs to compare. */
export function ProjectRunsPage() {
  const { projectId } = useParams() as { projectId: string };
  const [params, setParams] = useSearchParams();
  const experimentId = params.get('experiment') ?? undefined;
  const filter = params.get('filter') ?? '';
  const [draft, setDraft] = useState(filter);
  const [selected, setSelected] = useState<string[]>([]);
  const navigate = useNavigate();
  const project = useProject(projectId);
  const experiments = useExperiments(projectId);
  const runs = useRuns(projectId, experimentId, filter);
  const [creating, setCreating] = useState(false);
  const experimentSelect = useId();
  const filterInput = useId();

  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const applyFilter = (event: FormEvent) => {
    event.preventDefault();
    setParam('filter', draft.trim());
  };
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));

  return (
    <AppShell orgId={project.data?.orgId}>
      <Link
        to={`/projects/${projectId}`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> {project.data?.name ?? 'Project'}
      </Link>
      <PageHeader
        title="Training runs"
        description="Every model trained in this project, with its parameters and held-out metrics."
        actions={
          <>
            <Button
              variant="secondary"
              disabled={selected.length < 2}
              onClick={() =>
                navigate(`/projects/${projectId}/runs/compare?ids=${selected.join(',')}`)
              }
            >
              <GitCompare aria-hidden /> Compare{selected.length > 0 && ` (${selected.length})`}
            </Button>
            <Button variant="secondary" onClick={() => setCreating(true)}>
              <FolderPlus aria-hidden /> New experiment
            </Button>
            <Link to={`/projects/${projectId}/runs/new`} className={buttonClasses()}>
              <Plus aria-hidden /> New training
            </Link>
          </>
        }
      />
      <Card>
        <CardContent className="flex flex-col gap-4 pt-5">
          <div className="flex flex-wrap items-end gap-3">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor={experimentSelect}>Experiment</Label>
              <Select
                id={experimentSelect}
                className="w-48"
                value={experimentId ?? ''}
                onChange={(event) => setParam('experiment', event.target.value)}
              >
                <option value="">All experiments</option>
                {experiments.data?.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name} ({e.runCount})
                  </option>
                ))}
              </Select>
            </div>
            <form onSubmit={applyFilter} className="flex min-w-72 flex-1 flex-col gap-1.5">
              <Label htmlFor={filterInput}>Filter</Label>
              <div className="flex gap-2">
                <Input
                  id={filterInput}
                  className="font-mono"
                  placeholder="metrics.accuracy > 0.9 and params.learningRate = 0.1"
                  value={draft}
                  onChange={(event) => setDraft(event.target.value)}
                />
                <Button type="submit" variant="secondary">
                  <Search aria-hidden /> Apply
                </Button>
              </div>
            </form>
          </div>
          <p className="text-xs text-zinc-500">
            Conditions joined by <code>and</code> on <code>metrics.</code>, <code>params.</code>,{' '}
            <code>tags.</code> and <code>attributes.</code> (status, algorithm, target, …) with = !=
            &lt; &lt;= &gt; &gt;= for numbers, = != LIKE ILIKE IN for quoted strings.
          </p>
          {runs.isError && <ProblemAlert error={runs.error} title="The runs could not be listed" />}
          <RunsTable runs={allItems(runs.data)} selected={selected} onToggle={toggle} />
          {runs.isSuccess && allItems(runs.data).length === 0 && (
            <p className="py-6 text-center text-sm text-zinc-500">
              {filter ? 'No run matches the filter.' : 'No runs yet: start a new training.'}
            </p>
          )}
          <LoadMore
            hasNextPage={runs.hasNextPage}
            isFetchingNextPage={runs.isFetchingNextPage}
            fetchNextPage={runs.fetchNextPage}
          />
        </CardContent>
      </Card>
      <CreateExperimentDialog
        projectId={projectId}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => setParam('experiment', id)}
      />
    </AppShell>
  );
}

interface RunsTableProps {
  runs: Run[];
  selected: readonly string[];
  onToggle: (id: string, on: boolean) => void;
}

function RunsTable({ runs, selected, onToggle }: RunsTableProps) {
  const columns: ColumnDef<Run, unknown>[] = [
    {
      id: 'select',
      header: () => <span className="sr-only">Compare</span>,
      cell: ({ row }) => (
        <Checkbox
          aria-label={`Compare ${row.original.name}`}
          checked={selected.includes(row.original.id)}
          onChange={(event) => onToggle(row.original.id, event.target.checked)}
        />
      ),
      meta: { className: 'w-8' },
    },
    {
      header: 'Run',
      cell: ({ row }) => (
        <Link to={`/runs/${row.original.id}`} className="font-medium hover:underline">
          {row.original.name}
        </Link>
      ),
    },
    { header: 'Status', cell: ({ row }) => <RunStatusBadge status={row.original.status} /> },
    { header: 'Algorithm', cell: ({ row }) => row.original.algorithm },
    { header: 'Target', cell: ({ row }) => row.original.target },
    {
      header: 'Metric',
      cell: ({ row }) => {
        const metric = headlineMetric(row.original);
        return metric ? (
          <span className="tabular-nums">
            {metric.name} {formatStat(metric.value)}
          </span>
        ) : (
          '—'
        );
      },
    },
    {
      header: 'Duration',
      cell: ({ row }) =>
        row.original.durationMs === null ? '—' : `${formatStat(row.original.durationMs / 1000)} s`,
      meta: { className: 'tabular-nums' },
    },
    { header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
  ];
  if (runs.length === 0) return null;
  return <DataTable columns={columns} data={runs} getRowId={(r) => r.id} label="Runs" />;
}

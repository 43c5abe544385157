import type { Run, RunMetrics } from '@aistudio/contracts';
import { unwrap } from '@aistudio/sdk';
import { useQueries } from '@tanstack/react-query';
import { ArrowLeft } from 'lucide-react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useProject } from '../../api/projects';
import { runKeys } from '../../api/runs';
import { LineChart, type LineSeries } from '../../components/charts/LineChart';
import { seriesColor } from '../../components/charts/palette';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../components/ui/Table';
import { formatStat } from '../../format/numbers';
import { bestIndex, comparedSettings, differs, unionOfKeys } from './run-summary';

/** At most this many runs side by side: more columns stop being readable. */
const MAX_COMPARED = 8;

/** /projects/:projectId/runs/compare?ids=a,b — overlaid curves, metric and parameter diff. */
export function CompareRunsPage() {
  const { projectId } = useParams() as { projectId: string };
  const [search] = useSearchParams();
  const ids = (search.get('ids') ?? '').split(',').filter(Boolean).slice(0, MAX_COMPARED);
  const project = useProject(projectId);
  const runs = useQueries({
    queries: ids.map((runId) => ({
      queryKey: runKeys.one(runId),
      queryFn: () => unwrap(api.GET('/api/v1/runs/{runId}', { params: { path: { runId } } })),
    })),
  });
  const metrics = useQueries({
    queries: ids.map((runId) => ({
      queryKey: runKeys.metrics(runId),
      queryFn: () =>
        unwrap(api.GET('/api/v1/runs/{runId}/metrics', { params: { path: { runId } } })),
    })),
  });
  const failed = runs.find((q) => q.isError);
  const loaded = runs.every((q) => q.data) ? runs.map((q) => q.data!) : null;
  return (
    <AppShell orgId={project.data?.orgId}>
      <Link
        to={`/projects/${projectId}/runs`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> Training runs
      </Link>
      <PageHeader title="Compare runs" description={`${ids.length} runs side by side.`} />
      {failed && <ProblemAlert error={failed.error} />}
      {loaded && (
        <div className="flex flex-col gap-6">
          <CurvesCard runs={loaded} metrics={metrics.map((q) => q.data)} />
          <DiffCard
            title="Metrics"
            description="On each run's held-out rows; the best value of a row is marked."
            runs={loaded}
            rows={unionOfKeys(loaded.map((r) => r.metrics))}
            valueOf={(run, key) => run.metrics[key]}
            best
          />
          <DiffCard
            title="Parameters"
            description="Rows where the runs differ are highlighted."
            runs={loaded}
            rows={unionOfKeys(loaded.map(comparedSettings))}
            valueOf={(run, key) => comparedSettings(run)[key]}
          />
        </div>
      )}
    </AppShell>
  );
}

function CurvesCard({ runs, metrics }: { runs: Run[]; metrics: (RunMetrics | undefined)[] }) {
  // One colour per run: solid for its training loss, dashed for its validation loss.
  const series: LineSeries[] = runs.flatMap((run, i) =>
    (metrics[i]?.series ?? [])
      .filter((s) => s.name === 'train_loss' || s.name === 'valid_loss')
      .map((s) => ({
        name: `${run.name} ${s.name === 'train_loss' ? 'training' : 'validation'}`,
        x: s.steps,
        y: s.values,
        dashed: s.name === 'valid_loss',
        color: seriesColor(i),
      })),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Loss curves</CardTitle>
        <CardDescription>Overlaid per iteration; dashed lines are validation loss.</CardDescription>
      </CardHeader>
      <CardContent>
        {series.length > 0 ? (
          <LineChart
            label="Overlaid loss curves"
            series={series}
            xLabel="iteration"
            yLabel="loss"
          />
        ) : (
          <p className="text-sm text-zinc-500">These runs recorded no loss.</p>
        )}
      </CardContent>
    </Card>
  );
}

interface DiffCardProps {
  title: string;
  description: string;
  runs: Run[];
  rows: string[];
  valueOf: (run: Run, key: string) => string | number | undefined;
  /** Marks the best number of each row (metrics). */
  best?: boolean;
}

function DiffCard({ title, description, runs, rows, valueOf, best }: DiffCardProps) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="overflow-x-auto">
        <Table aria-label={`${title} of the compared runs`}>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>{title === 'Metrics' ? 'Metric' : 'Setting'}</TableHead>
              {runs.map((run, i) => (
                <TableHead key={run.id}>
                  <Link
                    to={`/runs/${run.id}`}
                    className="flex items-center gap-1.5 hover:underline"
                  >
                    <span
                      aria-hidden
                      className="size-2.5 rounded-full"
                      style={{ background: seriesColor(i) }}
                    />
                    {run.name}
                  </Link>
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((key) => {
              const values = runs.map((run) => valueOf(run, key));
              const winner = best ? bestIndex(key, values as (number | undefined)[]) : null;
              const changed = differs(values);
              return (
                <TableRow
                  key={key}
                  data-differs={changed || undefined}
                  className={changed ? 'bg-amber-50/60' : undefined}
                >
                  <TableCell className="font-medium">{key}</TableCell>
                  {values.map((v, i) => (
                    <TableCell
                      key={runs[i]!.id}
                      className={i === winner ? 'font-semibold text-emerald-700' : 'tabular-nums'}
                    >
                      {v === undefined ? '—' : typeof v === 'number' ? formatStat(v) : v}
                      {i === winner && <span className="sr-only"> (best)</span>}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

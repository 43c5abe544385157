import type { Run } from '@aistudio/contracts';
import { ArrowLeft, Pause, Play, Square } from 'lucide-react';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { useProject } from '../../api/projects';
import {
  isFinal,
  useRun,
  useRunAction,
  useRunEvaluation,
  useRunEvents,
  useRunMetrics,
} from '../../api/runs';
import { LineChart } from '../../components/charts/LineChart';
import { PageHeader } from '../../components/PageHeader';
import { RegisterRunButton } from '../models/RegisterRunButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { AppShell } from '../../components/shell/AppShell';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../format/dates';
import { formatStat } from '../../format/numbers';
import { RunDataLineage } from './RunDataLineage';
import { RunManageCard } from './RunManageCard';
import { RunStatusBadge } from './RunStatusBadge';
import { SweepTrialsCard } from './SweepTrialsCard';

const EvaluationReportView = lazy(() => import('../../components/charts/EvaluationReportView'));

/** /runs/:runId — a run: live loss curves and logs while it trains, its evaluation after. */
export function RunPage() {
  const { runId } = useParams() as { runId: string };
  const run = useRun(runId);
  const project = useProject(run.data?.projectId ?? '');
  return (
    <AppShell orgId={project.data?.orgId}>
      {run.isPending ? (
        <Skeleton className="h-10 w-1/2" />
      ) : run.isError ? (
        <ProblemAlert error={run.error} />
      ) : (
        <RunView run={run.data} />
      )}
    </AppShell>
  );
}

function RunView({ run }: { run: Run }) {
  const live = !isFinal(run.status);
  const stream = useRunEvents(run.id);
  const stored = useRunMetrics(run.id);
  const evaluation = useRunEvaluation(run.id, run.status === 'succeeded');
  const action = useRunAction(run.id);
  // The stream replays every event from the start; the stored series fill in until it has.
  const series = stream.curve.length > 0 ? stream.curve : (stored.data?.series ?? []);
  const lossSeries = series
    .filter((s) => s.name === 'train_loss' || s.name === 'valid_loss')
    .map((s) => ({
      name: s.name === 'train_loss' ? 'training loss' : 'validation loss',
      x: s.steps,
      y: s.values,
      dashed: s.name === 'valid_loss',
    }));
  const progress = run.progress;
  return (
    <>
      <Link
        to={`/projects/${run.projectId}/runs`}
        className="mb-3 inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900"
      >
        <ArrowLeft aria-hidden className="size-4" /> Training runs
      </Link>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {run.name} <RunStatusBadge status={run.status} />
          </span>
        }
        description={`${run.algorithm} predicting ${run.target}${run.task ? ` (${run.task})` : ''} · started ${formatDateTime(run.createdAt)}`}
        actions={
          <>
            {run.status === 'running' && (
              <Button variant="secondary" onClick={() => action.mutate('pause')}>
                <Pause aria-hidden /> Pause
              </Button>
            )}
            {run.status === 'paused' && (
              <Button variant="secondary" onClick={() => action.mutate('resume')}>
                <Play aria-hidden /> Resume
              </Button>
            )}
            {run.status === 'succeeded' && <RegisterRunButton run={run} />}
            {live && (
              <Button variant="secondary" onClick={() => action.mutate('cancel')}>
                <Square aria-hidden /> Cancel
              </Button>
            )}
          </>
        }
      />
      <div className="flex flex-col gap-6">
        {action.isError && <ProblemAlert error={action.error} />}
        {run.error && (
          <Alert variant="error" title="The run failed">
            {run.error}
          </Alert>
        )}
        {run.kind === 'sweep' ? (
          <SweepTrialsCard runId={run.id} />
        ) : (
          <Card>
            <CardHeader>
              <CardTitle>Loss curves</CardTitle>
              <CardDescription role="status" aria-label="Run progress">
                {progress
                  ? `Iteration ${progress.iteration}${progress.total ? ` of ${progress.total}` : ''}`
                  : 'Waiting for the first iteration'}
                {run.estimate && ` · estimated ${formatStat(run.estimate.seconds)} s`}
                {run.durationMs !== null && ` · took ${formatStat(run.durationMs / 1000)} s`}
              </CardDescription>
            </CardHeader>
            <CardContent>
              {lossSeries.length > 0 ? (
                <LineChart
                  label="Loss curves"
                  series={lossSeries}
                  xLabel="iteration"
                  yLabel="loss"
                />
              ) : (
                <p className="text-sm text-zinc-500">No loss recorded yet.</p>
              )}
            </CardContent>
          </Card>
        )}
        <div className="grid gap-6 lg:grid-cols-2">
          <ParamsCard run={run} />
          <LogsCard logs={stream.logs} live={live} />
        </div>
        <RunManageCard run={run} />
        {evaluation.isError && <ProblemAlert error={evaluation.error} />}
        {evaluation.data && (
          <Suspense fallback={<Skeleton className="h-64 w-full" />}>
            <EvaluationReportView report={evaluation.data} />
          </Suspense>
        )}
      </div>
    </>
  );
}

function ParamsCard({ run }: { run: Run }) {
  const rows: [string, string][] = [
    ['Dataset version', run.datasetVersionId],
    ['Features', run.features?.join(', ') ?? 'all but the target'],
    ['Held-out share', String(run.testFraction)],
    ['Seed', String(run.seed)],
    ['Engine', run.engineVersion],
    ...Object.entries(run.params).map(([k, v]): [string, string] => [
      k,
      // Sampled values carry every digit; four significant ones are what a reader compares.
      typeof v === 'number' ? formatStat(v) : Array.isArray(v) ? v.join(' × ') : String(v),
    ]),
  ];
  return (
    <Card>
      <CardHeader>
        <CardTitle>Parameters</CardTitle>
        <CardDescription>Fixed when the run was created.</CardDescription>
      </CardHeader>
      <CardContent>
        <RunDataLineage run={run} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-500">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

function LogsCard({ logs, live }: { logs: { level: string; message: string }[]; live: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Logs</CardTitle>
        <CardDescription>
          {live ? 'Streamed as the job writes them.' : 'The job’s log.'}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {logs.length === 0 ? (
          <p className="text-sm text-zinc-500">No log lines{live ? ' yet' : ''}.</p>
        ) : (
          <ol aria-label="Run log" className="max-h-64 overflow-y-auto font-mono text-xs">
            {logs.map((line, i) => (
              <li
                key={i}
                className={
                  line.level === 'error'
                    ? 'text-red-700'
                    : line.level === 'warn'
                      ? 'text-amber-700'
                      : 'text-zinc-700'
                }
              >
                {line.message}
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

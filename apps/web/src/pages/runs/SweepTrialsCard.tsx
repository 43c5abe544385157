import type { SweepTrials } from '@aistudio/contracts';
import { Link } from 'react-router';
import { useSweepTrials } from '../../api/runs';
import { ParallelCoordinates } from '../../components/charts/ParallelCoordinates';
import { ProblemAlert } from '../../components/ProblemAlert';
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
import { unionOfKeys } from './run-summary';
import { RunStatusBadge } from './RunStatusBadge';

/** A sweep's trials: the leaderboard and, once two have a score, parallel coordinates. */
export function SweepTrialsCard({ runId }: { runId: string }) {
  const trials = useSweepTrials(runId);
  if (trials.isError) return <ProblemAlert error={trials.error} />;
  if (!trials.data) return null;
  const { spec } = trials.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Trials</CardTitle>
        <CardDescription>
          {spec.sampler === 'tpe' ? 'TPE' : 'Random'} search over {spec.algorithm}:{' '}
          {trials.data.trials.length} of {spec.trials} trials, {spec.parallelism} at a time,{' '}
          {spec.direction === 'maximize' ? 'maximising' : 'minimising'} {spec.metric}
          {spec.pruning === 'median' ? ', weak trials pruned at the median' : ''}.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <TrialsChart sweep={trials.data} />
        <TrialsTable sweep={trials.data} />
      </CardContent>
    </Card>
  );
}

function TrialsChart({ sweep }: { sweep: SweepTrials }) {
  const scored = sweep.trials.filter((t) => t.value !== null);
  if (scored.length < 2) return null;
  const names = unionOfKeys(scored.map((t) => t.params));
  const axes = [
    ...(sweep.spec.algorithm === 'auto'
      ? [{ name: 'algorithm', values: scored.map((t) => t.algorithm) }]
      : []),
    ...names.map((name) => ({
      name,
      values: scored.map((t) => {
        const v = t.params[name];
        return v === undefined ? null : Array.isArray(v) ? v.join('×') : v;
      }),
    })),
    { name: sweep.spec.metric, values: scored.map((t) => t.value) },
  ];
  const best = scored.findIndex((t) => t.runId === sweep.bestRunId || t.rank === 1);
  return (
    <ParallelCoordinates
      label="Trials in parallel coordinates"
      axes={axes}
      highlight={best < 0 ? null : best}
    />
  );
}

function TrialsTable({ sweep }: { sweep: SweepTrials }) {
  return (
    <div className="overflow-x-auto">
      <Table aria-label="Trials">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Rank</TableHead>
            <TableHead>Trial</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>{sweep.spec.metric}</TableHead>
            <TableHead>Parameters</TableHead>
            <TableHead>Duration</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {sweep.trials.map((trial) => (
            <TableRow key={trial.runId}>
              <TableCell className="tabular-nums">{trial.rank ?? '—'}</TableCell>
              <TableCell>
                <Link to={`/runs/${trial.runId}`} className="font-medium hover:underline">
                  #{trial.number} {trial.algorithm}
                </Link>
              </TableCell>
              <TableCell>
                <RunStatusBadge status={trial.status} />
                {trial.pruned && (
                  <span className="ml-1 text-xs text-zinc-500">
                    pruned at {trial.prunedAtStep ?? '?'}
                  </span>
                )}
              </TableCell>
              <TableCell className="tabular-nums">{formatStat(trial.value)}</TableCell>
              <TableCell className="max-w-96 truncate font-mono text-xs">
                {Object.entries(trial.params)
                  .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('×') : formatParam(v)}`)
                  .join(' ')}
              </TableCell>
              <TableCell className="tabular-nums">
                {trial.durationMs === null ? '—' : `${formatStat(trial.durationMs / 1000)} s`}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function formatParam(value: string | number | boolean): string {
  return typeof value === 'number' ? formatStat(value) : String(value);
}

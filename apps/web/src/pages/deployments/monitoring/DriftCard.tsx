import type { DriftCheck, DriftWindow } from '@aistudio/contracts';
import { Play } from 'lucide-react';
import { useState } from 'react';
import { MarkerTimeline } from '../../../components/charts/MarkerTimeline';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { Button } from '../../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../../components/ui/Card';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../../components/ui/Table';
import { formatDateTime } from '../../../format/dates';
import { formatCount, formatPercent } from '../../../format/numbers';
import { DriftReportView } from './DriftReportView';
import { checkVerdict, driftTimeline } from './drift-verdicts';
import { useDriftChecks, useRunDriftCheck } from './monitoring-queries';
import { VerdictBadge, VERDICT_COLORS } from './VerdictBadge';

/** Drift checks over time, a button to run one now, and the report of the selected check. */
export function DriftCard({ deploymentId, window }: { deploymentId: string; window: DriftWindow }) {
  const checks = useDriftChecks(deploymentId);
  const run = useRunDriftCheck(deploymentId);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const items = checks.data?.items ?? [];
  // The chosen check, else the newest: a check just started shows as running, then its report.
  const selected = items.find((c) => c.id === chosenId) ?? items[0];
  const timeline = driftTimeline(items);
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1.5">
          <CardTitle>Data drift</CardTitle>
          <CardDescription>
            Logged inputs of the window against the serving version&apos;s training data.
          </CardDescription>
        </div>
        <Button
          onClick={() => run.mutate({ window }, { onSuccess: () => setChosenId(null) })}
          disabled={run.isPending}
        >
          <Play aria-hidden /> Run drift check now
        </Button>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        {run.isError && <ProblemAlert error={run.error} />}
        {checks.isError ? (
          <ProblemAlert error={checks.error} />
        ) : items.length === 0 ? (
          <p className="text-sm text-zinc-500">
            {checks.isPending
              ? 'Loading…'
              : 'No drift check yet: run one now, or put the deployment on a drift schedule.'}
          </p>
        ) : (
          <>
            <MarkerTimeline
              label="Share of drifted features per check"
              markers={timeline.map((p) => ({
                id: p.checkId,
                at: p.at,
                value: p.share,
                color: VERDICT_COLORS[p.verdict],
              }))}
              yLabel="drifted features"
              yDomain={[0, 1]}
              threshold={selected?.options.driftShare}
              selectedId={selected?.id}
              onSelect={setChosenId}
            />
            <CheckHistory checks={items} selectedId={selected?.id} onSelect={setChosenId} />
            {selected && <DriftReportView deploymentId={deploymentId} check={selected} />}
          </>
        )}
      </CardContent>
    </Card>
  );
}

function CheckHistory(props: {
  checks: readonly DriftCheck[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  return (
    <Table aria-label="Drift checks">
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Trigger</TableHead>
          <TableHead className="text-right">Current rows</TableHead>
          <TableHead className="text-right">Drifted features</TableHead>
          <TableHead>Verdict</TableHead>
          <TableHead>
            <span className="sr-only">Report</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.checks.slice(0, 10).map((check) => {
          const when = formatDateTime(check.completedAt ?? check.createdAt);
          const selected = check.id === props.selectedId;
          return (
            <TableRow
              key={check.id}
              aria-selected={selected}
              className={selected ? 'bg-zinc-50' : ''}
            >
              <TableCell>{when}</TableCell>
              <TableCell>{check.trigger}</TableCell>
              <TableCell className="text-right tabular-nums">
                {formatCount(check.currentRows)}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {check.driftShare === null ? '—' : formatPercent(check.driftShare)}
              </TableCell>
              <TableCell>
                <VerdictBadge verdict={checkVerdict(check)} />
              </TableCell>
              <TableCell className="text-right">
                <Button
                  variant="ghost"
                  size="sm"
                  disabled={selected}
                  aria-label={`Show the report of the check of ${when}`}
                  onClick={() => props.onSelect(check.id)}
                >
                  {selected ? 'Shown' : 'Show'}
                </Button>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

import type { DriftCheck, DriftColumnResult } from '@aistudio/contracts';
import { useState } from 'react';
import { DistributionBars } from '../../../components/charts/DistributionBars';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { Skeleton } from '../../../components/ui/Skeleton';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '../../../components/ui/Table';
import { formatCount, formatPercent } from '../../../format/numbers';
import { distributionBins, featureDriftRows, type FeatureDriftRow } from './drift-report';
import { checkVerdict } from './drift-verdicts';
import { useDriftCheck } from './monitoring-queries';
import { VerdictBadge } from './VerdictBadge';

/** One check's report: the dataset verdict, per feature method, statistic, threshold, verdict. */
export function DriftReportView({
  deploymentId,
  check,
}: {
  deploymentId: string;
  check: DriftCheck;
}) {
  const detail = useDriftCheck(deploymentId, check);
  const [chosen, setChosen] = useState<string | null>(null);
  const verdict = checkVerdict(check);
  if (verdict === 'running')
    return (
      <p className="text-sm text-zinc-500" role="status">
        Drift check {check.status}…
      </p>
    );
  if (verdict === 'failed')
    return (
      <Alert variant="error" title="The drift check failed">
        {check.error}
      </Alert>
    );
  if (detail.isError) return <ProblemAlert error={detail.error} />;
  if (!detail.data) return <Skeleton className="h-40 w-full" />;
  const report = detail.data.report;
  const rows = featureDriftRows([
    ...(report?.features ?? []),
    ...(report?.prediction
      ? [{ ...report.prediction, name: `${report.prediction.name} (model output)` }]
      : []),
  ]);
  const shown = rows.find((r) => r.name === chosen) ?? rows[0];
  return (
    <section aria-label="Drift report" className="flex flex-col gap-4">
      <Summary check={check} />
      <Table aria-label="Feature drift">
        <TableHeader>
          <TableRow>
            <TableHead>Feature</TableHead>
            <TableHead>Method</TableHead>
            <TableHead className="text-right">Statistic</TableHead>
            <TableHead>Drift when</TableHead>
            <TableHead>Verdict</TableHead>
            <TableHead>
              <span className="sr-only">Distributions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <FeatureRow
              key={row.name}
              row={row}
              shown={row === shown}
              onShow={() => setChosen(row.name)}
            />
          ))}
        </TableBody>
      </Table>
      {report && report.skipped.length > 0 && (
        <p className="text-xs text-zinc-500">
          Not tested: {report.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.
        </p>
      )}
      {shown && <Distributions column={shown.column} name={shown.name} />}
    </section>
  );
}

function Summary({ check }: { check: DriftCheck }) {
  const rows = `${formatCount(check.currentRows)} logged rows against ${formatCount(check.referenceRows)} reference rows`;
  if (check.datasetDrift === null)
    return (
      <Alert title="Too little data for a verdict">
        {check.reason ?? 'Not enough logged predictions in the window.'} ({rows})
      </Alert>
    );
  return (
    <Alert
      variant={check.datasetDrift ? 'warning' : 'success'}
      title={check.datasetDrift ? 'Dataset drift' : 'No dataset drift'}
    >
      {formatPercent(check.driftShare ?? 0)} of the features drifted; dataset drift from{' '}
      {formatPercent(check.options.driftShare)}. {rows}.
    </Alert>
  );
}

function FeatureRow({
  row,
  shown,
  onShow,
}: {
  row: FeatureDriftRow;
  shown: boolean;
  onShow: () => void;
}) {
  return (
    <TableRow aria-selected={shown} className={shown ? 'bg-zinc-50' : ''}>
      <TableCell className="font-medium">{row.name}</TableCell>
      <TableCell>{row.method}</TableCell>
      <TableCell className="text-right tabular-nums">{row.statistic}</TableCell>
      <TableCell className="tabular-nums">{row.threshold}</TableCell>
      <TableCell title={row.reason ?? undefined}>
        <VerdictBadge verdict={row.verdict} />
      </TableCell>
      <TableCell className="text-right">
        <Button
          variant="ghost"
          size="sm"
          disabled={shown}
          aria-label={`Show the distributions of ${row.name}`}
          onClick={onShow}
        >
          {shown ? 'Shown' : 'Distributions'}
        </Button>
      </TableCell>
    </TableRow>
  );
}

function Distributions({ column, name }: { column: DriftColumnResult; name: string }) {
  return (
    <figure className="m-0 flex flex-col gap-2">
      <figcaption className="text-sm font-medium">
        {name}: reference ({formatCount(column.referenceCount)}) vs current (
        {formatCount(column.currentCount)})
        {column.reason && <span className="font-normal text-zinc-500"> · {column.reason}</span>}
      </figcaption>
      <DistributionBars
        label={`Distributions of ${name}`}
        bins={distributionBins(column.histogram)}
        xLabel={column.kind === 'numeric' ? name : 'category'}
      />
    </figure>
  );
}

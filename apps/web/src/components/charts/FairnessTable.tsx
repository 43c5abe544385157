import type { FairnessReport } from '@aistudio/engine';
import { formatCount, formatStat } from '../../format/numbers';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../ui/Table';

/** Metrics per group of one column; each metric's highest and lowest group are marked. */
export function FairnessTable({ report }: { report: FairnessReport }) {
  const metrics = report.gaps.map((g) => g.metric);
  const largest = [...report.gaps].sort((a, b) => b.gap - a.gap)[0];
  return (
    <div className="flex flex-col gap-3">
      {largest && (
        <p className="text-sm">
          Largest gap: <span className="font-semibold">{largest.metric}</span> differs by{' '}
          <span className="font-semibold tabular-nums">{formatStat(largest.gap)}</span> between{' '}
          {largest.highest.group} ({formatStat(largest.highest.value)}) and {largest.lowest.group} (
          {formatStat(largest.lowest.value)}).
        </p>
      )}
      <div className="overflow-x-auto">
        <Table aria-label={`Metrics by ${report.column}`}>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>{report.column}</TableHead>
              <TableHead>Rows</TableHead>
              {metrics.map((m) => (
                <TableHead key={m}>{m}</TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.groups.map((group) => (
              <TableRow key={group.group}>
                <TableCell className="font-medium">
                  {group.group}
                  {group.smallSample && (
                    <span className="ml-1 text-xs text-zinc-400">(small sample)</span>
                  )}
                </TableCell>
                <TableCell className="tabular-nums">{formatCount(group.rows)}</TableCell>
                {metrics.map((m) => {
                  const gap = report.gaps.find((g) => g.metric === m)!;
                  const mark =
                    gap.metric === largest?.metric &&
                    (gap.highest.group === group.group || gap.lowest.group === group.group);
                  return (
                    <TableCell
                      key={m}
                      className={mark ? 'bg-amber-50 font-semibold tabular-nums' : 'tabular-nums'}
                    >
                      {formatStat(group.metrics[m])}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}

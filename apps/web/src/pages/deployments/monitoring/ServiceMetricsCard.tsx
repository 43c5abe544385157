import type { MetricsWindow } from '@aistudio/contracts';
import { LineChart } from '../../../components/charts/LineChart';
import { ProblemAlert } from '../../../components/ProblemAlert';
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
import { formatCount, formatPercent, formatStat } from '../../../format/numbers';
import { useServiceMetrics } from './monitoring-queries';
import { serviceCharts } from './service-charts';

interface ServiceMetricsCardProps {
  deploymentId: string;
  window: MetricsWindow;
  versionLabel: (modelVersionId: string) => string;
}

/** Requests, error rate and latency over the window, one line per answering version. */
export function ServiceMetricsCard({
  deploymentId,
  window,
  versionLabel,
}: ServiceMetricsCardProps) {
  const metrics = useServiceMetrics(deploymentId, window);
  const charts = serviceCharts(metrics.data, versionLabel);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Service</CardTitle>
        <CardDescription>
          Every request counts, whatever share the prediction log samples.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {metrics.isError ? (
          <ProblemAlert error={metrics.error} />
        ) : charts === null ? (
          <p className="text-sm text-zinc-500">
            {metrics.isPending ? 'Loading…' : 'No request in this window.'}
          </p>
        ) : (
          <div className="flex flex-col gap-6">
            <Table aria-label="Service by version">
              <TableHeader>
                <TableRow>
                  <TableHead>Version</TableHead>
                  <TableHead className="text-right">Requests</TableHead>
                  <TableHead className="text-right">Error rate</TableHead>
                  <TableHead className="text-right">p50</TableHead>
                  <TableHead className="text-right">p95</TableHead>
                  <TableHead className="text-right">p99</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {charts.versions.map((v) => (
                  <TableRow key={v.version}>
                    <TableCell>
                      <span className="flex items-center gap-2">
                        <span
                          aria-hidden
                          className="inline-block h-2.5 w-2.5 rounded-full"
                          style={{ backgroundColor: v.color }}
                        />
                        {v.version}
                      </span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {formatCount(v.requests)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {formatPercent(v.errorRate)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{ms(v.p50Ms)}</TableCell>
                    <TableCell className="text-right tabular-nums">{ms(v.p95Ms)}</TableCell>
                    <TableCell className="text-right tabular-nums">{ms(v.p99Ms)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="grid gap-6 lg:grid-cols-3">
              <LineChart
                label="Requests over time"
                series={charts.requests}
                xLabel={charts.xLabel}
                yLabel="requests"
                shape="square"
              />
              <LineChart
                label="Error rate over time"
                series={charts.errorRate}
                xLabel={charts.xLabel}
                yLabel="error rate"
                yDomain={[0, 1]}
                shape="square"
              />
              <LineChart
                label="Latency p95 and p99 over time"
                series={charts.latency}
                xLabel={charts.xLabel}
                yLabel="ms"
                shape="square"
              />
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function ms(value: number | null): string {
  return value === null ? '—' : `${formatStat(value)} ms`;
}

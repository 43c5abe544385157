import type { DeploymentRoute } from '@aistudio/contracts';
import { useDeploymentMetrics } from '../../api/deployments';
import { BarList } from '../../components/charts/BarList';
import { LineChart } from '../../components/charts/LineChart';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { formatCount, formatStat } from '../../format/numbers';
import { readTraffic } from './live-metrics';

/** Request rate, errors and latency over the last 15 minutes, refreshed every five seconds. */
export function LiveTrafficCard(props: { deploymentId: string; routes: DeploymentRoute[] }) {
  const metrics = useDeploymentMetrics(props.deploymentId, '15m');
  const traffic = readTraffic(metrics.data);
  const start = traffic?.series[0]?.at ?? 0;
  const versionOf = new Map(props.routes.map((r) => [r.modelVersionId, r.version]));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Live traffic</CardTitle>
        <CardDescription>Last 15 minutes, updated every few seconds.</CardDescription>
      </CardHeader>
      <CardContent>
        {traffic === null ? (
          <p className="text-sm text-zinc-500" role="status" aria-label="Live traffic">
            No traffic yet.
          </p>
        ) : (
          <div className="flex flex-col gap-4">
            <dl
              className="grid grid-cols-2 gap-4 sm:grid-cols-6"
              role="status"
              aria-label="Live traffic"
            >
              <Stat label="Requests" value={formatCount(traffic.requests)} />
              <Stat label="Per minute" value={formatStat(traffic.requestsPerMinute)} />
              <Stat label="Errors" value={formatCount(traffic.errors)} />
              <Stat label="p50" value={ms(traffic.p50Ms)} />
              <Stat label="p95" value={ms(traffic.p95Ms)} />
              <Stat label="p99" value={ms(traffic.p99Ms)} />
            </dl>
            {traffic.byVersion.length > 1 && (
              <BarList
                label="Requests by version"
                items={traffic.byVersion.map((v) => ({
                  name: versionOf.has(v.modelVersionId)
                    ? `v${versionOf.get(v.modelVersionId)}`
                    : 'earlier version',
                  value: v.requests,
                }))}
              />
            )}
            {traffic.series.length > 1 && (
              <LineChart
                label="Requests over the window"
                series={[
                  {
                    name: 'requests',
                    x: traffic.series.map((b) => (b.at - start) / 60_000),
                    y: traffic.series.map((b) => b.requests),
                  },
                ]}
                xLabel="minutes"
                yLabel="requests"
              />
            )}
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function ms(value: number | null): string {
  return value === null ? '—' : `${formatStat(value)} ms`;
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

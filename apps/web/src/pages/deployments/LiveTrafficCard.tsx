import { useDeploymentMetrics } from '../../api/deployments';
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

const WINDOW = '15m';

/** Request rate and latency over the last 15 minutes, refreshed every five seconds. */
export function LiveTrafficCard({ deploymentId }: { deploymentId: string }) {
  const metrics = useDeploymentMetrics(deploymentId, WINDOW);
  const traffic = metrics.data === undefined ? null : readTraffic(metrics.data, WINDOW);
  const start = traffic?.series[0]?.at ?? 0;
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
              className="grid grid-cols-2 gap-4 sm:grid-cols-5"
              role="status"
              aria-label="Live traffic"
            >
              <Stat label="Requests" value={formatCount(traffic.requests)} />
              <Stat label="Per minute" value={formatStat(traffic.requestsPerMinute)} />
              <Stat label="p50" value={ms(traffic.p50Ms)} />
              <Stat label="p95" value={ms(traffic.p95Ms)} />
              <Stat label="p99" value={ms(traffic.p99Ms)} />
            </dl>
            {traffic.series.length > 1 && (
              <LineChart
                label="Requests per bucket"
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

import type { MetricsWindow } from '@aistudio/contracts';
import { Tags } from 'lucide-react';
import { LineChart } from '../../../components/charts/LineChart';
import { EmptyState } from '../../../components/EmptyState';
import { ProblemAlert } from '../../../components/ProblemAlert';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../../components/ui/Card';
import { formatCount, formatStat } from '../../../format/numbers';
import { performanceChart } from './performance-series';
import { usePerformance } from './monitoring-queries';

interface PerformanceCardProps {
  deploymentId: string;
  window: MetricsWindow;
  versionLabel: (modelVersionId: string) => string;
}

/** The task's metric per version over time, from the true labels sent back as feedback. */
export function PerformanceCard({ deploymentId, window, versionLabel }: PerformanceCardProps) {
  const performance = usePerformance(deploymentId, window);
  const chart = performanceChart(performance.data, versionLabel);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Performance</CardTitle>
        <CardDescription>
          Only logged predictions that received their true label count.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {performance.isError ? (
          <ProblemAlert error={performance.error} />
        ) : chart === null ? (
          <EmptyState icon={Tags} title="No feedback in this window">
            Send the true label of a prediction to{' '}
            <code className="text-xs">POST /api/v1/deployments/{deploymentId}/feedback</code> with{' '}
            <code className="text-xs">{'{"predictionId", "label"}'}</code>; the predictionId is in
            every predict answer.
          </EmptyState>
        ) : (
          <div className="flex flex-col gap-4">
            <dl className="flex flex-wrap gap-6" aria-label="Performance by version">
              {chart.totals.map((t) => (
                <div key={t.version} className="flex flex-col">
                  <dt className="text-xs text-zinc-500">
                    {t.version} · {formatCount(t.labeled)} labelled
                  </dt>
                  <dd className="text-lg font-semibold tabular-nums">
                    {chart.metric === 'mae' ? 'MAE ' : 'accuracy '}
                    {formatStat(t.value)}
                  </dd>
                </div>
              ))}
            </dl>
            <LineChart
              label={`${chart.metric === 'mae' ? 'MAE' : 'Accuracy'} over time by version`}
              series={chart.series}
              xLabel={chart.xLabel}
              yLabel={chart.metric === 'mae' ? 'MAE' : 'accuracy'}
              yDomain={chart.metric === 'mae' ? undefined : [0, 1]}
            />
          </div>
        )}
      </CardContent>
    </Card>
  );
}

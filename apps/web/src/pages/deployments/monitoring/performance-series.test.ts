import type { DeploymentPerformance } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { performanceChart } from './performance-series';

const base: DeploymentPerformance = {
  deploymentId: 'd',
  window: '24h',
  from: '2026-12-03T00:00:00.000Z',
  to: '2026-12-04T00:00:00.000Z',
  bucketSeconds: 3600,
  versions: [],
};

const label = (id: string) => ({ mv1: 'v1', mv2: 'v2' })[id] ?? 'earlier version';

describe('performanceChart', () => {
  it('is null without labelled predictions, so the card explains how to send feedback', () => {
    expect(performanceChart(base, label)).toBeNull();
    const unlabeled = {
      ...base,
      versions: [
        {
          modelVersionId: 'mv1',
          shadow: false,
          task: 'binary' as const,
          labeled: 0,
          metrics: {},
          series: [],
        },
      ],
    };
    expect(performanceChart(unlabeled, label)).toBeNull();
  });

  it('charts accuracy per version in hours, the shadow dashed and named', () => {
    const chart = performanceChart(
      {
        ...base,
        versions: [
          {
            modelVersionId: 'mv1',
            shadow: false,
            task: 'multiclass',
            labeled: 30,
            metrics: { accuracy: 0.9, f1: 0.88 },
            series: [
              { start: '2026-12-03T02:00:00.000Z', labeled: 10, metrics: { accuracy: 0.8 } },
              { start: '2026-12-03T05:00:00.000Z', labeled: 20, metrics: { accuracy: 0.95 } },
            ],
          },
          {
            modelVersionId: 'mv2',
            shadow: true,
            task: 'multiclass',
            labeled: 30,
            metrics: { accuracy: 0.7 },
            series: [
              { start: '2026-12-03T02:00:00.000Z', labeled: 30, metrics: { accuracy: 0.7 } },
            ],
          },
        ],
      },
      label,
    )!;
    expect(chart.metric).toBe('accuracy');
    expect(chart.series.map((s) => [s.name, s.x, s.y, s.dashed])).toEqual([
      ['v1', [2, 5], [0.8, 0.95], false],
      ['v2 (shadow)', [2], [0.7], true],
    ]);
    expect(chart.totals).toEqual([
      { version: 'v1', labeled: 30, value: 0.9 },
      { version: 'v2 (shadow)', labeled: 30, value: 0.7 },
    ]);
  });

  it('charts MAE for a regressor', () => {
    const chart = performanceChart(
      {
        ...base,
        versions: [
          {
            modelVersionId: 'mv1',
            shadow: false,
            task: 'regression',
            labeled: 5,
            metrics: { mae: 1.5, rmse: 2 },
            series: [{ start: '2026-12-03T00:00:00.000Z', labeled: 5, metrics: { mae: 1.5 } }],
          },
        ],
      },
      label,
    )!;
    expect(chart.metric).toBe('mae');
    expect(chart.series[0]!.y).toEqual([1.5]);
  });
});

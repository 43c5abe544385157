import { describe, expect, it } from 'vitest';
import type { DriftCheckWithReport } from '@aistudio/contracts';
import type { Db } from '@aistudio/db';
import { ServingAlertMetrics } from '../serving-alert-metrics.js';

// Drift values come from monitoring's latest check; the database is never reached on this path.
const nothingPending = { flush: async () => {} };
function withCheck(check: Partial<DriftCheckWithReport> | null) {
  return new ServingAlertMetrics(
    {} as Db,
    { latestDriftCheck: async () => check as DriftCheckWithReport | null },
    { counts: nothingPending, predictions: nothingPending },
  );
}

const column = (name: string, drifted: boolean | null) => ({ name, drifted });
const query = (metric: 'drift_share' | 'feature_drift', feature: string | null = null) => ({
  deploymentId: '0190a0a0-0000-7000-8000-000000000000',
  metric,
  feature,
  windowMinutes: 60,
});

describe('drift values for alert rules (stand-in drift check reader)', () => {
  const recent = {
    completedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    driftShare: 0.5,
    report: {
      features: [column('Island', true), column('Sex', false), column('Beak', null)],
      prediction: null,
      skipped: [],
    },
  } as unknown as Partial<DriftCheckWithReport>;

  it("reads the latest check's drift share, and a feature's verdict as 1 or 0", async () => {
    expect(await withCheck(recent).value(query('drift_share'))).toBe(0.5);
    expect(await withCheck(recent).value(query('feature_drift', 'Island'))).toBe(1);
    expect(await withCheck(recent).value(query('feature_drift', 'Sex'))).toBe(0);
  });

  it('has no data without a check, with a check older than the window, or without a verdict', async () => {
    expect(await withCheck(null).value(query('drift_share'))).toBeNull();
    const stale = { ...recent, completedAt: new Date(Date.now() - 2 * 3600_000).toISOString() };
    expect(await withCheck(stale).value(query('drift_share'))).toBeNull();
    expect(await withCheck(recent).value(query('feature_drift', 'Beak'))).toBeNull();
    expect(await withCheck(recent).value(query('feature_drift', 'Wingspan'))).toBeNull();
  });
});

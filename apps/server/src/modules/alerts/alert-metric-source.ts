import type { AlertMetric } from '@aistudio/contracts';

/** What evaluation asks for: one deployment's metric over the minutes before now. */
export interface AlertMetricQuery {
  readonly deploymentId: string;
  readonly metric: AlertMetric;
  /** feature_drift: the feature watched. */
  readonly feature: string | null;
  readonly windowMinutes: number;
}

/**
 * Where evaluation reads metric values; null means no data (no traffic, no drift check, no labels
 * in the window). Evaluation depends on this alone, so tests can stand in for the real sources.
 */
export interface AlertMetricSource {
  value(query: AlertMetricQuery): Promise<number | null>;
}

import type { DriftCheck, DriftColumnResult } from '@aistudio/contracts';

/** How a check or a column reads: "too little data" is its own outcome, never a verdict. */
export type DriftVerdict = 'drift' | 'no drift' | 'too little data' | 'failed' | 'running';

export function checkVerdict(check: DriftCheck): DriftVerdict {
  if (check.status === 'failed') return 'failed';
  if (check.status !== 'succeeded') return 'running';
  if (check.datasetDrift === null) return 'too little data';
  return check.datasetDrift ? 'drift' : 'no drift';
}

export function columnVerdict(column: DriftColumnResult): DriftVerdict {
  if (column.drifted === null) return 'too little data';
  return column.drifted ? 'drift' : 'no drift';
}

/** One check on the drift timeline: the share of drifted features, null without a verdict. */
export interface TimelinePoint {
  readonly checkId: string;
  readonly at: number;
  readonly share: number | null;
  readonly verdict: DriftVerdict;
}

/** Checks oldest first, as the timeline draws them (the API lists newest first). */
export function driftTimeline(checks: readonly DriftCheck[]): TimelinePoint[] {
  return checks
    .map((check) => ({
      checkId: check.id,
      at: Date.parse(check.completedAt ?? check.createdAt),
      share: check.status === 'succeeded' ? check.driftShare : null,
      verdict: checkVerdict(check),
    }))
    .sort((a, b) => a.at - b.at);
}

/** Whether the list should be polled: a check is still queued or running. */
export function hasPendingCheck(checks: readonly DriftCheck[]): boolean {
  return checks.some((check) => check.status === 'queued' || check.status === 'running');
}

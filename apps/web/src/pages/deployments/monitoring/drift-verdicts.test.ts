import type { DriftCheck } from '@aistudio/contracts';
import { describe, expect, it } from 'vitest';
import { checkVerdict, driftTimeline, hasPendingCheck } from './drift-verdicts';

function driftCheck(overrides: Partial<DriftCheck>): DriftCheck {
  return {
    id: 'c',
    deploymentId: 'd',
    status: 'succeeded',
    trigger: 'manual',
    options: { window: '1h', method: 'auto', driftShare: 0.5 },
    modelVersionId: 'mv1',
    referenceDatasetVersionId: null,
    windowStart: '2026-12-03T09:00:00.000Z',
    windowEnd: '2026-12-03T10:00:00.000Z',
    referenceRows: 344,
    currentRows: 120,
    driftShare: 0.25,
    datasetDrift: false,
    reason: null,
    error: null,
    createdAt: '2026-12-03T10:00:00.000Z',
    completedAt: '2026-12-03T10:00:02.000Z',
    ...overrides,
  };
}

describe('checkVerdict', () => {
  it('reads too little data as its own outcome, not as "no drift"', () => {
    const short = driftCheck({ driftShare: null, datasetDrift: null, reason: 'too little data' });
    expect(checkVerdict(short)).toBe('too little data');
  });

  it('tells drift, no drift, failed and running apart', () => {
    expect(checkVerdict(driftCheck({ datasetDrift: true, driftShare: 0.75 }))).toBe('drift');
    expect(checkVerdict(driftCheck({}))).toBe('no drift');
    expect(checkVerdict(driftCheck({ status: 'failed', datasetDrift: null }))).toBe('failed');
    expect(checkVerdict(driftCheck({ status: 'queued', completedAt: null }))).toBe('running');
  });
});

describe('driftTimeline', () => {
  it('orders checks oldest first and gives unfinished or short checks no share', () => {
    const points = driftTimeline([
      driftCheck({
        id: 'new',
        status: 'running',
        completedAt: null,
        createdAt: '2026-12-03T12:00:00Z',
      }),
      driftCheck({
        id: 'mid',
        datasetDrift: true,
        driftShare: 0.75,
        completedAt: '2026-12-03T11:00:00Z',
      }),
      driftCheck({ id: 'old' }),
    ]);
    expect(points.map((p) => [p.checkId, p.share, p.verdict])).toEqual([
      ['old', 0.25, 'no drift'],
      ['mid', 0.75, 'drift'],
      ['new', null, 'running'],
    ]);
  });
});

describe('hasPendingCheck', () => {
  it('is true while a check is queued or running', () => {
    expect(hasPendingCheck([driftCheck({}), driftCheck({ status: 'queued' })])).toBe(true);
    expect(hasPendingCheck([driftCheck({}), driftCheck({ status: 'failed' })])).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinRecords, penguinsProject } from '../../../__tests__/support/penguins.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../__tests__/support/test-app.js';
import { bucketOf, emptyBuckets } from '../latency-histogram.js';
import { MonitoringRepository } from '../monitoring.repository.js';

interface Bucket {
  start: string;
  requests: number;
  errors: number;
  clientErrors: number;
  serverErrors: number;
  latencyMs: { p95: number } | null;
}
interface VersionMetrics {
  modelVersionId: string | null;
  requests: number;
  series: Bucket[];
}

const FEATURES = Object.keys(penguinRecords[0]!).filter((c) => c !== 'Species');
const complete = penguinRecords.filter((row) =>
  Object.keys(row).every((c) => row[c] !== null && row[c] !== '.'),
);
const speciesInput = (row: Record<string, unknown>) =>
  Object.fromEntries(FEATURES.map((c) => [c, row[c]]));

describe(`per-version service metrics over time [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let orgId: string;
  let projectId: string;
  let modelId: string;
  let v1Id: string;
  let v2Id: string;

  const deploy = async (name: string, routes: unknown[]) => {
    const created = await t.call('POST', `/api/v1/projects/${projectId}/deployments`, {
      as: owner,
      body: { name, routes },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const predictAll = async (deploymentId: string, rows: readonly Record<string, unknown>[]) => {
    for (const row of rows) {
      const reply = await t.call('POST', `/api/v1/deployments/${deploymentId}/predict`, {
        as: owner,
        body: { records: [speciesInput(row)] },
      });
      expect(reply.status).toBe(200);
    }
  };
  const metricsOf = async (deploymentId: string, window: string) => {
    const reply = await t.call(
      'GET',
      `/api/v1/deployments/${deploymentId}/metrics?window=${window}`,
      {
        as: viewer,
      },
    );
    expect(reply.status).toBe(200);
    return reply.body as { series: Bucket[]; versions: VersionMetrics[] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const project = await penguinsProject(t);
    ({ owner, viewer, orgId, projectId } = project);
    const model = await t.call('POST', `/api/v1/projects/${projectId}/models`, {
      as: owner,
      body: { name: 'Species' },
    });
    modelId = model.body.id as string;
    const versionIds: string[] = [];
    for (const nIter of [5, 2]) {
      const run = await t.call('POST', `/api/v1/projects/${projectId}/runs`, {
        as: owner,
        body: {
          datasetVersionId: project.versionId,
          target: 'Species',
          algorithm: 'gbdt',
          params: { nIter },
        },
      });
      expect(run.status).toBe(202);
      await t.jobs.idle();
      const version = await t.call('POST', `/api/v1/models/${modelId}/versions`, {
        as: owner,
        body: { runId: run.body.id },
      });
      expect(version.body.status).toBe('ready');
      versionIds.push(version.body.id as string);
    }
    [v1Id, v2Id] = versionIds as [string, string];
  }, 240_000);
  afterAll(() => t.close());

  it('gives each version a series over the same buckets that sums to the total per bucket', async () => {
    const id = await deploy('split', [
      { modelId, version: 1, weight: 50 },
      { modelId, version: 2, weight: 50 },
    ]);
    await predictAll(id, complete.slice(0, 30));
    // Earlier minutes, as another replica would have written them: both versions, with errors.
    const minute = (ago: number) => new Date((Math.floor(Date.now() / 60_000) - ago) * 60_000);
    const row = (
      modelVersionId: string,
      ago: number,
      outcome: 'ok' | 'server_error',
      n: number,
    ) => {
      const latencyBuckets = emptyBuckets();
      latencyBuckets[bucketOf(outcome === 'ok' ? 20 : 300)] = n;
      return {
        deploymentId: id,
        modelVersionId,
        minute: minute(ago),
        outcome,
        orgId,
        requests: n,
        latencySumMs: n * (outcome === 'ok' ? 20 : 300),
        latencyBuckets,
      };
    };
    await new MonitoringRepository(t.database.db).addMetricMinutes([
      row(v1Id, 5, 'ok', 9),
      row(v2Id, 5, 'ok', 1),
      row(v2Id, 5, 'server_error', 2),
      row(v1Id, 8, 'ok', 4),
    ]);

    const { series, versions } = await metricsOf(id, '15m');
    expect(versions.map((v) => v.modelVersionId).sort()).toEqual([v1Id, v2Id].sort());
    for (const version of versions) {
      expect(version.series.map((b) => b.start)).toEqual(series.map((b) => b.start));
      expect(version.series.reduce((sum, b) => sum + b.requests, 0)).toBe(version.requests);
    }
    series.forEach((bucket, i) => {
      for (const field of ['requests', 'errors', 'clientErrors', 'serverErrors'] as const)
        expect(versions.reduce((sum, v) => sum + v.series[i]![field], 0)).toBe(bucket[field]);
    });
    const v2 = versions.find((v) => v.modelVersionId === v2Id)!;
    const fiveAgo = series.findIndex((b) => Date.parse(b.start) === minute(5).getTime());
    expect(v2.series[fiveAgo]).toMatchObject({ requests: 3, serverErrors: 2 });
    expect(v2.series[fiveAgo]!.latencyMs!.p95).toBeGreaterThan(200);
    expect(series.reduce((sum, b) => sum + b.requests, 0)).toBe(30 + 16);
  });

  it('lists only versions that answered in the window', async () => {
    const id = await deploy('champion-only', [{ modelId, version: 1, weight: 100 }]);
    await predictAll(id, complete.slice(0, 3));
    const { series, versions } = await metricsOf(id, '1h');
    expect(versions).toHaveLength(1);
    expect(versions[0]!.modelVersionId).toBe(v1Id);
    expect(versions[0]!.series).toEqual(series);
  });
});

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ServingMetrics, type CountedRequest } from '../serving-metrics.js';

const MINUTE = 60_000;
const request = (over: Partial<CountedRequest> = {}): CountedRequest => ({
  orgId: 'org',
  deploymentId: 'dep',
  modelId: 'model',
  modelVersionId: 'v1',
  version: 1,
  outcome: 'ok',
  latencyMs: 4,
  at: 10 * MINUTE + 5,
  ...over,
});

describe('ServingMetrics', () => {
  it('hands over counts per deployment, version, minute and outcome, and takes failed writes back', () => {
    const metrics = new ServingMetrics();
    metrics.count(request());
    metrics.count(request({ latencyMs: 12 }));
    metrics.count(request({ outcome: 'client_error' }));
    metrics.count(request({ at: 11 * MINUTE }));
    metrics.count(request({ modelVersionId: 'v2', version: 2 }));
    const taken = metrics.take();
    const summary = taken.map((c) => [c.modelVersionId, c.minute.getTime() / MINUTE, c.outcome]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['v1', 10, 'ok'],
        ['v1', 10, 'client_error'],
        ['v1', 11, 'ok'],
        ['v2', 10, 'ok'],
      ]),
    );
    expect(taken).toHaveLength(4);
    const tenOk = taken.find(
      (c) => c.modelVersionId === 'v1' && c.outcome === 'ok' && c.minute.getTime() === 10 * MINUTE,
    )!;
    expect(tenOk).toMatchObject({
      requests: 2,
      latencySumMs: 16,
      orgId: 'org',
      deploymentId: 'dep',
    });
    expect(metrics.take()).toEqual([]);

    metrics.count(request());
    metrics.restore(taken);
    const again = metrics.take();
    expect(again).toHaveLength(4);
    expect(
      again.find(
        (c) =>
          c === tenOk ||
          (c.outcome === 'ok' && c.modelVersionId === 'v1' && c.minute.getTime() === 10 * MINUTE),
      )!.requests,
    ).toBe(3);
  });

  it('exports running totals to Prometheus: requests by outcome and a latency histogram in seconds', async () => {
    const registry = new Registry();
    const metrics = new ServingMetrics(registry);
    metrics.count(request({ latencyMs: 0.2 }));
    metrics.count(request({ latencyMs: 12 }));
    metrics.count(request({ outcome: 'server_error', latencyMs: 20_000 }));
    metrics.take(); // writing minutes to the database does not reset what Prometheus sees
    const text = await registry.metrics();
    const labels = 'deployment_id="dep",model_id="model",model_version="1"';
    expect(text).toContain(`aistudio_deployment_requests_total{${labels},outcome="ok"} 2`);
    expect(text).toContain(
      `aistudio_deployment_requests_total{${labels},outcome="server_error"} 1`,
    );
    expect(text).not.toContain('outcome="client_error"');
    expect(text).toContain('# TYPE aistudio_deployment_scoring_seconds histogram');
    expect(text).toContain(`aistudio_deployment_scoring_seconds_bucket{le="0.00025",${labels}} 1`);
    expect(text).toContain(`aistudio_deployment_scoring_seconds_bucket{le="0.015",${labels}} 2`);
    expect(text).toContain(`aistudio_deployment_scoring_seconds_bucket{le="10",${labels}} 2`);
    expect(text).toContain(`aistudio_deployment_scoring_seconds_bucket{le="+Inf",${labels}} 3`);
    expect(text).toContain(`aistudio_deployment_scoring_seconds_sum{${labels}} 20.0122`);
    expect(text).toContain(`aistudio_deployment_scoring_seconds_count{${labels}} 3`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predict, Table, type TrainedModel } from '@aistudio/engine';
import {
  penguinRecords as penguins,
  penguinsProject,
} from '../../../__tests__/support/penguins.js';
import { createTestApp, type SignedIn, type TestApp } from '../../../__tests__/support/test-app.js';

describe('training runs', () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let versionId: string;

  const startRun = (body: Record<string, unknown>, as = owner) =>
    t.call('POST', `/api/v1/projects/${projectId}/runs`, {
      as,
      body: { datasetVersionId: versionId, target: 'Species', ...body },
    });
  const getRun = async (id: string, as = owner) =>
    (await t.call('GET', `/api/v1/runs/${id}`, { as })).body;
  const waitFor = async (id: string, done: (run: any) => boolean) => {
    for (let i = 0; i < 600; i++) {
      const run = await getRun(id);
      if (done(run)) return run;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${id} never reached the expected state`);
  };
  const modelOf = async (id: string) =>
    (await t.call('GET', `/api/v1/runs/${id}/artifacts/model.json`, { as: owner }))
      .body as TrainedModel;

  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, viewer, outsider, projectId, versionId } = await penguinsProject(t));
  });
  afterAll(() => t.close());

  it('trains a GBDT on penguins: metrics, curves, evaluation and model files', async () => {
    const created = await startRun({
      algorithm: 'gbdt',
      params: { nIter: 60 },
      tags: { team: 'field' },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', algorithm: 'gbdt', target: 'Species' });
    expect(created.body.estimate.seconds).toBeGreaterThan(0);
    const estimate = await t.call('POST', `/api/v1/projects/${projectId}/runs/estimate`, {
      as: viewer,
      body: { datasetVersionId: versionId, target: 'Species', params: { nIter: 60 } },
    });
    expect(estimate.body).toEqual(created.body.estimate);
    await t.jobs.idle();
    const run = await getRun(created.body.id);
    expect(run).toMatchObject({ status: 'succeeded', task: 'multiclass', error: null });
    expect(run.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(run.features).not.toContain('Species');
    expect(run.durationMs).toBeGreaterThan(0);
    expect(run.artifacts.map((a: { name: string }) => a.name).sort()).toEqual([
      'evaluation.json',
      'model.json',
      'model.onnx',
    ]);

    const metrics = (await t.call('GET', `/api/v1/runs/${run.id}/metrics`, { as: viewer })).body;
    const trainLoss = metrics.series.find((s: { name: string }) => s.name === 'train_loss');
    expect(trainLoss.steps).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(trainLoss.values.at(-1)).toBeLessThan(trainLoss.values[0]);

    const evaluation = (await t.call('GET', `/api/v1/runs/${run.id}/evaluation`, { as: viewer }))
      .body;
    expect(evaluation.classification.accuracy).toBe(run.metrics.accuracy);
    expect(evaluation.classification.labels.sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);

    const model = await modelOf(run.id);
    const rows = penguins.slice(0, 3).map(({ Species: _species, ...inputs }) => inputs);
    expect(predict(model, Table.fromRecords(rows)).labels).toHaveLength(3);
  });

  it('streams the event log as SSE and resumes after Last-Event-ID', async () => {
    const created = await startRun({ algorithm: 'gbdt', params: { nIter: 5 } });
    await t.jobs.idle();
    const stream = await t.call('GET', `/api/v1/runs/${created.body.id}/events`, { as: owner });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    const events = parseSse(stream.body as string);
    expect(events.map((e) => e.data.type).filter((type) => type !== 'log')).toEqual([
      'state',
      'state',
      ...Array(5).fill('progress'),
      'metrics',
      'state',
    ]);
    expect(events.map((e) => e.data.status).filter(Boolean)).toEqual([
      'queued',
      'running',
      'succeeded',
    ]);
    expect(events.filter((e) => e.data.type === 'log').map((e) => e.data.message)).toContain(
      'training started',
    );
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));

    const last = events.length;
    const resumed = await t.call('GET', `/api/v1/runs/${created.body.id}/events`, {
      as: owner,
      headers: { 'last-event-id': String(last - 3) },
    });
    expect(parseSse(resumed.body as string).map((e) => e.id)).toEqual([last - 2, last - 1, last]);
  });

  it('pauses at a checkpoint and resumes to the same model as an uninterrupted run', async () => {
    // Long enough that the pause lands mid-training: visible progress may lag a second behind.
    const params = { nIter: 2000, learningRate: 0.02, numLeaves: 7 };
    const paused = (await startRun({ algorithm: 'gbdt', params, seed: 3 })).body;
    await waitFor(paused.id, (run) => (run.progress?.iteration ?? 0) >= 5);
    const pausing = await t.call('POST', `/api/v1/runs/${paused.id}/pause`, { as: owner });
    expect(pausing.status).toBe(200);
    await t.jobs.idle();
    const atPause = await getRun(paused.id);
    expect(atPause.status).toBe('paused');
    expect(atPause.progress.iteration).toBeLessThan(2000);

    expect(
      (await t.call('POST', `/api/v1/runs/${paused.id}/resume`, { as: owner })).body.status,
    ).toBe('queued');
    await t.jobs.idle();
    expect((await getRun(paused.id)).status).toBe('succeeded');

    const straight = (await startRun({ algorithm: 'gbdt', params, seed: 3 })).body;
    await t.jobs.idle();
    const a = await modelOf(paused.id);
    const b = await modelOf(straight.id);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('cancels a running run; the worker goes on with the next job', async () => {
    const long = (
      await startRun({ algorithm: 'gbdt', params: { nIter: 5000, learningRate: 0.001 } })
    ).body;
    await waitFor(long.id, (run) => (run.progress?.iteration ?? 0) >= 5);
    expect((await t.call('POST', `/api/v1/runs/${long.id}/cancel`, { as: owner })).status).toBe(
      200,
    );
    const next = (await startRun({ algorithm: 'linear' })).body;
    await t.jobs.idle();
    expect((await getRun(long.id)).status).toBe('cancelled');
    expect((await getRun(next.id)).status).toBe('succeeded');
    const again = await t.call('POST', `/api/v1/runs/${long.id}/cancel`, { as: owner });
    expect(again.status).toBe(409);
  });

  it('searches runs with the filter grammar', async () => {
    const forest = (
      await startRun({ algorithm: 'forest', params: { nTrees: 20 }, tags: { team: 'lab' } })
    ).body;
    await t.jobs.idle();
    const search = async (filter: string) => {
      const reply = await t.call(
        'GET',
        `/api/v1/projects/${projectId}/runs?filter=${encodeURIComponent(filter)}&limit=200`,
        { as: viewer },
      );
      expect(reply.status).toBe(200);
      return reply.body.items.map((run: { id: string }) => run.id) as string[];
    };
    expect(await search("attributes.algorithm = 'forest' and tags.team = 'lab'")).toEqual([
      forest.id,
    ]);
    expect(await search('metrics.accuracy > 0.9 and params.nTrees = 20')).toEqual([forest.id]);
    expect(await search("params.nTrees = 20 and attributes.status IN ('failed')")).toEqual([]);
    const bad = await t.call('GET', `/api/v1/projects/${projectId}/runs?filter=metrics.auc%20%3E`, {
      as: viewer,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'query.filter' });
  });

  it('refuses bad requests with the field named, and hides runs from other tenants', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ target: 'Wingspan' }, 'target'],
      [{ features: ['Island', 'Colour'] }, 'features'],
      [{ params: { nIter: 0 } }, 'params.nIter'],
      [{ params: { leaves: 3 } }, 'params.leaves'],
      [{ task: 'regression' }, 'task'],
      [{ datasetVersionId: '01890000-0000-7000-8000-000000000000' }, 'datasetVersionId'],
    ];
    for (const [body, field] of cases) {
      const reply = await startRun(body);
      expect(reply.status, JSON.stringify(body)).toBe(422);
      expect(reply.body.errors[0].field).toBe(field);
    }
    expect((await startRun({ testFraction: 0.9 })).status).toBe(400);
    expect((await startRun({}, viewer)).status).toBe(403);
    const run = (await startRun({ algorithm: 'tree' })).body;
    await t.jobs.idle();
    expect((await t.call('GET', `/api/v1/runs/${run.id}`, { as: outsider })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/runs/${run.id}`, { as: viewer })).status).toBe(403);
    expect((await t.call('POST', `/api/v1/runs/${run.id}/pause`, { as: owner })).status).toBe(409);
  });

  it('moves a run between experiments, edits tags and deletes it with its files', async () => {
    const experiment = await t.call('POST', `/api/v1/projects/${projectId}/experiments`, {
      as: owner,
      body: { name: 'Tuning' },
    });
    expect(experiment.status).toBe(201);
    const dup = await t.call('POST', `/api/v1/projects/${projectId}/experiments`, {
      as: owner,
      body: { name: 'tuning' },
    });
    expect(dup.status).toBe(409);
    const run = (await startRun({ algorithm: 'linear' })).body;
    await t.jobs.idle();
    const moved = await t.call('PATCH', `/api/v1/runs/${run.id}`, {
      as: owner,
      body: { experimentId: experiment.body.id, tags: { stage: 'final' } },
    });
    expect(moved.body).toMatchObject({
      experimentId: experiment.body.id,
      tags: { stage: 'final' },
    });
    expect(
      (await t.call('GET', `/api/v1/experiments/${experiment.body.id}`, { as: viewer })).body
        .runCount,
    ).toBe(1);
    expect((await t.call('DELETE', `/api/v1/runs/${run.id}`, { as: owner })).status).toBe(204);
    expect((await t.call('GET', `/api/v1/runs/${run.id}`, { as: owner })).status).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/runs/${run.id}/artifacts/model.json`, { as: owner })).status,
    ).toBe(404);
  });
});

function parseSse(text: string): { id: number; data: Record<string, any> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const id = /^id: (\d+)$/m.exec(block)![1]!;
      const data = /^data: (.*)$/m.exec(block)![1]!;
      return { id: Number(id), data: JSON.parse(data) };
    });
}

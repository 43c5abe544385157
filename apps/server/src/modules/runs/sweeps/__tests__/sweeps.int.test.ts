import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@aistudio/db';
import { penguinsProject } from '../../../../__tests__/support/penguins.js';
import {
  createTestApp,
  testDb,
  type SignedIn,
  type TestApp,
} from '../../../../__tests__/support/test-app.js';
import { MemoryEventBus } from '../../../../infra/events/memory-event-bus.js';
import { createBlobStorage } from '../../../../infra/storage/create-blob-storage.js';
import { RunEventLog } from '../../run-events.js';
import { SweepCoordinator } from '../sweep-coordinator.js';

describe(`sweeps [${testDb}]`, () => {
  let t: TestApp;
  let owner: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let projectId: string;
  let versionId: string;

  const startSweep = (body: Record<string, unknown>, as = owner) =>
    t.call('POST', `/api/v1/projects/${projectId}/sweeps`, {
      as,
      body: { datasetVersionId: versionId, target: 'Species', ...body },
    });
  const getRun = async (id: string) =>
    (await t.call('GET', `/api/v1/runs/${id}`, { as: owner })).body;
  const trialsOf = async (id: string) =>
    (await t.call('GET', `/api/v1/runs/${id}/trials`, { as: owner })).body;

  beforeAll(async () => {
    t = await createTestApp();
    ({ owner, viewer, outsider, projectId, versionId } = await penguinsProject(t));
  });
  afterAll(() => t.close());

  it('runs a TPE sweep of 6 trials, 2 at a time, and takes the best trial as its result', async () => {
    const created = await startSweep({
      algorithm: 'gbdt',
      space: {
        learningRate: { type: 'logUniform', low: 0.03, high: 0.3 },
        nIter: { type: 'int', low: 5, high: 30 },
        numLeaves: { type: 'int', low: 4, high: 16 },
      },
      sampler: 'tpe',
      trials: 6,
      parallelism: 2,
      pruning: 'none',
      seed: 3,
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ kind: 'sweep', algorithm: 'gbdt', status: 'running' });
    const early = await trialsOf(created.body.id);
    expect(early.trials).toHaveLength(2);

    await t.jobs.idle();
    const sweep = await getRun(created.body.id);
    const board = await trialsOf(sweep.id);
    expect(board.spec).toMatchObject({ metric: 'log_loss', direction: 'minimize', trials: 6 });
    expect(board.trials).toHaveLength(6);
    expect(board.trials.map((trial: any) => trial.status)).toEqual(Array(6).fill('succeeded'));
    expect(board.trials.map((trial: any) => trial.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    const values = board.trials.map((trial: any) => trial.value as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(new Set(board.trials.map((trial: any) => trial.number))).toEqual(
      new Set([0, 1, 2, 3, 4, 5]),
    );

    const best = await getRun(board.trials[0].runId);
    expect(best).toMatchObject({ kind: 'train', parentRunId: sweep.id });
    expect(sweep).toMatchObject({
      status: 'succeeded',
      bestRunId: best.id,
      metrics: best.metrics,
      params: best.params,
      progress: { iteration: 6, total: 6 },
    });
    expect(sweep.metrics.log_loss).toBe(values[0]);
    const model = async (id: string) =>
      (await t.call('GET', `/api/v1/runs/${id}/artifacts/model.json`, { as: owner })).body;
    expect(await model(sweep.id)).toEqual(await model(best.id));
  });

  it('prunes a trial whose loss is clearly worse than the finished trials at the same step', async () => {
    // Seed 18 samples the rate 0.3 three times, then 1e-5: three finished trials, then a bad one.
    const created = await startSweep({
      algorithm: 'gbdt',
      space: {
        learningRate: { type: 'categorical', choices: [0.3, 0.00001] },
        // Long enough that the bad trial is still training when the pruner sees its losses.
        nIter: { type: 'categorical', choices: [2000] },
      },
      sampler: 'random',
      trials: 4,
      parallelism: 1,
      pruning: 'median',
      seed: 18,
    });
    expect(created.status).toBe(202);
    await t.jobs.idle();
    const board = await trialsOf(created.body.id);
    const byNumber = [...board.trials].sort((a: any, b: any) => a.number - b.number);
    expect(byNumber.map((trial: any) => trial.params.learningRate)).toEqual([0.3, 0.3, 0.3, 1e-5]);
    expect(byNumber.slice(0, 3).map((trial: any) => trial.status)).toEqual(
      Array(3).fill('succeeded'),
    );
    expect(byNumber[3]).toMatchObject({ status: 'cancelled', pruned: true, rank: null });
    expect(byNumber[3].prunedAtStep).toBeLessThan(2000);
    const sweep = await getRun(created.body.id);
    expect(sweep).toMatchObject({ status: 'succeeded', params: { learningRate: 0.3 } });
  });

  it('AutoML picks among algorithms and returns a leaderboard and the best model', async () => {
    const created = await startSweep({
      algorithm: 'auto',
      sampler: 'random',
      trials: 6,
      parallelism: 2,
      pruning: 'none',
      seed: 1,
    });
    expect(created.status).toBe(202);
    expect(created.body.algorithm).toBe('auto');
    await t.jobs.idle();
    const board = await trialsOf(created.body.id);
    expect(board.trials).toHaveLength(6);
    const algorithms = new Set(board.trials.map((trial: any) => trial.algorithm));
    expect(algorithms.size).toBeGreaterThan(1);
    for (const algorithm of algorithms) expect(['linear', 'forest', 'gbdt']).toContain(algorithm);
    const sweep = await getRun(created.body.id);
    const best = board.trials[0];
    expect(sweep).toMatchObject({
      status: 'succeeded',
      algorithm: 'auto',
      bestRunId: best.runId,
      params: { algorithm: best.algorithm },
    });
    expect(sweep.artifacts.map((a: any) => a.name)).toContain('model.json');
  });

  it('cancelling the sweep cancels its trials and starts no more', async () => {
    const created = await startSweep({
      algorithm: 'gbdt',
      space: { nIter: { type: 'int', low: 2000, high: 3000 } },
      trials: 20,
      parallelism: 2,
    });
    expect(created.status).toBe(202);
    const cancelled = await t.call('POST', `/api/v1/runs/${created.body.id}/cancel`, { as: owner });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await t.jobs.idle();
    const board = await trialsOf(created.body.id);
    expect(board.status).toBe('cancelled');
    expect(board.trials).toHaveLength(2);
    expect(board.trials.map((trial: any) => trial.status)).toEqual(['cancelled', 'cancelled']);
    const again = await t.call('POST', `/api/v1/runs/${created.body.id}/pause`, { as: owner });
    expect(again.status).toBe(409);
  });

  it('advances idempotently and picks up a trial that ended without telling its sweep', async () => {
    const db = t.database.db;
    const coordinator = new SweepCoordinator(
      db,
      t.jobs,
      new RunEventLog(db, new MemoryEventBus()),
      await createBlobStorage({ dataDir: t.dataDir, s3: null }),
      (error) => {
        throw error;
      },
      86_400_000,
    );
    const created = await startSweep({
      space: { nIter: { type: 'int', low: 20_000, high: 30_000 } },
      trials: 6,
      parallelism: 2,
      pruning: 'none',
    });
    const id = created.body.id;
    await Promise.all([coordinator.advance(id), coordinator.advance(id), coordinator.advance(id)]);
    expect((await trialsOf(id)).trials).toHaveLength(2);

    // As after a crash between a trial's end and its job's advance: the trial is over, nobody said so.
    const [lost] = (await trialsOf(id)).trials;
    const { jobId } = await getRun(lost.runId);
    await t.jobs.cancel(jobId);
    await db
      .update(schema.runs)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(eq(schema.runs.id, lost.runId));
    await coordinator.advance(id);
    await coordinator.advance(id);
    const board = await trialsOf(id);
    expect(board.trials).toHaveLength(3);
    expect(board.trials.find((trial: any) => trial.runId === lost.runId).status).toBe('cancelled');

    await t.call('POST', `/api/v1/runs/${id}/cancel`, { as: owner });
    await t.jobs.idle();
    expect((await trialsOf(id)).trials).toHaveLength(3);
  });

  it('starts no trial after the time budget and stops the ones still training at its end', async () => {
    const created = await startSweep({
      space: { nIter: { type: 'int', low: 20_000, high: 30_000 } },
      trials: 50,
      parallelism: 2,
      timeBudgetSeconds: 1,
    });
    expect(created.status).toBe(202);
    await t.jobs.idle();
    const board = await trialsOf(created.body.id);
    expect(['succeeded', 'failed']).toContain(board.status);
    expect(board.trials.length).toBeLessThan(50);
    for (const trial of board.trials)
      expect(['succeeded', 'failed', 'cancelled']).toContain(trial.status);
    expect(board.trials.some((trial: any) => /timed out/.test(trial.error ?? ''))).toBe(true);
  });

  it.each([
    [{ trials: 500 }, 'trials'],
    [{ parallelism: 0 }, 'parallelism'],
    [{ timeBudgetSeconds: 0 }, 'timeBudgetSeconds'],
    [
      { space: { learningRate: { type: 'logUniform', low: 0.3, high: 0.01 } } },
      'space.learningRate',
    ],
    [{ space: { nIter: { type: 'int', low: 0, high: 10 } } }, 'space.nIter'],
    [{ space: { leaves: { type: 'int', low: 2, high: 10 } } }, 'space.leaves'],
    [{ space: { learningRate: { type: 'categorical', choices: [] } } }, 'space.learningRate'],
    [{ algorithm: 'auto', space: { nIter: { type: 'int', low: 5, high: 10 } } }, 'space'],
    [{ metric: 'rmse' }, 'metric'],
    [{ target: 'nope' }, 'target'],
  ])('answers 422 naming the field for %j', async (body, field) => {
    const reply = await startSweep(body);
    expect(reply.status).toBe(422);
    expect(reply.headers['content-type']).toContain('application/problem+json');
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('hides sweeps from other tenants and lets viewers read but not start them', async () => {
    const created = await startSweep({
      space: { nIter: { type: 'int', low: 3, high: 5 } },
      trials: 1,
      parallelism: 1,
    });
    await t.jobs.idle();
    const id = created.body.id;
    expect((await t.call('GET', `/api/v1/runs/${id}/trials`, { as: outsider })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/runs/${id}`, { as: outsider })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/runs/${id}/cancel`, { as: outsider })).status).toBe(404);
    expect((await startSweep({ trials: 1 }, outsider)).status).toBe(404);
    expect((await startSweep({ trials: 1 }, viewer)).status).toBe(403);
    expect((await t.call('GET', `/api/v1/runs/${id}/trials`, { as: viewer })).status).toBe(200);
    const trial = (await trialsOf(id)).trials[0].runId;
    expect((await t.call('GET', `/api/v1/runs/${trial}/trials`, { as: owner })).status).toBe(404);
  });

  it('deleting a sweep deletes its trials', async () => {
    const created = await startSweep({
      space: { nIter: { type: 'int', low: 3, high: 5 } },
      trials: 2,
      parallelism: 2,
    });
    await t.jobs.idle();
    const trials = (await trialsOf(created.body.id)).trials.map((trial: any) => trial.runId);
    const deleted = await t.call('DELETE', `/api/v1/runs/${created.body.id}`, { as: owner });
    expect(deleted.status).toBe(204);
    for (const id of trials) {
      expect((await t.call('GET', `/api/v1/runs/${id}`, { as: owner })).status).toBe(404);
    }
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@aistudio/db';
import { testDb } from '../../../__tests__/support/test-app.js';
import { BUSY, JobsRepository } from '../jobs.repository.js';
import { createOrg, gate, openQueueDatabase } from './support/queue-fixture.js';

// Row locks held by another connection exist only on PostgreSQL.
describe.skipIf(testDb !== 'postgres')('JobsRepository claims under concurrent locks', () => {
  let fixture: Awaited<ReturnType<typeof openQueueDatabase>>;
  beforeAll(async () => {
    fixture = await openQueueDatabase();
  });
  afterAll(() => fixture.close());

  it('claimById waits for a short lock on the row instead of calling the job busy', async () => {
    const repo = new JobsRepository(fixture.db);
    const orgId = await createOrg(fixture.db);
    const job = await repo.insert(fixture.db, { orgId, projectId: null, kind: 'k', payload: {} });
    const other = await fixture.secondConnection();
    const release = gate();
    const locked = gate();
    // As the BullMQ dispatcher does while marking the row dispatched.
    const marking = other.transaction(async (tx) => {
      await tx
        .update(schema.jobs)
        .set({ dispatchedAt: new Date() })
        .where(eq(schema.jobs.id, job.id));
      locked.open();
      await release.promise;
    });
    await locked.promise;
    const claim = repo.claimById(job.id, ['k'], 'worker', 10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release.open();
    await marking;
    const claimed = await claim;
    expect(claimed).not.toBe(BUSY);
    expect(claimed).toMatchObject({ id: job.id, status: 'running', lockedBy: 'worker' });
  });

  it('claimNext skips a locked row and takes the next one', async () => {
    const repo = new JobsRepository(fixture.db);
    const orgId = await createOrg(fixture.db);
    const first = await repo.insert(fixture.db, { orgId, projectId: null, kind: 'n', payload: {} });
    const second = await repo.insert(fixture.db, {
      orgId,
      projectId: null,
      kind: 'n',
      payload: {},
    });
    const other = await fixture.secondConnection();
    const release = gate();
    const locked = gate();
    const holding = other.transaction(async (tx) => {
      await tx.select().from(schema.jobs).where(eq(schema.jobs.id, first.id)).for('update');
      locked.open();
      await release.promise;
    });
    await locked.promise;
    expect(await repo.claimNext(['n'], 'worker', 10)).toMatchObject({ id: second.id });
    release.open();
    await holding;
  });
});

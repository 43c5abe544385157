import { describe, expect, it } from 'vitest';
import { JobStatus } from '@aistudio/contracts';
import { schema } from '@aistudio/db';

describe('job statuses', () => {
  it('are the same in the HTTP contract and in the database', () => {
    expect(JobStatus.options).toEqual([...schema.JOB_STATUSES]);
  });
});

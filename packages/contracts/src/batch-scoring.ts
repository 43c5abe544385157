import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { DatasetName, Job } from './datasets.js';
import { VersionRef } from './models.js';

export const CreateBatchScoringBody = z.strictObject({
  version: z
    .union([z.number().int().min(1), VersionRef])
    .describe('The model version to score with: its number or an alias (champion, …).'),
  datasetVersionId: Id.describe('A ready dataset version of the same project to score.'),
  outputName: DatasetName.optional().describe(
    'The dataset that receives the output as its next version (created when no dataset has this name). Default: "<dataset> scored by <model>".',
  ),
});
export type CreateBatchScoringBody = z.infer<typeof CreateBatchScoringBody>;

export const BatchScoringParams = z.strictObject({ batchScoringId: Id });

export const BatchScoring = z.object({
  id: Id,
  projectId: Id,
  modelId: Id,
  modelVersion: z.number().int(),
  modelVersionId: Id.nullable().describe('Null when the model was deleted since.'),
  sourceVersionId: Id.describe('The dataset version that was scored.'),
  outputName: z.string(),
  outputVersionId: Id.nullable().describe(
    'The dataset version holding the input columns plus `prediction` (and `probability_<class>` for classifiers); null until the job has written it. It is `processing` while ingest profiles it.',
  ),
  rowCount: z.number().int().nullable(),
  job: Job,
  createdBy: Id.nullable(),
  createdAt: Timestamp,
});
export type BatchScoring = z.infer<typeof BatchScoring>;

/** Payload of a batch scoring job (version 1). */
export const BatchScoringPayload = z.object({ v: z.literal(1), batchScoringId: Id });
export type BatchScoringPayload = z.infer<typeof BatchScoringPayload>;
